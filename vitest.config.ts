import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real daemons and namespaces: keep test files from racing for ports and users.
    fileParallelism: true,
  },
});
