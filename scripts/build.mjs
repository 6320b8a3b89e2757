// Bundles the CLI into dist/ with esbuild: one small entry chunk, with each
// command's implementation in its own lazily imported chunk.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

execFileSync(process.execPath, ["scripts/gen-rule-index.mjs"], { stdio: "inherit" });
rmSync("dist", { recursive: true, force: true });
// Swap heavy dependencies for small local equivalents; see each shim's header.
const shims = {
  name: "shims",
  setup(b) {
    const shim = (name) => ({ path: new URL(`../src/shims/${name}.ts`, import.meta.url).pathname });
    b.onResolve({ filter: /^string-width$/ }, () => shim("string-width"));
    b.onResolve({ filter: /^node:module$/ }, () => shim("node-module"));
    b.onResolve({ filter: /platform-shims\/esm\.mjs$/ }, () => shim("yargs-platform"));
  },
};

await build({
  plugins: [shims],
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: true,
  legalComments: "none",
  define: { __FTPCTL_VERSION__: JSON.stringify(version) },
  logLevel: "warning",
});
