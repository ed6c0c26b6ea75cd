/**
 * `POST /v1/signals` (`pkg/api/apiv1/signals.go`): resumes the run waiting in `step.waitForSignal` for that
 * signal, answering its id wrapped in `data` (`{ "data": { "run_id": ... } }`, not the spec's bare object), or
 * 404 "No signal found" when no run waits for it.
 */

import { scanValue } from "./json-scan.js";
import { v1 } from "./respond.js";
import type { Route, RouteContext } from "./router.js";
import { ENDED } from "./store.js";

export const v1SignalRoutes: readonly Route[] = [{ method: "POST", pattern: "/v1/signals", handler: receiveSignal }];

function receiveSignal(ctx: RouteContext): Response {
  // json.Decoder.Decode into ReceiveSignalRequest{ Signal string; Data json.RawMessage }.
  const scanned = scanValue(ctx.body, 0);
  if ("error" in scanned) return v1.error(400, "Invalid signal data");
  const body: unknown = JSON.parse(ctx.body.slice(0, scanned.end));
  if (typeof body !== "object" || body === null || Array.isArray(body)) return v1.error(400, "Invalid signal data");
  let signal = "";
  let data: unknown;
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === "signal") {
      if (value !== null && typeof value !== "string") return v1.error(400, "Invalid signal data");
      signal = value ?? "";
    } else if (key.toLowerCase() === "data") {
      data = value;
    }
  }
  // Watched on the dev server: an empty signal fails inside the executor, as a 500.
  if (signal === "") return v1.error(500, "Failed to receive signal");
  for (const run of ctx.store.runsNewestFirst()) {
    if (ENDED.has(run.status)) continue;
    const step = run.steps.find((s) => s.op === "WAIT_FOR_SIGNAL" && s.status === "WAITING" && s.signal === signal);
    if (!step) continue;
    step.status = "COMPLETED";
    step.endedAt = ctx.now;
    step.output = { signal, data: data ?? null };
    if (run.status === "QUEUED") ctx.store.update(run, { status: "RUNNING" });
    return v1.ok({ run_id: run.id }, ctx.now);
  }
  return v1.error(404, "No signal found");
}
