/**
 * The event-id seed: not a secret (it travels in a header, and knowing it reveals nothing), so it
 * lives apart from the key handling.
 * @module
 */

/**
 * A fresh `x-inngest-event-id-seed` value: `<ms>,<base64 of 10 random bytes>`. The server derives
 * each event's id from it and the event's position, so a retried POST that reuses the seed maps
 * to the same ids, and the server starts no second run for them (it keys runs on the event id:
 * pkg/execution/runner/runner.go). It does store the resent events again, under the same ids
 * (pkg/event/legacy_types.go: "duplicate internal IDs in the event store"), so the event log may
 * list them twice. Made once per chunk, never per attempt.
 * @internal
 */
export function makeEventIdSeed(now = Date.now()): string {
  // One getRandomValues call per 410 seeds: on Node each call costs tens of microseconds.
  if (poolAt + 10 > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const entropy = pool.subarray(poolAt, (poolAt += 10));
  return `${now},${btoa(String.fromCharCode(...entropy))}`;
}

const pool = new Uint8Array(4100);
let poolAt = pool.length;
