// Global setup of the real-server suite: one dev server and one real app for the whole run, on free ports.
// With no dev server binary it skips the suite with one line, except under CI, where a missing binary fails.
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { findDevServer, startRealServer } from "./harness.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    realUrl: string;
    /** The dev server's log (empty when the suite is skipped): `lost-writes.ts` reads it. */
    realLog: string;
  }
}

/** What the suite does here: run with a binary, or skip with one line to print. */
export type SuitePlan = { kind: "run"; bin: string } | { kind: "skip"; line: string };

/**
 * Decides from the environment whether the suite runs.
 * @throws Error under CI (`CI` set) when no binary is found: a CI that cannot run the suite must not pass it.
 */
export function planSuite(env: Record<string, string | undefined> = process.env, find: typeof findDevServer = findDevServer): SuitePlan {
  const bin = find(env);
  if (bin) return { kind: "run", bin };
  if (env.CI) throw new Error("real-server suite: no dev server binary under CI (set INNGEST_DEV_SERVER_BIN)");
  return {
    kind: "skip",
    line: "real-server suite skipped: no dev server binary (INNGEST_DEV_SERVER_BIN, ../shared/inngest-dev-server/inngest or `inngest` on PATH)",
  };
}

export default async function setup(project: TestProject) {
  const plan = planSuite();
  if (plan.kind === "skip") {
    console.log(plan.line);
    project.provide("realUrl", "");
    project.provide("realLog", "");
    return;
  }
  const server = await startRealServer({ bin: plan.bin });
  console.log(`real-server suite: Inngest dev server at ${server.url} (${plan.bin}); its and the app's logs in ${server.logDir}`);
  project.provide("realUrl", server.url);
  project.provide("realLog", join(server.logDir, "dev-server.log"));
  return async () => {
    await server.stop();
  };
}
