import { defineConfig } from "vitest/config";

// The real-server suite: Inngest's own dev server and a real app (test/real/), started once by the global setup.
export default defineConfig({
  test: {
    include: ["test/real/**/*.test.ts"],
    globalSetup: ["test/build-if-stale.ts", "test/real/setup.ts"],
    // A failed test is retried only when the dev server lost span writes while it ran (lost-writes.ts marks
    // its error so); any other failure is final on the first try.
    setupFiles: ["test/real/lost-writes.ts"],
    retry: { count: 3, condition: /the dev server lost \d+ span writes during this test/ },
    pool: "threads",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
