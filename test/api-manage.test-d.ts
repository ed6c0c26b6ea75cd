import { describe, expectTypeOf, test } from "vitest";
import {
  type App,
  type Cancellation,
  createInngestClient,
  type FunctionConfiguration,
  type FunctionTrigger,
  type InngestApiError,
  type InngestFunction,
  type InvokeResult,
  type PagePromise,
  type SignalResult,
  UnprocessableEntityError,
} from "../src/index.js";

const inngest = createInngestClient({ signingKey: "k" });

describe("functions", () => {
  test("invoke resolves { runId, duplicate } and takes an idempotency key beside the request options", () => {
    const result = inngest.functions.invoke("my-app", "fn", { userId: "u_1" }, { idempotencyKey: "k", timeout: 5_000 });
    expectTypeOf(result).toEqualTypeOf<Promise<InvokeResult>>();
    expectTypeOf<InvokeResult>().toEqualTypeOf<{ runId: string; duplicate: boolean }>();
    // @ts-expect-error: data is a JSON object (protobuf Struct), not a string
    void inngest.functions.invoke("my-app", "fn", "hello");
    // @ts-expect-error: data is required (the server answers 400 "Input data is required")
    void inngest.functions.invoke("my-app", "fn");
  });

  test("list is a PagePromise of functions; get resolves one", () => {
    expectTypeOf(inngest.functions.list("my-app", { limit: 10 })).toEqualTypeOf<PagePromise<InngestFunction>>();
    expectTypeOf(inngest.functions.get("my-app", "fn")).toEqualTypeOf<Promise<InngestFunction>>();
  });

  test("a function's config is typed down to its flow control", () => {
    expectTypeOf<InngestFunction["paused"]>().toEqualTypeOf<boolean>();
    expectTypeOf<InngestFunction["triggers"]>().toEqualTypeOf<FunctionTrigger[]>();
    expectTypeOf<FunctionTrigger["if"]>().toEqualTypeOf<string | null>();
    expectTypeOf<FunctionConfiguration["rateLimit"]>().toEqualTypeOf<{ limit: number; period: string | null; key: string | null } | null>();
    expectTypeOf<FunctionConfiguration["concurrency"][number]["limit"]>().toEqualTypeOf<number | null>();
    // Known values autocomplete; new ones still type-check.
    expectTypeOf<"cron">().toExtend<FunctionTrigger["type"]>();
    expectTypeOf<"queue">().toExtend<FunctionTrigger["type"]>();
    // ...and the known values are named: plain `string` would lose the autocompletion.
    expectTypeOf<FunctionTrigger["type"]>().not.toEqualTypeOf<string>();
  });

  test("a 422 is an InngestApiError whose code names the flow-control rule", () => {
    const err = new UnprocessableEntityError({ status: 422, method: "POST", path: "/", apiMessage: "", code: "function_skipped" });
    expectTypeOf(err).toExtend<InngestApiError>();
    expectTypeOf<"function_debounced">().toExtend<NonNullable<UnprocessableEntityError["code"]>>();
  });
});

describe("apps.get", () => {
  test("resolves an App", () => {
    expectTypeOf(inngest.apps.get("my-app")).toEqualTypeOf<Promise<App>>();
  });
});

describe("cancellations", () => {
  test("create takes the time range as Dates or strings and resolves a Cancellation", () => {
    expectTypeOf(inngest.cancellations.create({ appId: "a", functionId: "f", startedBefore: new Date() })).toEqualTypeOf<Promise<Cancellation>>();
    void inngest.cancellations.create({ appId: "a", functionId: "f", startedAfter: "2026-12-01T00:00:00Z", startedBefore: "2026-12-01T01:00:00Z", if: "true" });
    // @ts-expect-error: startedBefore is required, as the server requires it
    void inngest.cancellations.create({ appId: "a", functionId: "f" });
  });

  test("list resolves an array (the API does not page it); delete resolves nothing", () => {
    expectTypeOf(inngest.cancellations.list()).toEqualTypeOf<PagePromise<Cancellation>>();
    expectTypeOf(inngest.cancellations.delete("01JDW40000AAAABBBBCCCCDDDD")).toEqualTypeOf<Promise<void>>();
  });

  test("a cancellation's times are RFC 3339 strings and its cause is lowercase", () => {
    expectTypeOf<Cancellation["startedAfter"]>().toEqualTypeOf<string | null>();
    expectTypeOf<"api">().toExtend<Cancellation["cause"]>();
    expectTypeOf<Cancellation["cause"]>().not.toEqualTypeOf<string>();
  });
});

describe("signals.send", () => {
  test("resolves { runId: string | null }", () => {
    expectTypeOf(inngest.signals.send("s", { ok: true })).toEqualTypeOf<Promise<SignalResult>>();
    expectTypeOf<SignalResult>().toEqualTypeOf<{ runId: string | null }>();
  });
});
