/**
 * App shapes from `GET /v2/apps` (protojson: camelCase, zero values omitted) and the normaliser.
 * @module
 */
import * as z from "zod/mini";

/** How Inngest reaches an app. */
export type AppMethod = "SERVE" | "CONNECT" | "API" | (string & {});

/** The app's most recent sync with Inngest. */
export interface AppSync {
  status: "pending" | "success" | "error" | "duplicate" | (string & {}) | null;
  syncedAt: string | null;
  sdkLanguage: string | null;
  sdkVersion: string | null;
  framework: string | null;
  url: string | null;
  error: string | null;
}

/** An app registered with Inngest. */
export interface App {
  /** The app's id (its SDK client id). */
  id: string;
  name: string;
  method: AppMethod;
  appVersion: string | null;
  createdAt: string | null;
  /** Protojson omits `false`, so an absent flag reads `false`. */
  archived: boolean;
  archivedAt: string | null;
  functionCount: number;
  latestSync: AppSync | null;
}

const text = z.optional(z.nullable(z.string()));

const v2App = z.object({
  id: z.string(),
  name: text,
  method: text,
  appVersion: text,
  createdAt: text,
  isArchived: z.optional(z.boolean()),
  archivedAt: text,
  functionCount: z.optional(z.union([z.number(), z.string()])),
  latestSync: z.optional(
    z.object({
      status: text,
      syncedAt: text,
      sdkLanguage: text,
      sdkVersion: text,
      framework: text,
      url: text,
      error: text,
    }),
  ),
});

const orNull = (v: string | null | undefined) => (v ? v : null);

export const v2AppSchema = z.pipe(
  v2App,
  z.transform((a): App => {
    const s = a.latestSync;
    return {
      id: a.id,
      name: a.name ?? a.id,
      method: a.method ?? "SERVE",
      appVersion: orNull(a.appVersion),
      createdAt: orNull(a.createdAt),
      archived: a.isArchived ?? false,
      archivedAt: orNull(a.archivedAt),
      functionCount: Number(a.functionCount ?? 0) || 0,
      latestSync: s
        ? {
            status: orNull(s.status),
            syncedAt: orNull(s.syncedAt),
            sdkLanguage: orNull(s.sdkLanguage),
            sdkVersion: orNull(s.sdkVersion),
            framework: orNull(s.framework),
            url: orNull(s.url),
            error: orNull(s.error),
          }
        : null,
    };
  }),
);
