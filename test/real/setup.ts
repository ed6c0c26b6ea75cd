// Global setup of the real-server suite: one dev server and one real app for the whole run, on free ports.
// With no dev server binary it skips the suite with one line, except under CI, where a missing binary fails.
import type { TestProject } from "vitest/node";
import { findDevServer, startRealServer } from "./harness.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    realUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const bin = findDevServer();
  if (!bin) {
    if (process.env.CI) throw new Error("real-server suite: no dev server binary under CI (set INNGEST_DEV_SERVER_BIN)");
    console.log("real-server suite skipped: no dev server binary (INNGEST_DEV_SERVER_BIN, ../shared/inngest-dev-server/inngest or `inngest` on PATH)");
    project.provide("realUrl", "");
    return;
  }
  const server = await startRealServer({ bin });
  project.provide("realUrl", server.url);
  return async () => {
    await server.stop();
  };
}
