// On Inngest's real dev server: bulk cancellation (issue 17, item 2). The dev server has no cancellation store:
// every /v1/cancellations call that passes validation panics and answers HTTP 500 with an empty body (and the
// `X-Inngest-Server-Kind: dev` header every dev server answer has). Retrying cannot help.
import { describe, expect, inject, it } from "vitest";
import { createInngestClient, InngestApiError, NotSupportedError } from "inngest-rest";

const url = inject("realUrl");

describe.skipIf(!url)("real dev server: bulk cancellation is not supported there", () => {
  const inngest = createInngestClient({ isDev: true, baseUrl: url, retryBaseDelay: 1 });
  const refusal = /Inngest dev server does not support bulk cancellation \(Inngest Cloud does\)/;

  it.each([
    ["list", () => inngest.cancellations.list()],
    ["create", () => inngest.cancellations.create({ appId: "real-app", functionId: "real-app-sleep", startedBefore: new Date() })],
    ["delete", () => inngest.cancellations.delete("01JDW40000AAAABBBBCCCCDDDD")],
  ])("cancellations.%s says so plainly as a NotSupportedError, after one request", async (_name, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSupportedError);
    expect(error).toBeInstanceOf(InngestApiError);
    expect((error as NotSupportedError).message).toMatch(refusal);
    expect((error as NotSupportedError).attempts).toBe(1);
  });
});
