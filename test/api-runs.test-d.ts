import { describe, expectTypeOf, test } from "vitest";
import type { RUN_STATUS_FILTERS } from "../src/wire/run-status.js";
import {
  createInngestClient,
  type GetRunOptions,
  type PagePromise,
  type ReceivedEvent,
  type Run,
  type RunStatusFilter,
  RunTrace,
  type TraceRunOptions,
  type TraceSpan,
  type TraceSpanStatus,
  type TraceStepOp,
  type WaitForRunOptions,
  type RequestOptions,
} from "../src/index.js";

const inngest = createInngestClient({ signingKey: "signkey-test-00" });

describe("runs: get, trace, waitFor", () => {
  test("runs.get resolves a Run and takes includeOutput beside the request options", () => {
    expectTypeOf(inngest.runs.get("r")).toEqualTypeOf<Promise<Run>>();
    expectTypeOf(inngest.runs.get).parameter(1).toEqualTypeOf<GetRunOptions | undefined>();
    expectTypeOf<GetRunOptions>().toHaveProperty("includeOutput").toEqualTypeOf<boolean | undefined>();
    expectTypeOf<GetRunOptions>().toHaveProperty("signal").toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<Run["functionId"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Run["queuedAt"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Run["durationMs"]>().toEqualTypeOf<number | null>();
  });

  test("runs.trace resolves a RunTrace whose spans are a typed tree", () => {
    expectTypeOf(inngest.runs.trace("r")).toEqualTypeOf<Promise<RunTrace>>();
    expectTypeOf(inngest.runs.trace).parameter(1).toEqualTypeOf<TraceRunOptions | undefined>();
    expectTypeOf<RunTrace["runId"]>().toEqualTypeOf<string>();
    expectTypeOf<RunTrace["root"]>().toEqualTypeOf<TraceSpan>();
    expectTypeOf<RunTrace["failedSteps"]>().returns.toEqualTypeOf<TraceSpan[]>();
    expectTypeOf<RunTrace["spans"]>().returns.toEqualTypeOf<Generator<TraceSpan, void, undefined>>();
    expectTypeOf<TraceSpan["children"]>().toEqualTypeOf<TraceSpan[]>();
    expectTypeOf<TraceSpan["status"]>().toEqualTypeOf<TraceSpanStatus>();
    expectTypeOf<TraceSpan["stepOp"]>().toEqualTypeOf<TraceStepOp | null>();
    expectTypeOf<TraceSpan["durationMs"]>().toEqualTypeOf<number | null>();
    expectTypeOf<TraceSpan["output"]>().toEqualTypeOf<unknown>();
    // Known statuses autocomplete, new ones still fit.
    expectTypeOf<"failed">().toExtend<TraceSpanStatus>();
    expectTypeOf<"paused">().toExtend<TraceSpanStatus>();
    expectTypeOf<"wait_for_event">().toExtend<TraceStepOp>();
    // ...and the known values are named: plain `string` would lose the autocompletion.
    expectTypeOf<TraceSpanStatus>().not.toEqualTypeOf<string>();
    expectTypeOf<TraceStepOp>().not.toEqualTypeOf<string>();
  });

  test("runs.waitFor resolves a Run; its options are maxWait, interval, includeOutput and every request option", () => {
    expectTypeOf(inngest.runs.waitFor("r")).toEqualTypeOf<Promise<Run>>();
    expectTypeOf<WaitForRunOptions>().toMatchTypeOf<RequestOptions>();
    expectTypeOf<WaitForRunOptions>().toEqualTypeOf<{
      maxWait?: number | undefined;
      timeout?: number | undefined;
      maxRetries?: number | undefined;
      totalTimeout?: number | undefined;
      headers?: Record<string, string> | undefined;
      interval?: number | undefined;
      signal?: AbortSignal | undefined;
      includeOutput?: boolean | undefined;
    }>();
  });
});

describe("events: get, list, runs", () => {
  test("events.get resolves a camelCase ReceivedEvent", () => {
    expectTypeOf(inngest.events.get("e")).toEqualTypeOf<Promise<ReceivedEvent>>();
    expectTypeOf<ReceivedEvent>().toEqualTypeOf<{
      internalId: string;
      id: string | null;
      name: string;
      data: Record<string, unknown>;
      user: Record<string, unknown> | null;
      ts: number | null;
      version: string | null;
      receivedAt: string | null;
      source: string | null;
      sourceId: string | null;
    }>();
  });

  test("events.list is a PagePromise of ReceivedEvent; events.runs a PagePromise of Run", () => {
    expectTypeOf(inngest.events.list()).toEqualTypeOf<PagePromise<ReceivedEvent>>();
    expectTypeOf(inngest.events.list({ name: "app/x", from: new Date(), until: "2026-01-01T00:00:00Z", limit: 51, cursor: "c" })).toEqualTypeOf<PagePromise<ReceivedEvent>>();
    expectTypeOf(inngest.events.runs("e", { limit: 40, includeOutput: true })).toEqualTypeOf<PagePromise<Run>>();
    // @ts-expect-error: `from` is a Date or a string
    void inngest.events.list({ from: 1 });
  });

  test("a typed client keeps the lookups", () => {
    const typed = createInngestClient<{ "app/x": { data: { a: number } } }>({ signingKey: "k" });
    expectTypeOf(typed.events.get("e")).toEqualTypeOf<Promise<ReceivedEvent>>();
  });
});

describe("run status filters", () => {
  test("the runtime list the SDK checks against (and MCP's list_runs offers) is the public type's statuses", () => {
    expectTypeOf<(typeof RUN_STATUS_FILTERS)[number]>().toEqualTypeOf<Lowercase<RunStatusFilter>>();
  });
});
