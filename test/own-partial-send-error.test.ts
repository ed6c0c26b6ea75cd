/**
 * `events.isPartialSendError` recognises only what that client's send made, even when another
 * client's PartialSendError passes through a send (thrown by the caller's own iterable).
 */
import { expect, test } from "vitest";
import { createInngestClient, PartialSendError } from "../src/index.js";
import { acceptAll, caught, wire } from "./helpers/wire.js";

test("another client's PartialSendError, thrown by the iterable a send reads, is not taken as this client's", async () => {
  const foreign = new PartialSendError([null], [{ name: "app/x" }], [0], []);
  function* rows(): Generator<{ name: string }> {
    throw foreign;
  }
  const inngest = createInngestClient({ eventKey: "k", fetch: wire(acceptAll).fetch });
  const err = await caught(inngest.events.send(rows()));
  expect(err).toBe(foreign); // nothing was read: the iterable's own error, as it is
  expect(inngest.events.isPartialSendError(err)).toBe(false);
});
