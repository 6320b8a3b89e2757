#!/usr/bin/env node
// Starts ftpctl from its bundles in dist/ (see scripts/build.mjs).
//
// The bundles are CommonJS-style scripts, loaded here with vm.Script and the
// V8 code cache the build trained for each (dist/<name>.js.cache) rather than
// through Node's module loader, which on Node 20 keeps no code cache: without
// one, compiling yargs and the lint rules costs about a seventh of a lint
// run. The cache is used only when its first line repeats the bundle's last
// (`// ftpctl-build <hash>`); V8 rejects one from another Node version. Either
// way the bundle then compiles from source, only more slowly.
// FTPCTL_WRITE_CODE_CACHE=1 is for the build's training runs: compile from
// source, then write each loaded bundle's cache once the command is done.
const { readFileSync, writeFileSync } = process.getBuiltinModule("fs");
const { Script, constants } = process.getBuiltinModule("vm");
const { fileURLToPath } = process.getBuiltinModule("url");

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const training = process.env.FTPCTL_WRITE_CODE_CACHE === "1";
const modules = new Map();
const compiled = [];

function requireFromBundle(id) {
  if (id.startsWith("./")) return load(id.slice(2));
  const builtin = process.getBuiltinModule(id);
  if (builtin) return builtin;
  throw new Error(`ftpctl: a bundle asked for '${id}', which the build did not bundle`);
}

function load(name) {
  const known = modules.get(name);
  if (known) return known.exports;
  const file = dist + name;
  const source = readFileSync(file, "utf8");
  const stamp = source.slice(source.lastIndexOf("// ftpctl-build ")).trimEnd();
  let cachedData;
  if (!training) {
    try {
      const cache = readFileSync(`${file}.cache`);
      if (cache.toString("latin1", 0, stamp.length + 1) === `${stamp}\n`) cachedData = cache.subarray(stamp.length + 1);
    } catch {}
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  modules.set(name, module);
  if (training) compiled.push({ file, stamp, script });
  script.runInThisContext().call(module.exports, module.exports, requireFromBundle, module, file, dist);
  return module.exports;
}

const code = await load("cli.js").main(process.argv.slice(2));

for (const { file, stamp, script } of compiled) {
  writeFileSync(`${file}.cache`, Buffer.concat([Buffer.from(`${stamp}\n`, "latin1"), script.createCachedData()]));
}

// Exit here rather than let the event loop drain: a natural exit closes the
// signal watchers first, which puts SIGINT/SIGTERM back to their default
// action, so a Ctrl-C in that last moment would kill the process after it
// reported success (the shell would read 130, "interrupted"). Output is
// already out: cli.js writes synchronously.
process.exit(code);
