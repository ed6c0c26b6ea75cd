// Every missing thing on the real dev server is a NotFoundError the caller can branch on, and each call
// that the server answers with an empty list instead says so.
import { describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError, type InngestClient } from "inngest-rest";
import { APP, MISSING_ID, realClient, url } from "./support.js";

type Call = [what: string, call: (c: InngestClient) => Promise<unknown>, status: number, message: RegExp];

// The server's own answers (status and message), as seen on it: v1 answers some with its own words, and a
// missing run's jobs with a 500 that the SDK reads as the NotFoundError it is.
const MISSING: Call[] = [
  ["runs.get of a missing run", (c) => c.runs.get(MISSING_ID), 404, /^Run not found$/],
  ["runs.trace of a missing run", (c) => c.runs.trace(MISSING_ID), 404, /^Trace not found$/],
  ["runs.jobs of a missing run", (c) => c.runs.jobs(MISSING_ID), 500, /^Unable to load function run/],
  ["runs.cancel of a missing run", (c) => c.runs.cancel(MISSING_ID), 404, /^Unable to load function run/],
  ["runs.replay of a missing run", (c) => c.runs.replay(MISSING_ID), 404, /^Run not found$/],
  ["runs.waitFor of a run never found", (c) => c.runs.waitFor(MISSING_ID, { maxWait: 1_500, interval: 200 }), 404, /^Run not found$/],
  ["events.get of a missing event", (c) => c.events.get(MISSING_ID), 404, /^Event not found$/],
  ["apps.get of a missing app", (c) => c.apps.get("no-such-app"), 404, /^App not found$/],
  ["functions.get of a missing function", (c) => c.functions.get(APP, "no-such-function"), 404, /^Function not found$/],
  ["functions.get in a missing app", (c) => c.functions.get("no-such-app", "complete"), 404, /^Function not found$/],
  ["functions.invoke of a missing function", (c) => c.functions.invoke(APP, "no-such-function", {}), 404, /^Function not found$/],
  ["functions.invoke in a missing app", (c) => c.functions.invoke("no-such-app", "complete", {}), 404, /^Function not found$/],
  [
    "cancellations.create for a missing function",
    (c) => c.cancellations.create({ appId: APP, functionId: "no-such-function", startedBefore: new Date() }),
    404,
    /^function not found$/,
  ],
];

describe.skipIf(!url)("real dev server: not found", () => {
  it.each(MISSING)("%s is a NotFoundError, not retried", async (_what, call, status, message) => {
    const error = await call(realClient()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect((error as NotFoundError).apiMessage).toMatch(message);
  });

  it("an id that is not a ULID is a BadRequestError, not a NotFoundError", async () => {
    const inngest = realClient();
    for (const call of [() => inngest.runs.get("not-a-ulid"), () => inngest.events.get("not-a-ulid"), () => inngest.runs.replay("not-a-ulid")]) {
      await expect(call()).rejects.toBeInstanceOf(BadRequestError);
    }
  });

  it("the runs of a missing event and the functions of a missing app are empty lists (the server's answer), not errors", async () => {
    const inngest = realClient();
    expect(await inngest.events.runs(MISSING_ID).toArray(10)).toEqual([]);
    expect(await inngest.functions.list("no-such-app").toArray(10)).toEqual([]);
  });
});
