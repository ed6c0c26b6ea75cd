/**
 * The fetch the CLI hands the SDK: it passes every request through unchanged, and counts the events
 * the Event API accepts, for `events send`'s progress line. (Resend seeds are the SDK's own: its
 * resend plan on the array a failed send hands back, `src/resources/send/resend-plans.ts`.)
 */
import { requireBuiltin } from "./builtin.js";
import type { FetchLike } from "../src/core/options.js";
import { idsOf } from "../src/resources/send/post.js";

export interface Tap {
  readonly fetch: FetchLike;
  /** Events the Event API has accepted so far (for progress). */
  accepted: number;
}

export const sha256 = (text: string): string =>
  requireBuiltin<typeof import("node:crypto")>("node:crypto").createHash("sha256").update(text).digest("hex");

export function createTap(): Tap {
  const tap: Tap = {
    accepted: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const isEvent = request.method === "POST" && new URL(request.url).pathname.startsWith("/e/");
      const response = await globalThis.fetch(request);
      if (isEvent && response.ok) await settle(response.clone(), tap);
      return response;
    },
  };
  return tap;
}

/** A 2xx the SDK takes as stored (its own check, `idsOf`) adds its events to the count. */
async function settle(response: Response, tap: Tap): Promise<void> {
  try {
    tap.accepted += idsOf(await response.json()).length;
  } catch {
    // Not stored, as the SDK will report.
  }
}
