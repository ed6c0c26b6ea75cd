/**
 * A write tool's call, real or dry. A dry run makes the very same SDK call on a client whose
 * fetch records the request and sends nothing, so it passes (or fails) every check the real call
 * makes before the wire, and shows the request the real call would send.
 */
import type { InngestClient } from "../../../src/client.js";
import type { ToolContext, ValueAnswer } from "../tool.js";

/** Runs `call` on the real client, or on a dry-run client and answers the requests it would have made. */
export async function writeCall(
  ctx: ToolContext,
  dryRun: boolean | undefined,
  call: (client: InngestClient) => Promise<ValueAnswer>,
): Promise<ValueAnswer> {
  if (!dryRun) return call(ctx.client);
  const dry = ctx.dryRun();
  try {
    await call(dry.client);
  } catch (err) {
    // The SDK refused the arguments before making a request: the same error the real call would give.
    if (dry.requests.length === 0) throw err;
  }
  const [first] = dry.requests;
  const more = dry.requests.length > 1 ? ` (and ${dry.requests.length - 1} more)` : "";
  return {
    kind: "value",
    headline: `dry run: would send ${first!.method} ${first!.path}${more}; nothing was sent`,
    value: { dryRun: true, requests: dry.requests },
  };
}
