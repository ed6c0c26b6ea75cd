import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The soak (100,000 events) runs with `npm run test:soak`; runtimes with test/runtimes/run.mjs; the
    // docs site in Chromium with `npm run test:docs`; the real dev server's suite with `npm run test:real`.
    exclude: ["test/soak/**", "test/runtimes/**", "test/docs/**", "test/real/**", "node_modules/**"],
    // Builds dist/ when a source is newer: the CLI and MCP tests run the built files.
    globalSetup: ["test/build-if-stale.ts"],
    pool: "threads",
    maxWorkers: 2,
    testTimeout: 20_000,
    // The type tests (test/**/*.test-d.ts) are checked by `tsc -p tsconfig.test.json` in `npm test`'s
    // pretest, not by vitest's typecheck mode: that mode prints an "experimental feature" warning on
    // every run, and tsc fails on the same expectTypeOf mismatches and unused @ts-expect-error lines.
  },
});
