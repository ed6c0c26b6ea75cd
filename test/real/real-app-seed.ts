// The emulator's copy of the real app (test/real/app.mjs): the same app id, functions, triggers, retries, steps and
// outputs, so the differential test (differential.test.ts) can play one scenario against both.
import type { EmulatorFunctionInput, EmulatorSeed } from "inngest-rest/testing";

const BOOM = "boom: the real app failed on purpose";

/** app.mjs's functions as emulator seeds, in the order the app serves them. */
export const REAL_APP_SEED: EmulatorSeed = {
  runs: 0,
  apps: [
    {
      id: "real-app",
      // What the official `inngest` package reports when served with inngest/node.
      sdkLanguage: "js",
      sdkVersion: "v4.24.0",
      framework: "nodejs",
      url: "http://127.0.0.1:3000/api/inngest",
      functions: [
        {
          id: "complete",
          event: "real/complete",
          retries: 0,
          steps: [{ id: "double", output: 2 }],
          output: ({ data }: EmulatorFunctionInput) => ({ doubled: Number(data["n"] ?? 1) * 2 }),
        },
        { id: "fail", event: "real/fail", retries: 0, steps: [{ id: "ok-step", output: "fine" }, { id: "boom", error: BOOM }] },
        { id: "sleep", event: "real/sleep", retries: 0, steps: [{ id: "nap", op: "SLEEP", duration: "1h" }], output: { slept: true } },
        {
          id: "wait-signal",
          event: "real/wait-signal",
          retries: 0,
          steps: [{ id: "wait", op: "WAIT_FOR_SIGNAL", timeout: "1h" }],
          output: ({ steps }: EmulatorFunctionInput) => ({ got: (steps["wait"] as { data?: unknown } | null)?.data ?? null }),
        },
        { id: "invokable", event: "real/invokable", retries: 0, output: ({ data }: EmulatorFunctionInput) => ({ echo: data }) },
      ],
    },
  ],
};
