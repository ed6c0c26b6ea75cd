import { describe, expectTypeOf, test } from "vitest";
import * as z from "zod";
import {
  createInngestClient,
  type EventPayload,
  isPartialSendError,
  type InngestClient,
  type NotFoundError,
  type Page,
  type PagePromise,
  type PartialSendError,
  type Run,
  type RunJob,
  type RunStatus,
  type SendableEvent,
  type SendResult,
  type ValidationError,
  type App,
} from "../src/index.js";

type Events = {
  "app/user.signup": { data: { userId: string; plan?: "free" | "pro" } };
  "app/ping": { data?: Record<string, unknown> };
};

const typed = createInngestClient<Events>({ eventKey: "k" });
const untyped = createInngestClient({ eventKey: "k" });

describe("a typed event map", () => {
  test("accepts known names with their data", () => {
    void typed.events.send({ name: "app/user.signup", data: { userId: "u_1" } });
    void typed.events.send({ name: "app/user.signup", data: { userId: "u_1", plan: "pro" }, id: "signup-u_1", ts: 1 });
    void typed.events.send([
      { name: "app/user.signup", data: { userId: "u_1" } },
      { name: "app/ping" },
    ]);
  });

  test("rejects unknown names at compile time", () => {
    // @ts-expect-error: not in the map
    void typed.events.send({ name: "app/user.signout", data: { userId: "u_1" } });
    // @ts-expect-error: not in the map, inside a batch
    void typed.events.send([{ name: "app/ping" }, { name: "app/typo" }]);
  });

  test("rejects wrong data at compile time", () => {
    // @ts-expect-error: userId must be a string
    void typed.events.send({ name: "app/user.signup", data: { userId: 42 } });
    // @ts-expect-error: plan is "free" | "pro"
    void typed.events.send({ name: "app/user.signup", data: { userId: "u", plan: "gold" } });
    // @ts-expect-error: data is an object, never an array
    void untyped.events.send({ name: "app/x", data: [1, 2] });
  });

  test("requires data when the map requires it, and not when it is optional", () => {
    // @ts-expect-error: data is required for app/user.signup
    void typed.events.send({ name: "app/user.signup" });
    void typed.events.send({ name: "app/ping" });
  });

  test("types iterables and async iterables of events too", () => {
    async function* rows() {
      yield { name: "app/ping" as const };
    }
    void typed.events.send(rows());
    void typed.events.send(new Set([{ name: "app/ping" as const }]));
    async function* bad() {
      yield { name: "app/nope" as const };
    }
    // @ts-expect-error: the stream yields an unknown name
    void typed.events.send(bad());
  });

  test("a Standard Schema per event name must produce that event's data", () => {
    createInngestClient<Events>({ schemas: { "app/user.signup": z.object({ userId: z.string() }) } });
    // @ts-expect-error: the schema's output does not match the map's data
    createInngestClient<Events>({ schemas: { "app/user.signup": z.object({ userId: z.number() }) } });
  });

  test("an untyped client takes any name with object data", () => {
    void untyped.events.send({ name: "anything/at.all", data: { x: 1 } });
    expectTypeOf(untyped).toEqualTypeOf<InngestClient>();
  });
});

describe("what calls resolve to", () => {
  test("send resolves to SendResult with ids: string[]", () => {
    expectTypeOf(typed.events.send({ name: "app/ping" })).resolves.toEqualTypeOf<SendResult>();
    expectTypeOf<SendResult["ids"]>().toEqualTypeOf<string[]>();
  });

  test("runs and apps", () => {
    expectTypeOf(untyped.runs.get("r")).resolves.toEqualTypeOf<Run>();
    expectTypeOf(untyped.runs.cancel("r")).resolves.toEqualTypeOf<void>();
    expectTypeOf(untyped.runs.replay("r")).resolves.toEqualTypeOf<{ runId: string }>();
    expectTypeOf(untyped.runs.jobs("r")).toEqualTypeOf<PagePromise<RunJob>>();
    expectTypeOf(untyped.runs.list()).toEqualTypeOf<PagePromise<Run>>();
    expectTypeOf(untyped.runs.list()).resolves.toEqualTypeOf<Page<Run>>();
    expectTypeOf(untyped.apps.list()).resolves.toEqualTypeOf<Page<App>>();
    expectTypeOf<Page<Run>["data"]>().toEqualTypeOf<Run[]>();
    expectTypeOf<Page<Run>["cursor"]>().toEqualTypeOf<string | undefined>();
  });

  test("a Run's status is the lowercase union, open to new strings", () => {
    expectTypeOf<Run["status"]>().toEqualTypeOf<RunStatus>();
    expectTypeOf<"queued" | "running" | "completed" | "failed" | "cancelled">().toExtend<RunStatus>();
    expectTypeOf<"skipped">().toExtend<RunStatus>();
    expectTypeOf<Run["endedAt"]>().toEqualTypeOf<string | null>();
  });

  test("runs.list's status filter takes known statuses in either case only", () => {
    void untyped.runs.list({ status: "running" });
    void untyped.runs.list({ status: ["FAILED", "cancelled"] });
    // @ts-expect-error: not a status
    void untyped.runs.list({ status: "exploded" });
  });
});

describe("errors", () => {
  test("names are literal types", () => {
    expectTypeOf<NotFoundError["name"]>().toEqualTypeOf<"NotFoundError">();
    expectTypeOf<ValidationError["name"]>().toEqualTypeOf<"ValidationError">();
    expectTypeOf<PartialSendError["name"]>().toEqualTypeOf<"PartialSendError">();
  });

  test("a typed client narrows its own PartialSendError, so send(err.failedEvents) compiles without a cast", async () => {
    const err: unknown = new Error("x");
    if (typed.events.isPartialSendError(err)) {
      expectTypeOf(err).toEqualTypeOf<PartialSendError<SendableEvent<Events>>>();
      expectTypeOf(err.failedEvents).toEqualTypeOf<SendableEvent<Events>[]>();
      await typed.events.send(err.failedEvents);
    }
    if (isPartialSendError(err)) {
      // @ts-expect-error: the package's guard cannot know which client (which event map) threw it
      await typed.events.send(err.failedEvents);
    }
  });

  test("a PartialSendError's failedEvents can be sent again", () => {
    const err = {} as PartialSendError<{ name: "app/ping" }>;
    expectTypeOf(err.ids).toEqualTypeOf<(string | null)[]>();
    void typed.events.send(err.failedEvents);
  });
});

describe("untyped clients take the objects users already have", () => {
  test("an interface (no index signature) is valid data; a Map is not", () => {
    interface Order {
      id: string;
      total: number;
    }
    const orders: Order[] = [{ id: "o_1", total: 3 }];
    void untyped.events.send(orders.map((o) => ({ name: "app/order.created", data: o })));
    // @ts-expect-error: a Map would serialise to {}
    void untyped.events.send({ name: "app/x", data: new Map<string, number>() });
  });

  test("isPartialSendError gives failedEvents typed for a resend", async () => {
    const err: unknown = new Error("x");
    if (isPartialSendError(err)) {
      expectTypeOf(err.failedEvents).toEqualTypeOf<EventPayload[]>();
      await untyped.events.send(err.failedEvents);
    }
  });
});
