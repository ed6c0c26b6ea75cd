import { defineConfig } from "vitest/config";

// The docs site in a real browser (test/docs/): needs the built site (`npm run docs`) and Chromium
// at /usr/bin/chromium, so it runs with `npm run test:docs` in .ci/run, not with `npm test`.
export default defineConfig({
  test: {
    include: ["test/docs/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
