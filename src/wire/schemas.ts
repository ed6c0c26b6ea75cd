/**
 * Every zod schema the resources read answers with, in the one module `loadSchemas` (`load.ts`)
 * imports on first need. Nothing outside `src/wire/` may import this module, or any module that
 * imports zod, statically: that would load zod with the SDK again (test/import-graph.test.ts
 * checks it).
 * @module
 */
import * as z from "zod/mini";
import { v2AppSchema } from "./apps.js";
import { envelope, pageEnvelope } from "./common.js";
import { v2FunctionSchema } from "./functions.js";
import { v1JobSchema, v2RunSchema } from "./runs.js";

export { cancellationsEnvelope, createdCancellationSchema } from "./cancellations.js";
export { invokeSchema } from "./functions.js";
export { receivedEventEnvelope, receivedEventsEnvelope } from "./received-events.js";
export { rerunSchema, v2RunsPage } from "./runs.js";
export { signalEnvelope } from "./signals.js";
export { traceSchema } from "./trace.js";

/** `GET /v2/apps`. */
export const appsPage = pageEnvelope(v2AppSchema);
/** `GET /v2/apps/{appId}`. */
export const appEnvelope = envelope(v2AppSchema);
/** `GET /v2/apps/{appId}/functions`. */
export const functionsPage = pageEnvelope(v2FunctionSchema);
/** `GET /v2/apps/{appId}/functions/{functionId}`. */
export const functionEnvelope = envelope(v2FunctionSchema);
/** `GET /v2/runs/{runId}`. */
export const runEnvelope = envelope(v2RunSchema);
/** `GET /v1/runs/{runId}/jobs`. */
export const jobsEnvelope = envelope(z.nullable(z.array(v1JobSchema)));
