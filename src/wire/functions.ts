/**
 * Function shapes from `GET /v2/apps/{appId}/functions[/{functionId}]` and the invoke answer
 * (protojson: camelCase, zero values omitted, enum prefixes stripped by `pkg/api/v2/enum_json.go`),
 * and the normalisers to {@link InngestFunction} and {@link InvokeResult}.
 * @module
 */
import * as z from "zod/mini";
import { envelope, text } from "./common.js";
import { orNull } from "./read.js";

/** What starts a function: an event name or a cron schedule. Lowercased from the wire's `EVENT` / `CRON`. */
export interface FunctionTrigger {
  /** `"event"` or `"cron"` (a type this SDK does not know yet is kept, lowercased). */
  type: "event" | "cron" | (string & {});
  /** The event name, or the cron expression. */
  value: string;
  /** The CEL filter of an event trigger (`if`), when it has one. */
  if: string | null;
}

/** One concurrency limit of a function. */
export interface FunctionConcurrency {
  /** What the limit counts across: `"function"`, `"environment"` or `"account"`. */
  scope: "function" | "environment" | "account" | (string & {});
  /**
   * Runs allowed at once; `null` when unknown. A function with no limit of its own reports the
   * plan's, at account scope, and the dev server, which has no plan, sends it as -1
   * (`models.UnknownPlanConcurrencyLimit`, `pkg/coreapi/graph/models/function_configuration_serializer.go`).
   */
  limit: number | null;
  /** `true` when the limit is the plan's, not one the function sets. */
  isPlanLimit: boolean;
  /** The CEL key expression that splits the limit, when there is one. */
  key: string | null;
}

/** A function's configuration as synced from its SDK: retries and flow control. */
export interface FunctionConfiguration {
  /** Retries per step, and whether that is Inngest's default. `null` when the API gives none. */
  retries: { value: number; isDefault: boolean } | null;
  /** The CEL priority expression (`priority.run`), when set. */
  priority: string | null;
  /** Events that cancel a run (`cancelOn`). */
  cancellations: { event: string; timeout: string | null; condition: string | null }[];
  /** Event batching, when set. `timeout` is a duration string such as `"5s"`. */
  eventsBatch: { maxSize: number; timeout: string | null; key: string | null } | null;
  /** Concurrency limits (empty when none). */
  concurrency: FunctionConcurrency[];
  /** `rateLimit`, when set. */
  rateLimit: { limit: number; period: string | null; key: string | null } | null;
  /** `debounce`, when set. */
  debounce: { period: string | null; key: string | null } | null;
  /** `throttle`, when set. */
  throttle: { limit: number; burst: number; period: string | null; key: string | null } | null;
  /** `singleton`, when set: `mode` is `"skip"` or `"cancel"`. */
  singleton: { mode: "skip" | "cancel" | (string & {}); key: string | null } | null;
}

/** A function as Inngest has it registered. Named so it does not shadow the global `Function`. */
export interface InngestFunction {
  /** The function's id within its app (the app prefix trimmed, `pkg/api/v2/function_ids.go`). */
  id: string;
  /** Display name (the id when the API gives none). */
  name: string;
  /** The slug Inngest answers with; today the same value as `id`. */
  slug: string;
  /** The app's id. */
  appId: string | null;
  /** Protojson omits `false`, so an absent flag reads `false`. */
  paused: boolean;
  /** Archived (removed from its app at the last sync). */
  archived: boolean;
  /** What starts it. */
  triggers: FunctionTrigger[];
  /**
   * Its `onFailure` handler, when it has one and the server says so. The dev server never sets
   * it (seen: a function with `onFailure` reads `null`, and its handler is listed as a function of
   * its own, `<id>-failure`); Inngest Cloud does.
   */
  failureHandler: { slug: string; name: string } | null;
  /** Retries and flow control. */
  configuration: FunctionConfiguration;
}

/** What `functions.invoke` resolves to. */
export interface InvokeResult {
  /** The run the invocation started, or, when `duplicate`, the run an earlier call with the same key started. */
  runId: string;
  /**
   * `true` when the server had already seen this `idempotencyKey` and started nothing new (it
   * answers 409 with the existing run's id). An earlier attempt of this same call that reached the
   * server before a retry counts too.
   */
  duplicate: boolean;
}

/** int32 is a JSON number in protojson; a string is accepted too, as for int64. */
const int = z.optional(z.nullable(z.union([z.number(), z.string()])));
const flag = z.optional(z.nullable(z.boolean()));
const key = { key: text };

const trigger = z.object({ type: text, value: text, if: text });
const configuration = z.object({
  cancellations: z.optional(z.nullable(z.array(z.object({ event: text, timeout: text, condition: text })))),
  retries: z.optional(z.nullable(z.object({ value: int, isDefault: flag }))),
  priority: text,
  eventsBatch: z.optional(z.nullable(z.object({ maxSize: int, timeout: text, ...key }))),
  concurrency: z.optional(z.nullable(z.array(z.object({ scope: text, limit: z.optional(z.nullable(z.object({ value: int, isPlanLimit: flag }))), ...key })))),
  rateLimit: z.optional(z.nullable(z.object({ limit: int, period: text, ...key }))),
  debounce: z.optional(z.nullable(z.object({ period: text, ...key }))),
  throttle: z.optional(z.nullable(z.object({ burst: int, limit: int, period: text, ...key }))),
  singleton: z.optional(z.nullable(z.object({ mode: text, ...key }))),
});
const v2Function = z.object({
  id: z.string(),
  name: text,
  slug: text,
  isPaused: flag,
  isArchived: flag,
  app: z.optional(z.nullable(z.object({ id: text }))),
  triggers: z.optional(z.nullable(z.array(trigger))),
  failureHandler: z.optional(z.nullable(z.object({ slug: text, name: text }))),
  configuration: z.optional(z.nullable(configuration)),
});

const num = (v: number | string | null | undefined) => Number(v ?? 0) || 0;
const lower = (v: string | null | undefined, zero: string) => (v ? v.toLowerCase() : zero);

function toConfiguration(c: z.infer<typeof configuration> | null | undefined): FunctionConfiguration {
  const { retries, eventsBatch: batch, rateLimit: rate, debounce, throttle, singleton } = c ?? {};
  return {
    retries: retries ? { value: num(retries.value), isDefault: retries.isDefault ?? false } : null,
    priority: orNull(c?.priority),
    cancellations: (c?.cancellations ?? []).map((x) => ({ event: x.event ?? "", timeout: orNull(x.timeout), condition: orNull(x.condition) })),
    eventsBatch: batch ? { maxSize: num(batch.maxSize), timeout: orNull(batch.timeout), key: orNull(batch.key) } : null,
    // An omitted scope is the proto's zero value (UNSPECIFIED); the handler never sends it, so read it as the default, function.
    concurrency: (c?.concurrency ?? []).map((x) => ({
      scope: lower(x.scope, "function"),
      limit: x.limit && num(x.limit.value) >= 0 ? num(x.limit.value) : null,
      isPlanLimit: x.limit?.isPlanLimit ?? false,
      key: orNull(x.key),
    })),
    rateLimit: rate ? { limit: num(rate.limit), period: orNull(rate.period), key: orNull(rate.key) } : null,
    debounce: debounce ? { period: orNull(debounce.period), key: orNull(debounce.key) } : null,
    throttle: throttle ? { limit: num(throttle.limit), burst: num(throttle.burst), period: orNull(throttle.period), key: orNull(throttle.key) } : null,
    singleton: singleton ? { mode: lower(singleton.mode, "skip"), key: orNull(singleton.key) } : null,
  };
}

export const v2FunctionSchema = z.pipe(
  v2Function,
  z.transform(
    (f): InngestFunction => ({
      id: f.id,
      name: f.name || f.id,
      slug: f.slug || f.id,
      appId: orNull(f.app?.id),
      paused: f.isPaused ?? false,
      archived: f.isArchived ?? false,
      triggers: (f.triggers ?? []).map((t) => ({ type: lower(t.type, "unspecified"), value: t.value ?? "", if: orNull(t.if) })),
      failureHandler: f.failureHandler ? { slug: f.failureHandler.slug ?? "", name: f.failureHandler.name ?? "" } : null,
      configuration: toConfiguration(f.configuration),
    }),
  ),
);

/**
 * `{ data: { runId }, metadata }` (`InvokeFunctionResponse`): the same body on the 200 (the spec's
 * 201 is never set) and on the 409 of a reused idempotency key (`x-http-code`, `pkg/api/v2/service.go`). The handler never fills `result`, `error` or the times
 * (`pkg/api/v2/endpoints_function.go`: always asynchronous), so only `runId` is read.
 */
export const invokeSchema = envelope(z.object({ runId: z.string().check(z.minLength(1)) }));
