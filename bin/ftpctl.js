#!/usr/bin/env node
// Starts ftpctl from its bundles in dist/ (see scripts/build.mjs).
//
// Compiling yargs and the lint rules from source costs about a seventh of a
// lint run, so the compiled code is cached per user, on the user's machine: a
// V8 code cache is valid for one exact Node build only, so none ships in the
// package. The bundles (CommonJS-style scripts) are compiled here with
// vm.Script, and the cache of each one a command had to compile from source
// is written once that command is done, so it holds every function the run
// compiled, not just the top level (and grows over the next runs: GROWN).
// A cache is used only when its first line
// repeats the bundle's last (`// ftpctl-build <hash>`); V8 itself rejects one
// from another Node build, and the bundle then compiles as usual.
// Node 22's own compile cache (module.enableCompileCache(), with the bundles
// loaded by require) was measured instead and is not used: it is taken right
// after compiling, holds half as much, and `lint` started 20-40% slower with
// it on Node 22 and 24 than with the cache made here.
//
// This file is CommonJS (bin/package.json says so): Node 22 and 24 start a
// CommonJS main without setting up the ES module loader, about 5 ms of a
// ~45 ms lint run there (bench/node-versions.mjs).
//
// The cache directory is $XDG_CACHE_HOME/ftpctl (default ~/.cache/ftpctl),
// made 0700. It is used only when it and its parent are real directories
// owned by this user, not links: root running with another user's HOME (sudo
// -E) leaves that home alone. A cache that cannot be read or written costs
// speed, never the command: every failure here is ignored.
if (typeof process.getBuiltinModule !== "function") {
  process.stderr.write(`ftpctl: needs Node.js 20.19 or later; this is ${process.version} (dist/ftpctl.mjs runs on Node 18)\n`);
  process.exit(2);
}
const { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync, constants: fsc } = process.getBuiltinModule("fs");
const { Script, constants } = process.getBuiltinModule("vm");
const { resolve } = process.getBuiltinModule("path");

const dist = `${resolve(__dirname, "../dist")}/`;
const CACHE_MAX = 32 * 1024 * 1024;
/** How many runs after the first may still add what they compiled to a bundle's cache. */
const GROWN = 3;

/** The user's cache directory for ftpctl, or undefined when there is none this process may trust. */
function cacheDir(create) {
  try {
    const uid = process.geteuid();
    const env = process.env;
    const xdg = env.XDG_CACHE_HOME?.startsWith("/") ? env.XDG_CACHE_HOME : undefined;
    const base = xdg ?? `${env.HOME?.startsWith("/") ? env.HOME : process.getBuiltinModule("os").homedir()}/.cache`;
    // A directory of ours that only we can change; made (one level, 0700) when its parent is one too.
    const own = (path, make) => {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (st) return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
      // Never a new top-level directory: HOME=/nonexistent (nobody's, as in a test run as root) must not become one.
      const parent = path.slice(0, path.lastIndexOf("/"));
      if (!make || parent === "" || !own(parent, false)) return false;
      mkdirSync(path, { mode: 0o700 });
      return own(path, false);
    };
    const dir = `${base}/ftpctl`;
    return own(base, create) && own(dir, create) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes of a cache file, when it is a regular file of ours and of sane size. */
function readCache(file) {
  let fd;
  try {
    fd = openSync(file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== process.geteuid() || st.size > CACHE_MAX) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    for (let r; n < st.size && (r = readSync(fd, buf, n, st.size - n, n)) > 0; ) n += r;
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `file` with `data` through a fresh temp file, so a reader never sees half a cache. */
function writeCache(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd;
  try {
    fd = openSync(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o600);
    for (let n = 0; n < data.length; ) n += writeSync(fd, data, n);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {}
  }
}

function notBuilt(err) {
  if (err?.code !== "ENOENT" || err.path !== `${dist}cli.js`) return false;
  const checkout = resolve(__dirname, "..");
  process.stderr.write(`ftpctl: this checkout is not built (${dist}cli.js is missing): run \`npm install\` or \`npm run build\` in ${checkout}\n`);
  return true;
}

/** Loads a bundle by name (cli.js), compiled with its cache; `save()` writes the caches that were missing. */
function loader() {
  const dir = cacheDir(false);
  const v8dir = dir && `${dir}/v8-${process.version}-${process.arch}`;
  const modules = new Map();
  const toWrite = [];
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
    const cache = v8dir && readCache(`${v8dir}/${name}.cache`);
    // The first line is the bundle's stamp and the cache's generation: "<stamp> g<n>".
    const eol = cache ? cache.indexOf(10) : -1;
    const head = eol > 0 ? cache.toString("latin1", 0, eol).split(" g") : [];
    const cachedData = head[0] === stamp ? cache.subarray(eol + 1) : undefined;
    const generation = cachedData ? Number(head[1]) || 0 : 0;
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
      filename: file,
      lineOffset: -1,
      ...(cachedData ? { cachedData } : {}),
      importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const module = { exports: {} };
    modules.set(name, module);
    // A cache holds the functions the run that wrote it compiled: the first
    // command to load a bundle (init, say) may use few of what validate
    // needs. The next runs that use it write it again, holding what they
    // compiled as well, until it is GROWN generations old; later runs only read.
    if (!cachedData || script.cachedDataRejected) toWrite.push({ name, stamp, script, generation: 0 });
    else if (generation < GROWN) toWrite.push({ name, stamp, script, generation: generation + 1 });
    script.runInThisContext().call(module.exports, module.exports, requireFromBundle, module, file, dist);
    return module.exports;
  }
  load.save = () => {
    if (toWrite.length === 0) return;
    try {
      const d = cacheDir(true);
      if (!d) return;
      const sub = `${d}/v8-${process.version}-${process.arch}`;
      if (!lstatSync(sub, { throwIfNoEntry: false })) mkdirSync(sub, { mode: 0o700 });
      const st = lstatSync(sub);
      if (!st.isDirectory() || st.uid !== process.geteuid() || (st.mode & 0o077) !== 0) return;
      for (const { name, stamp, script, generation } of toWrite) {
        writeCache(`${sub}/${name}.cache`, Buffer.concat([Buffer.from(`${stamp} g${generation}\n`, "latin1"), script.createCachedData()]));
      }
    } catch {}
  };
  return load;
}

const load = loader();
let cli;
try {
  cli = load("cli.js");
} catch (err) {
  if (!notBuilt(err)) throw err;
  process.exit(2);
}
// Exit once main() is done rather than let the event loop drain: a natural
// exit closes the signal watchers first, which puts SIGINT/SIGTERM back to
// their default action, so a Ctrl-C in that last moment would kill the
// process after it reported success (the shell would read 130,
// "interrupted"). Output is already out: cli.js writes synchronously.
cli.main(process.argv.slice(2)).then((code) => {
  load.save();
  process.exit(code);
});
