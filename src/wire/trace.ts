/**
 * A run's trace as `GET /v2/runs/{runId}/trace` sends it (`message TraceSpan`,
 * proto/api/v2/service.proto; built by `toTraceSpan`, pkg/api/v2/endpoints_runs.go), and the
 * {@link RunTrace} it is read into. protojson omits zero values: a span with status `UNKNOWN` (0)
 * has no `status`, a leaf has no `children`, `durationMs` is a uint64 sent as a string.
 * @module
 */
import * as z from "zod/mini";
import { envelope, jsonObject, text } from "./common.js";
import { orNull, timeOrNull, uint64 } from "./read.js";
import { RunTrace, type TraceSpan } from "./run-trace.js";

const status = (v: string | null | undefined, fallback: string) => (v ? v.toLowerCase() : fallback);

const metadataSchema = z.object({
  scope: text,
  kind: text,
  values: z.optional(z.nullable(jsonObject<Record<string, string>>())),
  updatedAt: text,
});

interface WireSpan {
  id?: string | null | undefined;
  name?: string | null | undefined;
  status?: string | null | undefined;
  stepOp?: string | null | undefined;
  stepId?: string | null | undefined;
  durationMs?: string | number | null | undefined;
  queuedAt?: string | null | undefined;
  startedAt?: string | null | undefined;
  endedAt?: string | null | undefined;
  input?: unknown;
  output?: unknown;
  metadata?: z.infer<typeof metadataSchema>[] | null | undefined;
  children?: WireSpan[] | null | undefined;
}

const spanSchema: z.ZodMiniType<WireSpan> = z.object({
  id: text,
  name: text,
  status: text,
  stepOp: text,
  stepId: text,
  durationMs: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  queuedAt: text,
  startedAt: text,
  endedAt: text,
  input: z.optional(z.unknown()),
  output: z.optional(z.unknown()),
  metadata: z.optional(z.nullable(z.array(metadataSchema))),
  get children() {
    return z.optional(z.nullable(z.array(spanSchema)));
  },
});

function toSpan(s: WireSpan): TraceSpan {
  return {
    id: s.id ?? "",
    name: s.name ?? "",
    status: status(s.status, "unknown"),
    stepOp: s.stepOp ? s.stepOp.toLowerCase() : null,
    stepId: orNull(s.stepId),
    queuedAt: timeOrNull(s.queuedAt),
    startedAt: timeOrNull(s.startedAt),
    endedAt: timeOrNull(s.endedAt),
    durationMs: uint64(s.durationMs),
    ...(s.input === undefined ? {} : { input: s.input }),
    ...(s.output === undefined ? {} : { output: s.output }),
    metadata: (s.metadata ?? []).map((m) => ({ scope: orNull(m.scope), kind: orNull(m.kind), values: m.values ?? {}, updatedAt: timeOrNull(m.updatedAt) })),
    children: (s.children ?? []).map(toSpan),
  };
}

/** `{ data: { runId, rootSpan }, metadata }` into a {@link RunTrace}. @internal */
export const traceSchema = z.pipe(
  envelope(z.object({ runId: z.string(), rootSpan: spanSchema })),
  z.transform((b) => new RunTrace(b.data.runId, toSpan(b.data.rootSpan))),
);
