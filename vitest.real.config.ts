import { defineConfig } from "vitest/config";

// The real-server suite: Inngest's own dev server and a real app (test/real/), started once by the global setup.
export default defineConfig({
  test: {
    include: ["test/real/**/*.test.ts"],
    globalSetup: ["test/build-if-stale.ts", "test/real/setup.ts"],
    pool: "threads",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
