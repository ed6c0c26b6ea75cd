// Bulk cancellation on the real dev server, which has no cancellation store: what the server itself
// answers. (What the SDK says about it is test/real/run-status.test.ts's.)
import { describe, expect, it } from "vitest";
import { InngestError, NotFoundError } from "inngest-rest";
import { APP, MISSING_ID, realClient, url } from "./support.js";

describe.skipIf(!url)("real dev server: bulk cancellations", () => {
  it("an unknown function is a NotFoundError; a known one passes validation and the dev server fails with a 500", async () => {
    const inngest = realClient();
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
    const inngest = realClient();
    expect((await fetch(`${url}/v1/cancellations`)).status).toBe(500);
    expect((await fetch(`${url}/v1/cancellations/${MISSING_ID}`, { method: "DELETE" })).status).toBe(500);
    await expect(inngest.cancellations.list({ maxRetries: 0 })).rejects.toBeInstanceOf(InngestError);
    await expect(inngest.cancellations.delete(MISSING_ID, { maxRetries: 0 })).rejects.toBeInstanceOf(InngestError);
  });

});
