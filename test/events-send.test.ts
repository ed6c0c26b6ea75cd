import { describe, expect, test } from "vitest";
import { createInngestClient, PartialSendError, VERSION } from "../src/index.js";
import { decodeSeed, firstN, numbered, range } from "./helpers/event-api.js";
import { acceptAll, json, wire, type WireRequest } from "./helpers/wire.js";

const eventKey = "test-event-key";

/** Answers each event with `id-<data.n>`, so ids can be checked against input positions. */
const idsFromN = (req: WireRequest) =>
  json({ ids: (req.body as { data: { n: number } }[]).map((e) => `id-${e.data.n}`), status: 200 });

/** A gate the handler waits on, so a test can look at the world while requests are in flight. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("sending one event", () => {
  test("posts a JSON array of one event to /e/{eventKey} and resolves to its id", async () => {
    const { fetch, requests } = wire(() => json({ ids: ["01H08W4TMBNKMEWFD0TYC532GG"], status: 200 }));
    const inngest = createInngestClient({ eventKey, fetch });

    const result = await inngest.events.send({ name: "app/user.signup", data: { userId: "u_1" } });

    expect(result).toEqual({ ids: ["01H08W4TMBNKMEWFD0TYC532GG"] });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req!.method).toBe("POST");
    expect(req!.url.href).toBe(`https://inn.gs/e/${eventKey}`);
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.text).toBe('[{"name":"app/user.signup","data":{"userId":"u_1"}}]');
  });

  test("an event without data is sent with data: {}", async () => {
    const { fetch, requests } = wire(acceptAll);
    await createInngestClient({ eventKey, fetch }).events.send({ name: "app/ping" });
    expect(requests[0]!.body).toEqual([{ name: "app/ping", data: {} }]);
  });

  test("id, ts, v and user travel as given", async () => {
    const { fetch, requests } = wire(acceptAll);
    const event = { name: "app/x", data: { a: 1 }, user: { email: "a@b.c" }, id: "x-1", ts: 1_700_000_000_000, v: "2024-05-15.1" };
    await createInngestClient({ eventKey, fetch }).events.send(event);
    expect(requests[0]!.body).toEqual([event]);
  });

  test("the event key is percent-encoded into its path segment", async () => {
    const { fetch, requests } = wire(acceptAll);
    await createInngestClient({ eventKey: "a/b?c", fetch }).events.send({ name: "app/x" });
    expect(requests[0]!.url.pathname).toBe("/e/a%2Fb%3Fc");
    expect(requests[0]!.url.search).toBe("");
  });
});

describe("sending a batch", () => {
  test("a small array goes in one POST and ids come back in input order", async () => {
    const { fetch, requests } = wire(idsFromN);
    const { ids } = await createInngestClient({ eventKey, fetch }).events.send(numbered(3));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toEqual(numbered(3));
    expect(ids).toEqual(["id-0", "id-1", "id-2"]);
  });

  test("1,025 events go as 512 + 512 + 1, with ids in input order even when answers arrive out of order", async () => {
    const { fetch, requests } = wire(async (req) => {
      // Answer the first chunk last.
      if (firstN(req) === 0) await new Promise((r) => setTimeout(r, 30));
      return idsFromN(req);
    });
    const { ids } = await createInngestClient({ eventKey, fetch }).events.send(numbered(1025));

    const sizes = requests.map((r) => (r.body as unknown[]).length).sort((a, b) => b - a);
    expect(sizes).toEqual([512, 512, 1]);
    expect(requests.map(firstN).sort((a, b) => a - b)).toEqual([0, 512, 1024]);
    expect(ids).toEqual(range(1025).map((n) => `id-${n}`));
  });

  test("batchSize sets the events per POST, on the client and per call", async () => {
    const { fetch, requests } = wire(idsFromN);
    const inngest = createInngestClient({ eventKey, fetch, batchSize: 100 });
    await inngest.events.send(numbered(250));
    expect(requests.map((r) => (r.body as unknown[]).length).sort()).toEqual([100, 100, 50]);

    requests.length = 0;
    await inngest.events.send(numbered(250), { batchSize: 200 });
    expect(requests.map((r) => (r.body as unknown[]).length).sort()).toEqual([200, 50]);
  });

  test("no more than `concurrency` POSTs are in flight at once", async () => {
    let inFlight = 0;
    let most = 0;
    const { fetch } = wire(async (req) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return idsFromN(req);
    });
    await createInngestClient({ eventKey, fetch, batchSize: 10 }).events.send(numbered(200), { concurrency: 3 });
    expect(most).toBe(3);
  });

  test("an empty array sends nothing and resolves to no ids", async () => {
    const { fetch, requests } = wire(acceptAll);
    await expect(createInngestClient({ eventKey, fetch }).events.send([])).resolves.toEqual({ ids: [] });
    expect(requests).toHaveLength(0);
  });

  test("an empty iterable sends nothing and resolves to no ids", async () => {
    const { fetch, requests } = wire(acceptAll);
    const inngest = createInngestClient({ eventKey, fetch });
    await expect(inngest.events.send((function* () {})())).resolves.toEqual({ ids: [] });
    await expect(inngest.events.send((async function* () {})())).resolves.toEqual({ ids: [] });
    expect(requests).toHaveLength(0);
  });
});

describe("sending a stream", () => {
  for (const kind of ["sync", "async"] as const) {
    test(`a ${kind} iterable is read chunk by chunk, never more than \`concurrency\` chunks ahead of the server`, async () => {
      const total = 100;
      let read = 0;
      function* sync() {
        for (let n = 0; n < total; n++) {
          read++;
          yield { name: "app/row", data: { n } };
        }
      }
      async function* asyncGen() {
        for (const e of sync()) yield e;
      }
      const release = gate();
      let arrived = 0;
      const twoArrived = gate();
      const { fetch, requests } = wire(async (req) => {
        if (++arrived === 2) twoArrived.open();
        await release.opened;
        return idsFromN(req);
      });
      const inngest = createInngestClient({ eventKey, fetch, batchSize: 10 });

      const sending = inngest.events.send(kind === "sync" ? sync() : asyncGen(), { concurrency: 2 });
      await twoArrived.opened;
      await new Promise((r) => setTimeout(r, 20));
      // Two chunks in flight, none answered: exactly two chunks read, the rest untouched.
      expect(read).toBe(20);
      expect(requests).toHaveLength(2);

      release.open();
      const { ids } = await sending;
      expect(read).toBe(total);
      expect(requests).toHaveLength(10);
      expect(ids).toEqual(range(total).map((n) => `id-${n}`));
    });
  }

  test("a Set (an iterable that is not an array) is sent whole", async () => {
    const { fetch, requests } = wire(idsFromN);
    const { ids } = await createInngestClient({ eventKey, fetch }).events.send(new Set(numbered(3)));
    expect(requests).toHaveLength(1);
    expect(ids).toEqual(["id-0", "id-1", "id-2"]);
  });
});

describe("headers", () => {
  test("every POST names this SDK and carries a seed `<ms>,<base64 of 10 bytes>`, one per chunk", async () => {
    const { fetch, requests } = wire(idsFromN);
    const before = Date.now();
    await createInngestClient({ eventKey, fetch }).events.send(numbered(1025));
    const after = Date.now();

    const seeds = requests.map((r) => r.headers["x-inngest-event-id-seed"]);
    expect(new Set(seeds).size).toBe(3);
    for (const req of requests) {
      const seed = req.headers["x-inngest-event-id-seed"];
      expect(seed).toMatch(/^\d+,[A-Za-z0-9+/]{14}==$/);
      const decoded = decodeSeed(seed);
      expect(decoded?.entropy).toHaveLength(10);
      expect(decoded!.ms).toBeGreaterThanOrEqual(before);
      expect(decoded!.ms).toBeLessThanOrEqual(after);
      expect(req.headers["user-agent"]).toBe(`inngest-rest/${VERSION}`);
      expect(req.headers["x-inngest-sdk"]).toBe(`inngest-rest:v${VERSION}`);
      expect(req.headers).not.toHaveProperty("x-inngest-env");
      // The event key travels in the path only.
      expect(req.headers).not.toHaveProperty("authorization");
    }
  });

  test("a per-call X-Inngest-Event-Id-Seed does not replace the SDK's seed, on the first POST or its retry", async () => {
    const { fetch, requests } = wire((req, n, signal) => (n === 1 ? json({ error: "boom", status: 500 }, 500) : acceptAll(req, n, signal)));
    const inngest = createInngestClient({ eventKey, fetch, retryBaseDelay: 1 });
    await inngest.events.send({ name: "app/x" }, { headers: { "X-Inngest-Event-Id-Seed": "mine", "X-Request-Id": "req-1" } });
    expect(requests).toHaveLength(2);
    const seeds = requests.map((r) => r.headers["x-inngest-event-id-seed"]);
    expect(seeds[0]).toMatch(/^\d+,[A-Za-z0-9+/]{14}==$/);
    // The retry goes out under the same seed, so the server gives its events the same ids.
    expect(seeds[1]).toBe(seeds[0]);
    for (const req of requests) expect(req.headers["x-request-id"]).toBe("req-1");
  });

  test("`env` is sent as x-inngest-env", async () => {
    const { fetch, requests } = wire(acceptAll);
    await createInngestClient({ eventKey, fetch, env: "feature-branch" }).events.send({ name: "app/x" });
    expect(requests[0]!.headers["x-inngest-env"]).toBe("feature-branch");
  });

  test("the signing key never travels to the Event API", async () => {
    const { fetch, requests } = wire(acceptAll);
    await createInngestClient({ eventKey, signingKey: "signkey-prod-abcdef", fetch }).events.send({ name: "app/x" });
    expect(JSON.stringify(requests[0])).not.toContain("signkey");
  });
});

describe("a stream after a failure that stops the send", () => {
  test("is not read further once a chunk is refused with 401: at most the chunks already being read", async () => {
    let read = 0;
    function* endless() {
      for (;;) {
        read++;
        yield { name: "app/x", data: { read } };
      }
    }
    const { fetch, requests } = wire(() => json({ status: 401, message: "", error: "Event key not found" }, 401));
    const err = await createInngestClient({ fetch, eventKey: "wrong" })
      .events.send(endless(), { batchSize: 10, concurrency: 2 })
      .catch((e: unknown) => e);
    // A stream's events cannot be read again, so even with none accepted they come back, with the cause.
    expect(err).toBeInstanceOf(PartialSendError);
    expect((err as PartialSendError).errors[0]!.name).toBe("AuthenticationError");
    expect((err as PartialSendError).failedEvents).toHaveLength(read);
    expect(requests.length).toBeLessThanOrEqual(2);
    expect(read).toBeLessThanOrEqual(40); // two chunks in flight, at most two more being read
  });
});
