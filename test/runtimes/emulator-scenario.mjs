// The SDK driven through the emulator (inngest-rest/testing), with no network at all: run inside an
// edge runtime to show the emulator and the SDK both work there. No imports and no Node API: the
// entry passes in both modules. Returns plain data; run.mjs checks it.
export async function emulatorScenario(sdk, testing) {
  const emulator = testing.createInngestEmulator();
  const inngest = sdk.createInngestClient({
    fetch: emulator.fetch,
    eventKey: "edge-key",
    signingKey: "signkey-test-12345678",
    retryBaseDelay: 1,
  });
  const out = { globals: { process: typeof process, Buffer: typeof Buffer, EdgeRuntime: typeof EdgeRuntime } };

  // A batch through a 503 and a response lost after storing: retried with the same seed.
  emulator.failNext(1, { status: 503, match: { path: "/e/" } });
  emulator.failNext(1, { reset: true, afterStore: true, match: { path: "/e/" } });
  const events = Array.from({ length: 1025 }, (_, i) => ({ name: "edge/order.created", data: { i } }));
  const { ids } = await inngest.events.send(events, { concurrency: 1 });
  out.send = {
    ids: ids.length,
    uniqueIds: new Set(ids).size,
    stored: emulator.events.length,
    storedInOrder: emulator.events.every((e, i) => e.data.i === i && e.id === ids[i]),
  };

  let running = 0;
  let first;
  for await (const run of inngest.runs.list({ status: "running", limit: 7 })) {
    running++;
    first ??= run;
  }
  out.list = { running, expected: emulator.runs.list({ status: "RUNNING" }).length };

  await inngest.runs.cancel(first.id);
  out.cancel = { status: (await inngest.runs.get(first.id)).status };
  out.jobs = (await inngest.runs.jobs(first.id)).data.length; // pending queue items: none once cancelled

  const failed = (await inngest.runs.list({ status: "failed", limit: 50 })).data.find((r) => r.cron === null);
  const { runId } = await inngest.runs.replay(failed.id);
  // v1 reports a queued run as "running" (no finish row yet); the emulator's world says QUEUED.
  out.replay = { isNew: runId !== failed.id, status: (await inngest.runs.get(runId)).status, world: emulator.runs.get(runId)?.status };

  out.apps = (await inngest.apps.list().toArray(100)).length;
  out.expectedApps = emulator.apps.list({ archived: false }).length;

  const missing = await inngest.runs.get("01ARZ3NDEKTSV4RRFFQ69G5FAV").catch((e) => e);
  out.missing = { name: missing.name, isNotFound: missing instanceof sdk.NotFoundError, status: missing.status };
  return out;
}
