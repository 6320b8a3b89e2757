// Bundles the CLI into dist/ with esbuild, then regenerates the rule index
// (before) and the derived docs (after): docs/options.md and README.md's rule
// table (scripts/gen-options-doc.mjs), and the profile reference
// docs/profiles.md (scripts/gen-profile-doc.mjs). `npm pack` runs it
// (package.json `prepare`), so a tarball made from a fresh clone carries dist/.
//
//   node scripts/build.mjs [--no-minify]   (--no-minify: readable names and source maps for `node --cpu-prof`)
//
// Layout. dist/cli.js holds the CLI shell: yargs, the command declarations,
// everything src/cli.ts imports statically. Every `import()` of a src/ file
// becomes its own file, named after its source path (src/commands/lint/run.ts
// -> dist/commands-lint-run.js), so `ftpctl lint FILE` reads three bundles:
// cli.js, commands-lint-run.js and the formatter in use. No lazy file carries a copy of a
// module cli.js holds: it takes those from cli.js's `__resident` export, so
// there is one FtpctlError class and `instanceof` keeps working. The profile
// pipeline, which a dozen commands share, is a second such hub (3a); other
// small modules may be copied into several files (the linter and rules are in
// commands-lint-run.js, lint-fix.js and the profile hub). (esbuild's `splitting`
// instead puts every module two chunks share into a further chunk; `lint`
// loaded ten.) dist/index.js is the library entry (src/index.ts), with its
// declarations in dist/types/.
//
// Start-up budget (bench/lint-startup.mjs, bench/profile-startup.mjs,
// bench/node-versions.mjs): `ftpctl lint FILE`, `validate` and `render` should
// each cost at most 1.5x a bare `node -e 0`. What the build does about it:
// - The bundles are CommonJS-style scripts, so bin/ftpctl.js can compile them
//   with a V8 code cache of the user's own (see its header): compiling yargs
//   and the rules from source was about 10 ms of a ~78 ms run. Each bundle ends
//   with a `// ftpctl-build <hash>` line that its cache repeats, so a cache
//   never meets a bundle it was not made from. dist/package.json marks the
//   bundles CommonJS, so Node's own loader runs them too
//   (`require("ftpctl/dist/cli.js")`; dist/index.js in a program that imports ftpctl).
// - Shims (src/shims/*) replace dependency code whose load-time work ftpctl
//   never uses; see each shim's header. `yaml` is bundled from its ES build
//   and the lint rules are marked pure, so bundles keep only what they use
//   (see yamlEsm and pureRules).
// - Node built-ins come from process.getBuiltinModule(), each on first use
//   (see `builtins`). An ESM `import` of a built-in builds a namespace of all
//   its exports, which runs node:fs's lazy getters (fs.promises, ReadStream)
//   and loads the streams stack (~2 ms).
// - Minified, so V8 has less source to read.
import { build } from "esbuild";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { builtinModules, createRequire } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = `${root}src/`;
const dist = `${root}dist/`;
// Bundles are written here and replace dist/ only once complete, so a failed
// build, or a test run reading dist/ meanwhile, never sees half a dist/.
const out = `${root}dist.tmp-${process.pid}/`;
const { version } = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const minify = !process.argv.includes("--no-minify");

execFileSync(process.execPath, [`${root}scripts/gen-rule-index.mjs`], { stdio: "inherit" });
execFileSync(process.execPath, [`${root}scripts/gen-profile-schema.mjs`], { stdio: "inherit" });
rmSync(out, { recursive: true, force: true });
process.on("exit", () => rmSync(out, { recursive: true, force: true }));

/** dist file name for a lazily imported source file: src/commands/lint/run.ts -> commands-lint-run.js. */
const outName = (file) => `${relative(src, file).replace(/\.[cm]?[jt]s$/, "").replaceAll("/", "-")}.js`;

// Swap heavy dependencies for small local equivalents; see each shim's header.
const shims = {
  name: "shims",
  setup(b) {
    const shim = (name) => ({ path: `${src}shims/${name}.ts` });
    b.onResolve({ filter: /^string-width$/ }, () => shim("string-width"));
    b.onResolve({ filter: /^node:module$/ }, () => shim("node-module"));
    b.onResolve({ filter: /platform-shims\/esm\.mjs$/ }, () => shim("yargs-platform"));
  },
};

/**
 * Marks each rule's `defineRule({...})` (an identity function, there for the
 * types) as pure, so a bundle that never lints drops the rules: esbuild
 * honours a pure annotation only at the call, not on the function. `explain`
 * reaches the linter through src/profile/pipeline.ts without calling it; the
 * rules it no longer loads were about 1.5 ms of its start-up.
 */
const pureRules = {
  name: "pure-rules",
  setup(b) {
    b.onLoad({ filter: /\/src\/lint\/rules\/[^/]+\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replace(/^export default defineRule\(/m, "export default /* @__PURE__ */ defineRule("),
      loader: "ts",
    }));
  },
};

/**
 * `yaml` as ES modules: the package's Node entry is CommonJS, which esbuild
 * bundles whole, each module in a wrapper run on first require; the ES build
 * (the package's `default` export condition, the same code) is tree-shaken
 * and hoisted into the bundle's own scope, about 1 ms less for each profile
 * command (bench/profile-startup.mjs). Where the two builds differ, the
 * Node one's log.js (warnings go to process.emitWarning, not console.warn) is
 * kept; gone are its debugging hooks, which read process.env for every token
 * and, with LOG_TOKENS or LOG_STREAM set, print yaml's tokens to stdout, in
 * the middle of `render`'s output. (The yaml-1.1 !!binary tag, the other
 * difference, is outside the core schema profiles are read with.)
 */
const yamlEsm = {
  name: "yaml-esm",
  setup(b) {
    const pkg = `${realpathSync(dirname(createRequire(import.meta.url).resolve("yaml/package.json")))}/`;
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: `${pkg}browser/dist/index.js` }));
    b.onResolve({ filter: /\/log\.js$/ }, (args) =>
      resolve(args.resolveDir, args.path) === `${pkg}browser/dist/log.js` ? { path: "yaml-log", namespace: "yaml-log" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "yaml-log" }, () => ({
      contents: [
        "export function debug(logLevel, ...messages) { if (logLevel === 'debug') console.log(...messages); }",
        "export function warn(logLevel, warning) {",
        "  if (logLevel === 'debug' || logLevel === 'warn') {",
        "    if (typeof process.emitWarning === 'function') process.emitWarning(warning);",
        "    else console.warn(warning);",
        "  }",
        "}",
      ].join("\n"),
      loader: "js",
    }));
  },
};

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));

/**
 * `import { x } from "node:crypto"` becomes an object of getters that fetch
 * the built-in through process.getBuiltinModule on first use: a rule that
 * needs node:crypto only under --host must not load it (~4 ms) for every run.
 */
const builtins = {
  name: "builtins",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, "");
      return BUILTINS.has(name) ? { path: name, namespace: "builtin" } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "builtin" }, async (args) => {
      // Names only: reading them here, at build time, costs nothing at run time.
      const names = Object.keys(await import(`node:${args.path}`)).filter((n) => n !== "default");
      // The getters sit on the prototype: esbuild's import helper (__toESM)
      // copies own properties one by one, but inherits the prototype for free.
      const lines = [
        "let m;",
        `const get = () => (m ??= process.getBuiltinModule(${JSON.stringify(args.path)}));`,
        "module.exports = Object.create({",
        ...names.map((n) => `  get ${JSON.stringify(n)}() { return get()[${JSON.stringify(n)}]; },`),
        "});",
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

/** Source files reached by `import()`; each becomes its own dist file. */
const lazy = new Set();

/** Turns `import("./x.js")` of a src/ file into a require of its own dist file, made when the import runs. */
const lazyBoundary = {
  name: "lazy-boundary",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== "dynamic-import" || args.pluginData?.inner) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
      if (r.errors.length || !r.path.startsWith(src)) return undefined;
      lazy.add(r.path);
      return { path: outName(r.path), namespace: "lazy" };
    });
    // An ES module, so the importer sees the file's own exports, `default` included.
    b.onLoad({ filter: /.*/, namespace: "lazy" }, (args) => {
      const file = JSON.stringify(`./${args.path}`);
      return { contents: `export * from ${file};\nexport { default } from ${file};`, loader: "js" };
    });
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) =>
      args.namespace === "lazy" || args.namespace === "from-hub" ? { path: args.path, external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  minify,
  // Source maps only for the readable build (profiling); the package ships none.
  sourcemap: !minify,
  legalComments: "none",
  define: { __FTPCTL_VERSION__: JSON.stringify(version), "import.meta.url": "__ftpctl_module_url" },
  banner: { js: 'var __ftpctl_module_url = require("url").pathToFileURL(__filename).href;' },
};

// 1. Which source files cli.js holds.
const probe = await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins, lazyBoundary],
  entryPoints: [`${src}cli.ts`],
  outdir: out,
  write: false,
  metafile: true,
});
lazy.clear();
/** The modules a probe build bundled itself (no shims, built-ins or modules taken from a hub), as absolute paths. */
const bundledInputs = (meta) =>
  Object.keys(meta.inputs)
    .filter((p) => !/^[\w-]+:/.test(p))
    .map((p) => resolve(root, p))
    .filter((p) => !p.startsWith(`${src}shims/`));
const resident = bundledInputs(probe.metafile).filter((p) => p.startsWith(src) && /\.ts$/.test(p));
const key = (file) => relative(root, file);
/** Each module's export names, for the modules standing in for it in the files that take it from a hub. */
const exportsOf = new Map();
async function readExports(files) {
  const names = await build({
    ...common,
    plugins: [shims, pureRules, yamlEsm, builtins],
    entryPoints: files,
    outdir: "/",
    outbase: root,
    format: "esm",
    packages: "external",
    write: false,
    metafile: true,
  });
  for (const o of Object.values(names.metafile.outputs)) if (o.entryPoint) exportsOf.set(resolve(root, o.entryPoint), o.exports);
}
await readExports(resident);

/** An entry that exports `file`'s own exports and, as `__resident`, every module of `modules` whole. */
const hubEntry = (file, modules) =>
  [
    `export * from ${JSON.stringify(file)};`,
    ...modules.map((f, i) => `import * as r${i} from ${JSON.stringify(f)};`),
    `export const __resident = { ${modules.map((f, i) => `${JSON.stringify(key(f))}: r${i}`).join(", ")} };`,
  ].join("\n");

// 2. cli.js, which also exports each of those modules for the lazy files.
await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins, lazyBoundary],
  stdin: { contents: hubEntry(`${src}cli.ts`, resident), resolveDir: root, sourcefile: "dist-entry.ts", loader: "ts" },
  outfile: `${out}cli.js`,
});

/**
 * In a lazy file, a module a hub holds is taken from that hub, not bundled
 * again: from cli.js always (one FtpctlError class), from the profile hub
 * when the file uses it (3a).
 */
const fromHubs = (hubs) => ({
  name: "from-hubs",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== "import-statement" || args.pluginData?.inner || args.namespace !== "file") return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
      const hub = r.errors.length ? undefined : hubs.find((h) => h.modules.has(r.path));
      return hub ? { path: key(r.path), namespace: "from-hub", pluginData: { hub: hub.file } } : undefined;
    });
    // An ES module with the hub module's own export names, so `default` stays its default.
    b.onLoad({ filter: /.*/, namespace: "from-hub" }, (args) => {
      const lines = [
        `import { __resident } from ${JSON.stringify(`./${args.pluginData.hub}`)};`,
        `const m = __resident[${JSON.stringify(args.path)}];`,
        ...(exportsOf.get(resolve(root, args.path)) ?? []).map((n) =>
          n === "default" ? "export default m.default;" : `export const ${n} = m.${n};`,
        ),
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
});
const cliHub = { file: "cli.js", modules: new Set(resident) };

// 3a. The profile hub: the profile pipeline (loading, schema, cross-checks,
// rendering, the linter and its rules, yaml) that every profile command,
// plan, apply and verify share, about 330 kB. Each of those files
// used to carry its own copy, which made the package 6 MB; now a lazy file
// that would hold at least half of the hub takes the hub's modules from it
// (one more file to read for those commands). Files that share less, `lint`
// and `serve` above all, keep their own copies and load no more than today.
/** Output bytes of `hub`'s modules in a probe build. */
const hubBytes = (hub, meta) =>
  Object.values(meta.outputs)
    .flatMap((o) => Object.entries(o.inputs))
    .filter(([p]) => !/^[\w-]+:/.test(p) && hub.modules.has(resolve(root, p)))
    .reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
const hubs = [];
/** The plugins that bundle `file`: it takes a hub's modules from that hub when it would hold at least half of the hub. */
async function pluginsFor(file) {
  const alone = [shims, pureRules, yamlEsm, builtins, lazyBoundary, fromHubs([cliHub])];
  if (!hubs.length) return alone;
  const own = await build({ ...common, plugins: alone, entryPoints: [file], outdir: out, write: false, metafile: true });
  const taken = hubs.filter((h) => hubBytes(h, own.metafile) * 2 >= h.size);
  return [shims, pureRules, yamlEsm, builtins, lazyBoundary, fromHubs([cliHub, ...taken])];
}
// 3a'. The provisioning hub: plan's command file, which apply imports whole and
// which holds the planner, every resource, the executors and --ssh (about
// 250 kB); apply, doctor and the exports took a copy each, which pushed the
// package past 1 MB packed.
for (const hubSource of [`${src}profile/pipeline.ts`, `${src}commands/plan/run.ts`]) {
  const plugins = await pluginsFor(hubSource);
  const hubProbe = await build({ ...common, plugins, entryPoints: [hubSource], outdir: out, write: false, metafile: true });
  const hubModules = bundledInputs(hubProbe.metafile);
  await readExports(hubModules);
  const hub = { file: outName(hubSource), modules: new Set(hubModules), size: 0 };
  hub.size = hubBytes(hub, hubProbe.metafile);
  await build({
    ...common,
    plugins,
    stdin: { contents: hubEntry(hubSource, hubModules), resolveDir: root, sourcefile: `${hub.file}.ts`, loader: "ts" },
    outfile: `${out}${hub.file}`,
  });
  hubs.push(hub);
}

// 3b. The library entry, `import { lint, render, startServer } from "ftpctl"` (package.json
// "exports"), loaded only by programs that import ftpctl, never by the CLI. It takes what it
// can from both hubs, as the commands do: a program that imports ftpctl loads cli.js too
// (yargs and the command declarations, never run), which costs it a few ms and spares the
// package a third copy of the profile pipeline.
await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins, lazyBoundary, fromHubs([cliHub, ...hubs])],
  entryPoints: [`${src}index.ts`],
  outfile: `${out}index.js`,
});

// 3c. Each lazily imported file (the library's too), and the files they in turn import lazily.
const done = new Set([`${src}profile/pipeline.ts`, `${src}commands/plan/run.ts`]);
for (let next; (next = [...lazy].find((f) => !done.has(f))); ) {
  done.add(next);
  await build({ ...common, plugins: await pluginsFor(next), entryPoints: [next], outfile: `${out}${outName(next)}` });
}

// 4. Stamp each bundle with a hash of its text, for its code cache to repeat (bin/ftpctl.js).
for (const name of readdirSync(out).filter((n) => n.endsWith(".js"))) {
  const hash = createHash("sha256").update(readFileSync(`${out}${name}`)).digest("hex").slice(0, 16);
  appendFileSync(`${out}${name}`, `\n// ftpctl-build ${hash}\n`);
}
writeFileSync(`${out}package.json`, '{ "type": "commonjs" }\n');
const old = `${root}dist.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });

// Declarations for the library entry (tsconfig.lib.json), beside the bundles.
execFileSync(process.execPath, [createRequire(import.meta.url).resolve("typescript/bin/tsc"), "-p", `${root}tsconfig.lib.json`], { stdio: "inherit" });

// 5. One real run of the bundles, to fail the build rather than a user's first
// command when a bundle cannot load: lint (exit 1: findings) over examples/, with a
// throwaway cache directory so the build leaves the builder's own cache alone.
const smokeCache = mkdtempSync(`${tmpdir()}/ftpctl-build-`);
try {
  const examples = readdirSync(`${root}examples`)
    .filter((n) => n.endsWith(".conf"))
    .map((n) => `${root}examples/${n}`);
  const r = spawnSync(process.execPath, [`${root}bin/ftpctl.js`, "lint", ...examples], {
    env: { ...process.env, XDG_CACHE_HOME: smokeCache, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the built CLI failed: 'ftpctl lint examples/*.conf' exited ${r.status}\n${r.stderr}`);
} finally {
  rmSync(smokeCache, { recursive: true, force: true });
}

execFileSync(process.execPath, [`${root}scripts/gen-options-doc.mjs`], { stdio: "inherit" });
execFileSync(process.execPath, [`${root}scripts/gen-profile-doc.mjs`], { stdio: "inherit" });

// dist/ftpctl.mjs: the whole CLI in one file for Node 18 (scripts/build-single.mjs).
execFileSync(process.execPath, [`${root}scripts/build-single.mjs`, ...(minify ? [] : ["--no-minify"])], { stdio: "inherit" });
