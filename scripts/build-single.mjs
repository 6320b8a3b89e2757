// Bundles the whole CLI into one file, dist/ftpctl.mjs, for servers that have
// only their distribution's Node (Debian 12's and Ubuntu 24.04's `nodejs` is
// Node 18): operators copy it with scp and run `node ftpctl.mjs apply --yes`.
// It needs nothing beside it: no node_modules, no other dist file, no
// templates/ or docs/ (what src/core/package-root.ts would read from the
// package is embedded), so it runs from /tmp as well as anywhere.
//
//   node scripts/build-single.mjs [--no-minify]   (scripts/build.mjs runs it)
//
// How it differs from the dist/ bundles that bin/ftpctl.js loads:
// - One ES module, every `import()` inlined (esbuild without splitting), no
//   code caches, no source map: start-up is not what this file is for.
// - Syntax lowered to Node 18 (esbuild's target). What the dist/ bundles
//   need of newer Node, and how this file does without it:
//   * process.getBuiltinModule (Node 20.16): built-ins come from `require`
//     (see builtinsByRequire).
//   * CommonJS dependencies (node-forge, basic-ftp, ini) `require` built-ins:
//     an ES module has no `require`, so the banner makes one (createRequire).
//   * import.meta.url, which package-root.ts walked up from: replaced, see
//     embeddedPackage.
//   * yargs-parser's refusal of Node < 20: see yargsParserGate.
//   The source itself uses nothing newer than Node 18.19 has (statfsSync
//   came in 18.15; execa wants 18.19); test/node-versions.test.ts runs the
//   CLI suite with this file on Node 18.19 and test/container/node18.test.ts
//   on Debian's own. Every command works there. An older Node gets one line
//   from the banner and exit 2 (Node 12 and 14 cannot parse the file at all).
// - The same shims as the dist/ bundles (src/shims/*), so yargs behaves the
//   same; yargs 18 declares Node >= 20.19 only because it is ESM-only
//   (require(esm)), which a bundle never asks of Node.
import { build } from "esbuild";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = `${root}src/`;
const outfile = process.argv.find((a) => a.startsWith("--outfile="))?.slice(10) ?? `${root}dist/ftpctl.mjs`;
const minify = !process.argv.includes("--no-minify");
const { version } = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

/** The package files ftpctl reads at run time: the built-in profiles, the layout, the rule pages. */
function packageFiles() {
  const files = {};
  const walk = (dir) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const rel = `${dir}/${name}`;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else files[rel] = readFileSync(join(root, rel), "utf8");
    }
  };
  walk("templates");
  walk("docs/rules");
  return files;
}

/** src/core/package-root.ts, serving the same files from the bundle. */
const embeddedPackage = {
  name: "embedded-package",
  setup(b) {
    b.onResolve({ filter: /\/package-root\.js$/ }, (args) =>
      args.importer.startsWith(src) ? { path: "package-root", namespace: "embedded-package" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "embedded-package" }, () => ({
      contents: [
        'import { dirname } from "node:path";',
        'import { fileURLToPath } from "node:url";',
        `const FILES = ${JSON.stringify(packageFiles())};`,
        "function missing(path) {",
        "  return Object.assign(new Error(`ENOENT: no such file or directory, open '${path}' (embedded in ftpctl.mjs)`), { code: 'ENOENT', errno: -2, path });",
        "}",
        // No package around the file: the directory it was copied to stands in for the root, so code
        // that only names a package path (SARIF's helpUri, src/lint/format/help-uri.ts) gets one.
        "export function packageRoot() {",
        "  return dirname(fileURLToPath(import.meta.url));",
        "}",
        "export function readPackageFile(...parts) {",
        "  const path = parts.join('/');",
        "  if (!Object.hasOwn(FILES, path)) throw missing(path);",
        "  return FILES[path];",
        "}",
        "export function listPackageDir(...parts) {",
        "  const dir = `${parts.join('/')}/`;",
        "  const names = Object.keys(FILES).filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length).split('/')[0]);",
        "  if (!names.length) throw missing(parts.join('/'));",
        "  return [...new Set(names)];",
        "}",
      ].join("\n"),
      loader: "js",
    }));
  },
};

// The dist/ bundles' shims (see scripts/build.mjs and each shim's header).
const shims = {
  name: "shims",
  setup(b) {
    const shim = (name) => ({ path: `${src}shims/${name}.ts` });
    b.onResolve({ filter: /^string-width$/ }, () => shim("string-width"));
    b.onResolve({ filter: /platform-shims\/esm\.mjs$/ }, () => shim("yargs-platform"));
  },
};

/**
 * yargs-parser refuses to load on Node < 20 ("yargs parser supports a minimum
 * Node.js version of 20"): its support policy, not a need of its code, which
 * test/container/node18.test.ts runs on Debian's Node 18. The gate reads its
 * minimum from YARGS_MIN_NODE_VERSION; setting that in process.env would
 * reach every command ftpctl runs, so the build lowers the default instead,
 * and fails if the gate ever changes shape.
 */
const yargsParserGate = {
  name: "yargs-parser-gate",
  setup(b) {
    b.onLoad({ filter: /\/yargs-parser\/build\/lib\/index\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const gate = /(\? Number\(process\.env\.YARGS_MIN_NODE_VERSION\)\s*: )20;/;
      if (!gate.test(text)) throw new Error(`${args.path}: yargs-parser's Node version gate changed; check it still runs on Node 18`);
      return { contents: text.replace(gate, "$118;"), loader: "js" };
    });
  },
};

/**
 * Built-ins through `require`, not ES imports: Node links a named import
 * (`import { statfsSync } from "node:fs"`) before any code runs, so on a Node
 * that lacks one export the whole file would stop with a SyntaxError and
 * a stack trace, before the version check in the banner could say why in
 * one line. Through require, a missing export is only undefined until used.
 */
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      // The require in the module below is Node's own, made by the banner.
      return args.namespace === "builtin" ? { path: args.path, external: true } : { path: args.path, namespace: "builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: "js" }));
  },
};

const entry = [
  `import { main } from ${JSON.stringify(`${src}cli.ts`)};`,
  "process.exit(await main(process.argv.slice(2)));",
].join("\n");

await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: "ftpctl-single.ts", loader: "ts" },
  outfile,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node18",
  minify,
  legalComments: "none",
  logLevel: "warning",
  plugins: [embeddedPackage, shims, yargsParserGate, builtinsByRequire],
  define: { __FTPCTL_VERSION__: JSON.stringify(version) },
  banner: {
    js: [
      "#!/usr/bin/env node",
      `// ftpctl ${version}, the whole CLI in one file for Node 18 and later (scripts/build-single.mjs).`,
      // Below 18.19 (execa's own minimum) one line says so, where the file parses at all.
      "{ const [a, b] = process.versions.node.split('.').map(Number);",
      "  if (a < 18 || (a === 18 && b < 19)) { process.stderr.write(`ftpctl: needs Node 18.19 or later; this is Node ${process.versions.node}\\n`); process.exit(2); } }",
      'import { createRequire as __ftpctlCreateRequire } from "node:module";',
      "const require = __ftpctlCreateRequire(import.meta.url);",
    ].join("\n"),
  },
});

console.log(`${relative(process.cwd(), outfile) || outfile}: ${(statSync(outfile).size / 1024).toFixed(0)} KiB`);
