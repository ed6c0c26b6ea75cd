import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The soak (100,000 events) runs with `npm run test:soak`; runtimes with test/runtimes/run.mjs.
    exclude: ["test/soak/**", "test/runtimes/**", "node_modules/**"],
    // Builds dist/ when a source is newer: the CLI and MCP tests run the built files.
    globalSetup: ["test/build-if-stale.ts"],
    pool: "threads",
    maxWorkers: 2,
    testTimeout: 20_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.test.json" },
  },
});
