/**
 * The zod schemas of runs and jobs as the API sends them (v2 camelCase protojson runs, v1
 * snake_case jobs), normalised to `Run` and `RunJob` (types in `run-types.ts`). Schemas are
 * tolerant: unknown fields are dropped, protojson's omitted zero values are optional, and
 * statuses are kept even when new. The schemas here load zod: resources reach them only through `loadSchemas` (`load.ts`), and read
 * the usual page of runs without them (`quick-run.ts`).
 * @module
 */
import * as z from "zod/mini";
import { envelope, pageEnvelope, text } from "./common.js";
import { orNull } from "./read.js";
import { runOf } from "./run-of.js";
import type { RunJob, V2Run } from "./run-types.js";

const v2Run = z.object({
  id: z.string(),
  function: z.optional(z.object({ id: text, name: text, app: z.optional(z.object({ id: text })) })),
  app: z.optional(z.object({ id: text })),
  status: z.optional(z.string()),
  queuedAt: text,
  startedAt: text,
  endedAt: text,
  durationMs: z.optional(z.nullable(z.union([z.string(), z.number()]))),
  trigger: z.optional(
    z.object({
      eventIds: z.optional(z.array(z.string())),
      batchId: text,
      cronSchedule: text,
    }),
  ),
  output: z.optional(z.unknown()),
});

const v1Job = z.object({
  JobID: text,
  id: text,
  at: text,
  position: z.optional(z.nullable(z.number())),
  kind: text,
  attempt: z.optional(z.nullable(z.number())),
  Raw: z.optional(z.unknown()),
  raw: z.optional(z.unknown()),
});



/** The schema reads exactly {@link V2Run}: a change to one that the other lacks fails to compile. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameShape: Same<z.output<typeof v2Run>, V2Run> = true;
void sameShape;

export const v2RunSchema = z.pipe(v2Run, z.transform(runOf));

/**
 * A page of v2 runs read by zod: where `runsPage` (quick-run.ts) sends a page its quick reader did
 * not take, once the schemas are loaded. The property test holds the quick reader to it.
 * @internal
 */
export const v2RunsPage = pageEnvelope(v2RunSchema);

export const v1JobSchema = z.pipe(
  v1Job,
  z.transform(
    (j): RunJob => ({
      id: orNull(j.JobID ?? j.id),
      at: orNull(j.at),
      position: j.position ?? null,
      kind: orNull(j.kind),
      attempt: j.attempt ?? 0,
      raw: j.Raw ?? j.raw ?? null,
    }),
  ),
);

/** v2 rerun answer: `{ data: { runId } }`. */
export const rerunSchema = envelope(z.object({ runId: z.string() }));
