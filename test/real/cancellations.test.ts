// Bulk cancellation on the real dev server (issue 17, item 2). The dev server has no cancellation store: every
// /v1/cancellations call that passes validation panics and answers HTTP 500 with an empty body (and the
// `X-Inngest-Server-Kind: dev` header every dev server answer has). What the server answers, and what the SDK says.
import { describe, expect, it } from "vitest";
import { InngestApiError, InngestError, NotFoundError, NotSupportedError } from "inngest-rest";
import { APP, MISSING_ID, realClient, url } from "./support.js";

describe.skipIf(!url)("real dev server: bulk cancellations", () => {
  const inngest = realClient({ retryBaseDelay: 1 });
  const refusal = /Inngest dev server does not support bulk cancellation \(Inngest Cloud does\)/;

  it("an unknown function is a NotFoundError; a known one passes validation and the dev server fails with a 500", async () => {
    const startedBefore = new Date();
    await expect(inngest.cancellations.create({ appId: APP, functionId: "sleep", startedBefore })).rejects.toBeInstanceOf(NotFoundError);
    // The dev server matches the stored, app-prefixed slug: this one is found, and then the missing store fails.
    const raw = await fetch(`${url}/v1/cancellations`, {
      method: "POST",
      body: JSON.stringify({ app_id: APP, function_id: `${APP}-sleep`, started_before: startedBefore.toISOString() }),
    });
    expect(raw.status).toBe(500);
    await expect(inngest.cancellations.create({ appId: APP, functionId: `${APP}-sleep`, startedBefore }, { maxRetries: 0 })).rejects.toBeInstanceOf(InngestError);
  });

  it("list and delete reach the missing store: the dev server answers 500, and the SDK rejects", async () => {
    expect((await fetch(`${url}/v1/cancellations`)).status).toBe(500);
    expect((await fetch(`${url}/v1/cancellations/${MISSING_ID}`, { method: "DELETE" })).status).toBe(500);
    await expect(inngest.cancellations.list({ maxRetries: 0 })).rejects.toBeInstanceOf(InngestError);
    await expect(inngest.cancellations.delete(MISSING_ID, { maxRetries: 0 })).rejects.toBeInstanceOf(InngestError);
  });

  it.each([
    ["list", () => inngest.cancellations.list()],
    ["create", () => inngest.cancellations.create({ appId: APP, functionId: `${APP}-sleep`, startedBefore: new Date() })],
    ["delete", () => inngest.cancellations.delete("01JDW40000AAAABBBBCCCCDDDD")],
  ])("cancellations.%s says so plainly as a NotSupportedError, after one request", async (_name, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSupportedError);
    expect(error).toBeInstanceOf(InngestApiError);
    expect((error as NotSupportedError).message).toMatch(refusal);
    expect((error as NotSupportedError).attempts).toBe(1);
  });
});
