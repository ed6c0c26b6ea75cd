import { describe, expect, test } from "vitest";
import { createInngestEmulator } from "../../src/testing/index.js";

const NOW = Date.UTC(2026, 0, 15, 12);
const API = "https://api.inngest.com";
const MISSING = "01HE8AM9DPK9N37V1RKY1DNQF5";

interface V1<T> {
  data: T;
  metadata: { fetched_at: string; cached_until?: string };
}

describe("REST v1", () => {
  test("GET /v1/runs/{id} answers the run in the v1 envelope, snake_case and capitalised status", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.list({ status: "COMPLETED" })[0]!;
    const res = await emulator.fetch(new Request(`${API}/v1/runs/${run.id}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as V1<Record<string, unknown>>;
    // WriteCachedResponse(w, fr, 3*time.Second): cached for 3 s, and says so.
    expect(body.metadata).toEqual({ fetched_at: "2026-01-15T12:00:00Z", cached_until: "2026-01-15T12:00:03Z" });
    expect(res.headers.get("cache-control")).toBe("private, max-age=3");
    expect(body.data).toMatchObject({
      run_id: run.id,
      function_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      function_version: expect.any(Number),
      environment_id: expect.any(String),
      status: "Completed",
      ended_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
      output: run.output,
    });
    expect(body.data["event_id"]).toBe(run.eventIds[0] ?? "00000000000000000000000000");
  });

  test("a run still going has ended_at null and no output, and a queued one reads Running too", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const running = emulator.runs.list({ status: "RUNNING" })[0]!;
    const queued = emulator.runs.list({ status: "QUEUED" })[0]!;
    const r = (await (await emulator.fetch(`${API}/v1/runs/${running.id}`)).json()) as V1<Record<string, unknown>>;
    const q = (await (await emulator.fetch(`${API}/v1/runs/${queued.id}`)).json()) as V1<Record<string, unknown>>;
    expect(r.data).toMatchObject({ status: "Running", ended_at: null });
    expect(r.data).not.toHaveProperty("output");
    // toCQRSRun sets the status only from a finish row: a queued run is the zero value, Running.
    expect(q.data).toMatchObject({ status: "Running", ended_at: null });
  });

  test("a missing run is HTTP 200 with a 500 in the body, a malformed id 200 with a 400: the cache drops the status", async () => {
    const emulator = createInngestEmulator();
    const missing = await emulator.fetch(`${API}/v1/runs/${MISSING}`);
    expect(missing.status).toBe(200);
    expect(await missing.text()).toBe(`{"error":"Unable to load function run: ${MISSING}","data":null,"status":500}\n`);
    expect(missing.headers.get("cache-control")).toBeNull();
    const bad = await emulator.fetch(`${API}/v1/runs/not-a-ulid`);
    expect(bad.status).toBe(200);
    expect(await bad.json()).toEqual({ error: "Invalid run ID: not-a-ulid", data: null, status: 400 });
    const jobs = await emulator.fetch(`${API}/v1/runs/${MISSING}/jobs`);
    expect(jobs.status).toBe(200);
    expect(await jobs.json()).toEqual({ error: `Unable to load function run: ${MISSING}`, data: null, status: 500 });
  });

  test("a repeat GET within the cache period gets the cached bytes, as text; after it, a fresh answer", async () => {
    let now = NOW;
    const emulator = createInngestEmulator({ now: () => now });
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const first = await emulator.fetch(`${API}/v1/runs/${run.id}`);
    const firstText = await first.text();
    expect(first.headers.get("content-type")).toBe("application/json");

    emulator.runs.update(run.id, { status: "COMPLETED", output: { done: true } });
    now += 2_999;
    const cached = await emulator.fetch(`${API}/v1/runs/${run.id}`);
    expect(cached.status).toBe(200);
    expect(await cached.text()).toBe(firstText); // still Running: the cache does not know the run moved
    // The hit is written before the JSON content-type middleware runs, so Go sniffs the bytes as text.
    expect(cached.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(cached.headers.get("cache-control")).toBeNull();
    // Another URL (or another Authorization) is another cache entry.
    const other = (await (await emulator.fetch(`${API}/v1/runs/${run.id}?x=1`)).json()) as V1<{ status: string }>;
    expect(other.data.status).toBe("Completed");

    now += 1;
    const fresh = (await (await emulator.fetch(`${API}/v1/runs/${run.id}`)).json()) as V1<{ status: string }>;
    expect(fresh.data.status).toBe("Completed");
  });

  test.each([
    ["/jobs", 5],
    ["", 3],
  ])("GET /v1/runs/{id}%s is cached for %i s", async (suffix, seconds) => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const res = await emulator.fetch(`${API}/v1/runs/${run.id}${suffix}`);
    expect(res.headers.get("cache-control")).toBe(`private, max-age=${seconds}`);
    expect(((await res.json()) as V1<unknown>).metadata.cached_until).toBe(new Date(NOW + seconds * 1000).toISOString().replace(".000", ""));
  });

  test("DELETE /v1/runs/{id} cancels with 200 and an empty body (under a JSON content type)", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.list({ status: "RUNNING" })[0]!;
    const res = await emulator.fetch(new Request(`${API}/v1/runs/${run.id}`, { method: "DELETE" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe("");
    expect(emulator.runs.get(run.id)).toMatchObject({ status: "CANCELLED", endedAt: NOW });
    const after = (await (await emulator.fetch(`${API}/v1/runs/${run.id}`)).json()) as V1<Record<string, unknown>>;
    expect(after.data).toMatchObject({ status: "Cancelled", ended_at: "2026-01-15T12:00:00Z" });
  });

  test("cancelling a missing run is a 404; cancelling an ended one answers 200 and changes nothing", async () => {
    const emulator = createInngestEmulator();
    const missing = await emulator.fetch(`${API}/v1/runs/${MISSING}`, { method: "DELETE" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: `Unable to load function run: ${MISSING}`, data: null, status: 404 });
    for (const status of ["COMPLETED", "FAILED", "CANCELLED"] as const) {
      const done = emulator.runs.list({ status })[0]!;
      const endedAt = done.endedAt;
      const ended = await emulator.fetch(`${API}/v1/runs/${done.id}`, { method: "DELETE" });
      expect(ended.status).toBe(200);
      expect(await ended.text()).toBe("");
      expect(emulator.runs.get(done.id)).toMatchObject({ status, endedAt });
    }
  });

  test("v1 bodies are written by Go's json.Encoder: HTML characters escaped, and a trailing newline", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.add({ functionId: "shop-send-receipt", status: "COMPLETED", output: { html: "<b>&</b>" } });
    const text = await (await emulator.fetch(`${API}/v1/runs/${run.id}`)).text();
    expect(text).toContain('"output":{"html":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}');
    expect(text.endsWith("}\n")).toBe(true);
  });

  test("jobs lists pending queue items only: an ended or cancelled run has none", async () => {
    let now = NOW;
    const emulator = createInngestEmulator({ now: () => now });
    const running = emulator.runs.add({ functionId: "shop-send-receipt", status: "RUNNING", jobs: 3 });
    const done = emulator.runs.add({ functionId: "shop-send-receipt", status: "COMPLETED", jobs: 3 });
    const jobsOf = async (id: string) => ((await (await emulator.fetch(`${API}/v1/runs/${id}/jobs`)).json()) as V1<unknown[]>).data;
    expect(await jobsOf(done.id)).toEqual([]);
    // A running run does list its items, so the empty lists above and below say something.
    expect(await jobsOf(running.id)).toHaveLength(3);
    await emulator.fetch(`${API}/v1/runs/${running.id}`, { method: "DELETE" });
    now += 60_000; // past the cached answer's TTL (cache.go), so the next GET reads the run again
    expect(await jobsOf(running.id)).toEqual([]);
  });

  test("an ended run that returned nothing has output {} (the finish row's default)", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const run = emulator.runs.add({ functionId: "shop-send-receipt", status: "CANCELLED" });
    const body = (await (await emulator.fetch(`${API}/v1/runs/${run.id}`)).json()) as V1<Record<string, unknown>>;
    expect(body.data).toMatchObject({ status: "Cancelled", output: {} });
  });

  test("GET /v1/runs/{id}/jobs answers at most 10 jobs with PascalCase JobID and Raw", async () => {
    const emulator = createInngestEmulator();
    const run = emulator.runs.list().find((r) => r.jobs.length > 1)!;
    const body = (await (await emulator.fetch(`${API}/v1/runs/${run.id}/jobs`)).json()) as V1<Record<string, unknown>[]>;
    expect(body.data).toHaveLength(run.jobs.length);
    expect(Object.keys(body.data[0]!).sort()).toEqual(["JobID", "Raw", "at", "attempt", "kind", "position"]);
    expect(body.data[0]).toMatchObject({ JobID: run.jobs[0]!.id, position: 0, kind: "start", attempt: 0 });

    const busy = emulator.runs.add({ functionId: "shop-send-receipt", status: "RUNNING", jobs: 25 });
    expect(busy.jobs).toHaveLength(25);
    const capped = (await (await emulator.fetch(`${API}/v1/runs/${busy.id}/jobs`)).json()) as V1<unknown[]>;
    expect(capped.data).toHaveLength(10);
  });

  test("GET /v1/events/{id}/runs lists the runs an event triggered; GET /v1/events/{id} the event", async () => {
    const emulator = createInngestEmulator({ now: () => NOW });
    const sent = await emulator.fetch("https://inn.gs/e/key", {
      method: "POST",
      body: JSON.stringify({ name: "billing/invoice.created", data: { invoice: 7 }, id: "inv-7" }),
    });
    const eventId = ((await sent.json()) as { ids: string[] }).ids[0]!;
    const runs = (await (await emulator.fetch(`${API}/v1/events/${eventId}/runs`)).json()) as V1<Record<string, unknown>[]>;
    // Here the status comes from the run's root span, and a queued span reads "Scheduled".
    expect(runs.data).toEqual([expect.objectContaining({ event_id: eventId, status: "Scheduled", ended_at: null })]);
    expect(runs.metadata.cached_until).toBe("2026-01-15T12:00:15Z");
    const event = (await (await emulator.fetch(`${API}/v1/events/${eventId}`)).json()) as V1<Record<string, unknown>>;
    expect(event.data).toMatchObject({
      internal_id: eventId,
      id: "inv-7",
      name: "billing/invoice.created",
      data: { invoice: 7 },
      ts: NOW,
      received_at: "2026-01-15T12:00:00Z",
    });
    expect(event.metadata.cached_until).toBe("2026-01-15T12:00:05Z");
    const missing = await emulator.fetch(`${API}/v1/events/${MISSING}`);
    expect(missing.status).toBe(200);
    expect(await missing.json()).toEqual({ error: "Event not found", data: null, status: 404 });
  });

  test("an unknown v1 route is a 404 in the v1 shape, a wrong method a 405", async () => {
    const emulator = createInngestEmulator();
    const missing = await emulator.fetch(`${API}/v1/apps`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ data: null, status: 404 });
    const wrong = await emulator.fetch(`${API}/v1/runs/${MISSING}`, { method: "PUT" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, DELETE");
  });
});
