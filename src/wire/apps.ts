/**
 * App shapes from `GET /v2/apps` (protojson: camelCase, zero values omitted) and the normaliser.
 * @module
 */
import * as z from "zod/mini";
import { text } from "./common.js";
import { orNull } from "./read.js";

/** How Inngest reaches an app. */
export type AppMethod = "SERVE" | "CONNECT" | "API" | (string & {});

/** The app's most recent sync with Inngest. */
export interface AppSync {
  /** Outcome of the sync. Inngest Cloud only: the dev server never sends it (`null` there). */
  status: "pending" | "success" | "error" | "duplicate" | (string & {}) | null;
  /** When (RFC 3339). Inngest Cloud only: the dev server never sends it (`null` there). */
  syncedAt: string | null;
  /** The app's own version string at that sync, when it sets one (`appVersion` in its client). */
  appVersion: string | null;
  /** The SDK's language, e.g. `"js"`. */
  sdkLanguage: string | null;
  /** The SDK's version. */
  sdkVersion: string | null;
  /** The framework the app serves from, e.g. `"nextjs"`. */
  framework: string | null;
  /** The URL Inngest synced from. */
  url: string | null;
  /** The sync error, when it failed. */
  error: string | null;
}

/** An app registered with Inngest. */
export interface App {
  /** The app's id (its SDK client id). */
  id: string;
  /** Display name (the id when the API gives none). */
  name: string;
  /** How Inngest reaches it: `SERVE` (HTTP), `CONNECT` (outbound socket) or `API`. */
  method: AppMethod;
  /** Your app's own version string, when it sets one. */
  appVersion: string | null;
  /** When the app was first synced (RFC 3339). */
  createdAt: string | null;
  /** Protojson omits `false`, so an absent flag reads `false`. */
  archived: boolean;
  /** When it was archived (RFC 3339), if it is. */
  archivedAt: string | null;
  /** How many functions it serves (0 when the API omits it). */
  functionCount: number;
  /** Its most recent sync, when there was one. */
  latestSync: AppSync | null;
}


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
      appVersion: text,
      sdkLanguage: text,
      sdkVersion: text,
      framework: text,
      url: text,
      error: text,
    }),
  ),
});


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
            appVersion: orNull(s.appVersion),
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
