/**
 * A run's status, both ways: the one place its case is handled. The SDK speaks lowercase
 * (`"running"`); REST v2 speaks upper case (`RUNNING`), v1 said `Scheduled`.
 * @module
 */
import type { ValidationIssue } from "../core/issues.js";
import type { RunStatus } from "./run-types.js";

/** The statuses `GET /v2/runs` filters by (`runStatusesFromAPI`, pkg/api/v2/endpoints_runs.go). */
export const RUN_STATUS_FILTERS = ["queued", "running", "completed", "failed", "cancelled"] as const;
const FILTERS: readonly string[] = RUN_STATUS_FILTERS;
const READ_AS: Record<string, string> = { scheduled: "queued", unspecified: "unknown" };

/** A status as the SDK reports it: lowercase, v1's `Scheduled` as `queued`. */
export function normaliseStatus(status: string | undefined): RunStatus {
  const lower = (status ?? "unknown").toLowerCase();
  return READ_AS[lower] ?? lower;
}

/** Status filters in any case as the server reads them (`RUNNING`), pushing an issue for an unknown one. */
export function wireStatuses(statuses: string | readonly string[] | undefined, issues: ValidationIssue[]): string[] | undefined {
  if (statuses === undefined) return undefined;
  const out: string[] = [];
  for (const status of typeof statuses === "string" ? [statuses] : statuses) {
    const lower = String(status).toLowerCase();
    if (FILTERS.includes(lower)) out.push(lower.toUpperCase());
    else issues.push({ path: "status", message: `unknown status "${lower}" (${FILTERS.join(", ")})` });
  }
  return out;
}
