/**
 * An abort that ends a stream's send after a chunk went out: the server may hold that chunk, and
 * the stream cannot be read again, so its events must come back in a PartialSendError whose
 * failedEvents resend the chunk under its seed. (Found by the model-based test: 0.1.0 rethrew the
 * AbortError itself, so the caller could either resend and store the chunk twice, or not and lose
 * the events that were not stored.)
 */
import { describe, expect, test } from "vitest";
import { AbortError, createInngestClient, PartialSendError } from "../src/index.js";
import { createInngestEmulator } from "../src/testing/index.js";
import { caught } from "./helpers/wire.js";

function setup() {
  const emulator = createInngestEmulator();
  const controller = new AbortController();
  // The network: the server stores the POST, then the caller aborts before the answer arrives.
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    await emulator.fetch(input as string, init);
    controller.abort();
    throw new DOMException("This operation was aborted", "AbortError");
  };
  const inngest = createInngestClient({ fetch: fetch as typeof globalThis.fetch, eventKey: "k", retryBaseDelay: 1 });
  return { emulator, controller, inngest };
}

async function* rows(n: number) {
  for (let i = 0; i < n; i++) yield { name: "app/row", data: { i } };
}

describe("aborting a stream's send after the server stored a chunk", () => {
  test("rejects with a PartialSendError holding the chunk's events, with the AbortError as its cause", async () => {
    const { emulator, controller, inngest } = setup();
    const err = await caught(inngest.events.send(rows(3), { signal: controller.signal }));
    expect(err).toBeInstanceOf(PartialSendError);
    const partial = err as PartialSendError;
    expect(partial.errors[0]).toBeInstanceOf(AbortError);
    expect(partial.ids).toEqual([null, null, null]);
    expect(partial.failedEvents.map((e) => e.data?.["i"])).toEqual([0, 1, 2]);
    expect(emulator.events).toHaveLength(3); // stored all the same
  });

  test("resending its failedEvents stores each event once, under the ids the server already gave them", async () => {
    const { emulator, controller, inngest } = setup();
    const partial = (await caught(inngest.events.send(rows(3), { signal: controller.signal }))) as PartialSendError;
    const retry = createInngestClient({ fetch: emulator.fetch, eventKey: "k" });
    const { ids } = await retry.events.send(partial.failedEvents);
    expect(emulator.events).toHaveLength(3);
    expect(ids).toEqual(emulator.events.map((e) => e.id));
  });
});
