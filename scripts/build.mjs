// Bundles the CLI into dist/ with esbuild, trains its V8 code caches, then
// regenerates the rule index (before) and the derived docs (after):
// docs/options.md and README.md's rule table (scripts/gen-options-doc.mjs),
// and the profile reference docs/profiles.md (scripts/gen-profile-doc.mjs).
//
//   node scripts/build.mjs [--no-minify]   (--no-minify: readable names for `node --cpu-prof`)
//
// Layout. dist/cli.js holds the CLI shell: yargs, the command declarations,
// everything src/cli.ts imports statically. Every `import()` of a src/ file
// becomes its own file, named after its source path (src/commands/lint/run.ts
// -> dist/commands-lint-run.js) and bundled whole, so `ftpctl lint FILE` reads
// three bundles: cli.js, commands-lint-run.js and the formatter in use. Lazy files may
// carry copies of the small modules they share (the linter and rules are in
// both commands-lint-run.js and lint-fix.js), but never of a module cli.js holds: they
// take those from cli.js's `__resident` export, so there is one FtpctlError
// class and `instanceof` keeps working. (esbuild's `splitting` instead puts
// every module two chunks share into a further chunk; `lint` loaded ten.)
//
// Start-up budget (bench/lint-startup.mjs, bench/profile-startup.mjs):
// `ftpctl lint FILE`, `validate` and `render` should each cost at most 1.5x a
// bare `node -e 0`. What the build does about it:
// - The bundles are CommonJS-style scripts that bin/ftpctl.js compiles with
//   vm.Script and a V8 code cache (dist/<name>.js.cache). The caches are
//   written here, after training runs of the real CLI (lint over examples/;
//   init, validate, explain and render on a profile), so they hold every
//   function such a run compiles, not just the top level; compiling
//   yargs and the rules from source was about 10 ms of a ~78 ms run. (A cache
//   taken right after compiling, before running, holds little more than the
//   top-level code, and saves little.) Bundles no training run loads
//   (import, --fix, cert) have no cache and compile from source.
//   Each bundle ends with a `// ftpctl-build <hash>` line that
//   its cache repeats, so a cache never meets a bundle it was not made from;
//   V8 itself rejects caches from another Node version, and the bundle is then
//   compiled as usual. dist/package.json marks the bundles CommonJS, so
//   Node's own loader runs them too (`require("ftpctl/dist/cli.js")`).
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
import { execFileSync, spawn } from "node:child_process";
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
      args.namespace === "lazy" || args.namespace === "from-cli" ? { path: args.path, external: true } : undefined,
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
  sourcemap: true,
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
const resident = Object.keys(probe.metafile.inputs)
  .map((p) => `${root}${p}`)
  .filter((p) => p.startsWith(src) && !p.startsWith(`${src}shims/`) && /\.ts$/.test(p));
const key = (file) => relative(root, file);
const names = await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins],
  entryPoints: resident,
  outdir: "/",
  outbase: root,
  format: "esm",
  packages: "external",
  write: false,
  metafile: true,
});
const exportsOf = new Map(
  Object.values(names.metafile.outputs)
    .filter((o) => o.entryPoint)
    .map((o) => [`${root}${o.entryPoint}`, o.exports]),
);

// 2. cli.js, which also exports each of those modules for the lazy files.
const entry = [
  `export * from ${JSON.stringify(`${src}cli.ts`)};`,
  ...resident.map((f, i) => `import * as r${i} from ${JSON.stringify(f)};`),
  `export const __resident = { ${resident.map((f, i) => `${JSON.stringify(key(f))}: r${i}`).join(", ")} };`,
].join("\n");
await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins, lazyBoundary],
  stdin: { contents: entry, resolveDir: root, sourcefile: "dist-entry.ts", loader: "ts" },
  outfile: `${out}cli.js`,
});

/** In a lazy file, a module cli.js holds is taken from cli.js, not bundled again. */
const fromCli = {
  name: "from-cli",
  setup(b) {
    const residentSet = new Set(resident);
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== "import-statement" || args.pluginData?.inner || args.namespace !== "file") return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
      return !r.errors.length && residentSet.has(r.path) ? { path: key(r.path), namespace: "from-cli" } : undefined;
    });
    // An ES module with the resident module's own export names, so `default` stays its default.
    b.onLoad({ filter: /.*/, namespace: "from-cli" }, (args) => {
      const lines = [
        'import { __resident } from "./cli.js";',
        `const m = __resident[${JSON.stringify(args.path)}];`,
        ...(exportsOf.get(`${root}${args.path}`) ?? []).map((n) =>
          n === "default" ? "export default m.default;" : `export const ${n} = m.${n};`,
        ),
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

// 3. Each lazily imported file, and the files they in turn import lazily.
const done = new Set();
for (let next; (next = [...lazy].find((f) => !done.has(f))); ) {
  done.add(next);
  await build({
    ...common,
    plugins: [shims, pureRules, yamlEsm, builtins, lazyBoundary, fromCli],
    entryPoints: [next],
    outfile: `${out}${outName(next)}`,
  });
}

// 3b. The library entry, `import { startServer } from "ftpctl"` (package.json "exports"): one
// self-contained bundle, loaded only by programs that import ftpctl, never by the CLI.
await build({
  ...common,
  plugins: [shims, pureRules, yamlEsm, builtins],
  entryPoints: [`${src}server/index.ts`],
  outfile: `${out}index.js`,
});

// 4. Stamp each bundle with a hash of its text, for its code cache to repeat.
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

// 5. Train the code caches: each run writes the caches of the bundles it
// loaded, as compiled by the end of the run. The profile commands run first,
// on a profile extending three built-ins (four YAML files, four layers to
// validate, TLS options whose rendered text lint checks), so each of their
// bundles holds the functions a real run compiles; untrained, they compiled
// from source, which made `validate` and `render` 1.6-1.8x a bare node. cli.js
// is rewritten by every run and keeps the last one's cache: the lint runs go
// last, and the default format last of all, so the shared bundles keep that
// run's cache (a profile command's own few functions in cli.js, compiled on
// the fly, cost it nothing measurable).
const train = (argv, { cwd = root, ok = [0] } = {}) => {
  try {
    execFileSync(process.execPath, [`${root}bin/ftpctl.js`, ...argv], {
      cwd,
      env: { ...process.env, FTPCTL_WRITE_CODE_CACHE: "1", NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (err) {
    // Anything but an expected exit code means the bundle, or the training profile, is broken.
    if (!ok.includes(err.status)) throw new Error(`training run 'ftpctl ${argv.join(" ")}' exited ${err.status}\n${err.stderr}`);
  }
};
/**
 * A training run of `ftpctl serve`, which runs until a signal: stopped with
 * SIGTERM once it prints its URL, it returns from main() and writes its caches
 * like any other command. Untrained, compiling its bundle from source was
 * about a third of serve's start-up (bench/serve-startup.mjs).
 */
const trainServe = (argv, { cwd }) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}bin/ftpctl.js`, "serve", ...argv, "--port", "0"], {
      cwd,
      env: { ...process.env, FTPCTL_WRITE_CODE_CACHE: "1", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let stopping = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.stdout.on("data", (d) => {
      out += d;
      if (stopping || !/^serving /m.test(out)) return;
      stopping = true;
      child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => (err += d));
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0 && /^stopped$/m.test(out)) resolve();
      else reject(new Error(`training run 'ftpctl serve ${argv.join(" ")}' exited ${code}\n${err}`));
    });
  });
const trainDir = mkdtempSync(`${tmpdir()}/ftpctl-train-`);
try {
  train(["init", "--profile", "local", "--profile", "jailed", "--profile", "ftps", "--output=-"], { cwd: trainDir });
  // Values of the user's own beside the built-ins' ones, as in most profiles.
  writeFileSync(`${trainDir}/ftpctl.yaml`, "extends: [local, jailed, ftps]\nbanner: Authorised use only.\nlisten:\n  port: 2121\n");
  for (const argv of [["validate"], ["explain"], ["render"]]) train(argv, { cwd: trainDir });
  // Certificates: an EC key is quick to make and runs the same X.509 code as RSA.
  train(["cert", "generate", "--key-type", "ec", "--cn", "train.invalid", "--cert", `${trainDir}/c.pem`, "--key", `${trainDir}/k.pem`], { cwd: trainDir });
  train(["cert", "inspect", `${trainDir}/c.pem`, "--key", `${trainDir}/k.pem`], { cwd: trainDir });
  // serve on a profile (its own bundle, commands-serve-profile.js), then on a plain vsftpd.conf,
  // anonymous and read-only, as most runs are: the serve bundle keeps the last run's cache.
  writeFileSync(`${trainDir}/serve.yaml`, "extends: [anonymous]\n");
  await trainServe(["serve.yaml", "--root", trainDir], { cwd: trainDir });
  writeFileSync(`${trainDir}/vsftpd.conf`, "listen=YES\nlisten_ipv6=NO\nanonymous_enable=YES\nlocal_enable=NO\n");
  await trainServe(["vsftpd.conf", "--root", trainDir], { cwd: trainDir });
} finally {
  rmSync(trainDir, { recursive: true, force: true });
}
const examples = readdirSync(`${root}examples`)
  .filter((n) => n.endsWith(".conf"))
  .map((n) => `${root}examples/${n}`);
// Exit 1 means findings.
for (const format of ["sarif", "github", "json", "text"]) train(["lint", "--format", format, ...examples], { ok: [0, 1] });

execFileSync(process.execPath, [`${root}scripts/gen-options-doc.mjs`], { stdio: "inherit" });
execFileSync(process.execPath, [`${root}scripts/gen-profile-doc.mjs`], { stdio: "inherit" });
