/**
 * Every command against inputs and targets a careless or hostile user can
 * give it: FIFOs, devices, directories, huge and binary files, YAML bombs,
 * links to devices, missing directories, bad --root values. Each runs the
 * built CLI with a timeout and must end with the documented exit code, one
 * line on stderr (plus, for a profile's problems, the linter-style closing
 * summary "N error(s): the profile was not used"), no stack frame, well
 * before the timeout, and without
 * touching any file in the fixture directory. Under --json, standard output
 * is still one JSON document.
 */
import { closeSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, symlinkSync, ftruncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { requireTool } from "../helpers/require-tool.js";
import { ftpctl } from "./ftpctl.js";

const dir = mkdtempSync(join(tmpdir(), "ftpctl-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
function file(name: string, content: string | Uint8Array): string {
  writeFileSync(at(name), content);
  return at(name);
}
function sparse(name: string, size: number): string {
  const fd = openSync(at(name), "w");
  ftruncateSync(fd, size);
  closeSync(fd);
  return at(name);
}

const profile = file("p.yaml", "extends: [anonymous]\n");
const conf = file("good.conf", "listen=YES\nanonymous_enable=NO\nlocal_enable=YES\n");
const badYaml = file("bad.yaml", "listen: [\n  port: 21\n");
// Nine levels of nine aliases: 9^5 nodes from a few lines (billion laughs).
const bomb = file("bomb.yaml", ["a: &a [x,x,x,x,x,x,x,x,x]", ...["b", "c", "d", "e"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcd"[i]}`).join(",")}]`), ""].join("\n"));
const deepFlow = file("deep.yaml", `listen: ${"[".repeat(200_000)}${"]".repeat(200_000)}\n`);
const deepSeq = file("deepseq.yaml", `${"- ".repeat(5000)}x\n`);
const shadow = file("shadow", "root:$6$Qw3rTy$secrethashsecrethash0123456789:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n");
const binary = file("binary.bin", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 0x0a, 0x6c, 0x69, 0]));
const hugeYaml = sparse("huge.yaml", 2 * 1024 * 1024);
const hugeConf = sparse("huge.conf", 9 * 1024 * 1024);
const outDir = at("out");
mkdirSync(outDir);
const stage = at("stage");
mkdirSync(stage);
const fifo = at("fifo");
await execa("mkfifo", [fifo]);
const linkNull = at("link-null");
symlinkSync("/dev/null", linkNull);
const existing = file("existing.yaml", "# mine\n");
const cert = file("c.pem", "old certificate\n");
const hardKey = at("k-hard.pem");
linkSync(cert, hardKey);
const missing = at("missing/dir/x");
const notADir = file("plain", "x\n");
// Names holding a newline: an error line or a finding must show them escaped, on one line.
const nlFifo = at("ff\nx");
await execa("mkfifo", [nlFifo]);
const nlMissing = at("miss\ning.conf");
const nlMissingDir = at("nope\ndir/x");
// A profile whose password comes from standard input (read through the bounded reader).
const pwProfile = file("pw.yaml", "extends: [local]\nusers:\n  - name: alice\n    password: {stdin: true}\n");
const nulPassword = file("nul-password", "se\0cret\n");
const nlKey = file("nl-key.yaml", 'extends: [anonymous]\n"bo\\ngus": 1\n');
// A file standard output is redirected to, as a shell's `> file` would; /proc/self/fd/1 then names it.
file("redirected.txt", "");

/** Every entry below `dir`: name, type, size, mode, inode and mtime; a touched file shows. */
function snapshot(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      out.push(`${p} ${st.mode.toString(8)} ${st.size} ${st.ino} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const TRAILERS = [/^\d+ error\(s\): the profile was not used$/, /^\d+ error\(s\) in the profile; nothing was changed$/];

interface Case {
  readonly args: readonly string[];
  readonly exit: number;
  /** What the one line says. */
  readonly says: RegExp;
  readonly json?: boolean;
  /** Standard input: a file to read it from. */
  readonly stdin?: string;
  /** Standard output: a file (in the fixture directory) to send it to. */
  readonly stdout?: string;
}

const gen = ["cert", "generate", "--cn", "localhost", "--key-type", "ec"];

const CASES: Readonly<Record<string, Case>> = {
  // lint
  "lint: a FIFO": { args: ["lint", fifo], exit: 2, says: /fifo: is a named pipe \(FIFO\), not a config file$/ },
  "lint: /dev/zero": { args: ["lint", "/dev/zero"], exit: 2, says: /\/dev\/zero: is a character device, not a config file$/ },
  "lint: a directory": { args: ["lint", outDir], exit: 2, says: /out: is a directory, not a config file$/ },
  "lint: a huge file": { args: ["lint", hugeConf], exit: 2, says: /too large for a vsftpd config: 9437184 bytes/ },
  "lint: a binary file": { args: ["lint", binary], exit: 2, says: /binary file \(NUL byte at line 1, column 5\)/ },
  "lint: a missing file": { args: ["lint", at("nope.conf")], exit: 2, says: /nope\.conf: no such file$/ },
  "lint -: endless standard input": { args: ["lint", "-"], stdin: "/dev/zero", exit: 2, says: /^ftpctl: <stdin>: too large for a vsftpd config: more than 8 MiB/ },
  "lint -: binary standard input, named by --stdin-filename": { args: ["lint", "--stdin-filename", "site.conf", "-"], stdin: binary, exit: 2, says: /^ftpctl: site\.conf: binary file/ },
  "lint --fix -: standard input is not a file": { args: ["lint", "--fix", "--stdin-filename", "site.conf", "-"], stdin: conf, exit: 2, says: /--fix rewrites files in place, and standard input \(site\.conf\) is not a file/ },
  "lint - -": { args: ["lint", "-", "-"], stdin: conf, exit: 2, says: /'-' \(standard input\) can be given only once/ },
  "lint --stdin-filename without '-'": { args: ["lint", "--stdin-filename", "x.conf"], stdin: conf, exit: 2, says: /--stdin-filename names standard input, so it needs '-' among the files/ },
  "lint: a missing file whose name holds a newline": { args: ["lint", nlMissing], exit: 2, says: /miss\\ning\.conf: no such file$/ },
  "lint -f: an unknown format is one line": { args: ["lint", "-f", "nosuch", conf], exit: 2, says: /^ftpctl: Invalid values: Argument: format, Given: "nosuch", Choices: .*\(see 'ftpctl lint --help'\)$/ },
  "lint --format json: an unknown flag": { args: ["lint", "--format", "json", "--bogus", conf], exit: 2, json: true, says: /Unknown argument: bogus/ },
  "lint --format sarif: an unknown format value elsewhere": { args: ["lint", "--format", "sarif", "--distro", "nosuch", conf], exit: 2, json: true, says: /Invalid values: Argument: distro/ },
  "lint --format json: a FIFO": { args: ["lint", "--format", "json", fifo], exit: 2, json: true, says: /is a named pipe/ },
  // init
  "init -o: a directory": { args: ["init", "-o", outDir], exit: 2, says: /out: is a directory; refusing to replace it/ },
  "init -o: a FIFO": { args: ["init", "-o", fifo, "--force"], exit: 2, says: /fifo: is a named pipe \(FIFO\); refusing to replace it$/ },
  "init -o: a link to /dev/null": { args: ["init", "-o", linkNull, "--force"], exit: 2, says: /link-null: is a character device \(\/dev\/null\); refusing to replace it$/ },
  "init -o: /dev/null": { args: ["init", "-o", "/dev/null", "--force"], exit: 2, says: /\/dev\/null: is a character device; refusing to replace it$/ },
  "init -o: a missing directory": { args: ["init", "-o", missing], exit: 2, says: /cannot write: directory .*missing\/dir does not exist$/ },
  "init -o: /dev/stdout": { args: ["init", "-o", "/dev/stdout"], exit: 2, says: /\/dev\/stdout: cannot write: .*use '-' for standard output$/ },
  "init -o: /proc/self/fd/1 with --force (standard output redirected to a file)": { args: ["init", "--force", "-o", "/proc/self/fd/1"], stdout: at("redirected.txt"), exit: 2, says: /\/proc\/self\/fd\/1: cannot write: it is a link into \/proc/ },
  "init -o: an existing file without --force": { args: ["init", "-o", existing], exit: 2, says: /already exists; use --force/ },
  "init -o: a file under a plain file": { args: ["init", "-o", join(notADir, "p.yaml")], exit: 2, says: /plain is not a directory$/ },
  "init -p: a profile name holding a newline": { args: ["init", "-p", "anon\nymous", "-o", "-"], exit: 2, says: /unknown profile 'anon\\nymous'/ },
  // validate
  "validate: a FIFO whose name holds a newline": { args: ["validate", nlFifo], exit: 2, says: /ff\\nx: is a named pipe \(FIFO\), not a profile$/ },
  "validate: --distro nosuch is one line": { args: ["validate", profile, "--distro", "nosuch"], exit: 2, says: /^ftpctl: Invalid values: Argument: distro, Given: "nosuch", Choices: / },
  "validate: a key holding a newline": { args: ["validate", nlKey], exit: 1, says: /nl-key\.yaml:2:1: error: unknown key 'bo\\ngus' in the profile; .*\(\/bo\\ngus\)$/ },
  "validate --distro -: the value is shown as typed": { args: ["validate", profile, "--distro", "-"], exit: 2, says: /^ftpctl: Invalid values: Argument: distro, Given: "-", Choices: / },
  "validate --json: an unknown flag": { args: ["validate", "--json", profile, "--bogus"], exit: 2, json: true, says: /Unknown argument: bogus/ },
  "validate --json: --distro nosuch": { args: ["validate", "--json", profile, "--distro", "nosuch"], exit: 2, json: true, says: /Invalid values: Argument: distro/ },
  "validate -: /dev/zero on standard input": { args: ["validate", "-"], stdin: "/dev/zero", exit: 2, says: /^ftpctl: standard input: too large for a profile: more than 1 MiB$/ },
  "validate: bad YAML": { args: ["validate", badYaml], exit: 1, says: /^.*bad\.yaml:\d+:\d+: error: / },
  "validate: an alias bomb": { args: ["validate", bomb], exit: 1, says: /bomb\.yaml:2:\d+: error: aliases expand too far/ },
  "validate: deep flow nesting": { args: ["validate", deepFlow], exit: 1, says: /deep\.yaml:1:\d+: error: nested more than 32 levels deep/ },
  "validate: deep block nesting": { args: ["validate", deepSeq], exit: 1, says: /deepseq\.yaml:1:\d+: error: nested more than 32 levels deep/ },
  "validate: a FIFO": { args: ["validate", fifo], exit: 2, says: /fifo: is a named pipe \(FIFO\), not a profile$/ },
  "validate: /dev/zero": { args: ["validate", "/dev/zero"], exit: 2, says: /is a character device, not a profile$/ },
  "validate: a directory": { args: ["validate", outDir], exit: 2, says: /out: is a directory, not a profile$/ },
  "validate: a huge file": { args: ["validate", hugeYaml], exit: 2, says: /too large for a profile: 2097152 bytes, over the 1 MiB limit$/ },
  "validate: a binary file": { args: ["validate", binary], exit: 2, says: /binary file \(it holds NUL bytes\); not a profile$/ },
  "validate: a shadow file": { args: ["validate", shadow], exit: 1, says: /shadow:1:1: error: not a profile: none of its keys \(root…, daemon…\) is a profile key/ },
  "validate --json: a FIFO": { args: ["validate", "--json", fifo], exit: 2, json: true, says: /is a named pipe/ },
  "validate --json: an alias bomb": { args: ["validate", "--json", bomb], exit: 1, json: true, says: /aliases expand too far/ },
  // render
  "render -o: a directory": { args: ["render", profile, "-o", outDir], exit: 2, says: /out: is a directory; refusing to replace it/ },
  "render -o: a link to /dev/null": { args: ["render", profile, "-o", linkNull], exit: 2, says: /link-null: is a character device \(\/dev\/null\)/ },
  "render -o: a FIFO": { args: ["render", profile, "-o", fifo], exit: 2, says: /fifo: is a named pipe \(FIFO\); refusing to replace it$/ },
  "render -o: a missing directory": { args: ["render", profile, "-o", missing], exit: 2, says: /does not exist$/ },
  "render -o: /proc/self/fd/1": { args: ["render", profile, "-o", "/proc/self/fd/1"], exit: 2, says: /\/proc\/self\/fd\/1: cannot write: / },
  "render: an alias bomb": { args: ["render", bomb], exit: 1, says: /aliases expand too far/ },
  "render: a FIFO": { args: ["render", fifo], exit: 2, says: /is a named pipe \(FIFO\), not a profile$/ },
  "render -o: a missing directory whose name holds a newline": { args: ["render", profile, "-o", nlMissingDir], exit: 2, says: /nope\\ndir\/x: cannot write: directory .*nope\\ndir does not exist$/ },
  "render -: binary standard input": { args: ["render", "-"], stdin: binary, exit: 2, says: /^ftpctl: standard input: binary file \(it holds NUL bytes\); not a profile$/ },
  // explain
  "explain --json: an unknown flag": { args: ["explain", "--json", profile, "--bogus"], exit: 2, json: true, says: /Unknown argument: bogus/ },
  "explain: a FIFO as a config": { args: ["explain", fifo], exit: 2, says: /is a named pipe \(FIFO\), not a config file$/ },
  "explain: deep nesting": { args: ["explain", deepFlow], exit: 1, says: /nested more than 32 levels deep/ },
  "explain --json: /dev/zero": { args: ["explain", "--json", "/dev/zero"], exit: 2, json: true, says: /is a character device/ },
  // import
  "import: a FIFO": { args: ["import", fifo], exit: 2, says: /is a named pipe \(FIFO\), not a config file$/ },
  "import: /dev/zero": { args: ["import", "/dev/zero"], exit: 2, says: /is a character device, not a config file$/ },
  "import: a binary file": { args: ["import", binary], exit: 2, says: /binary file/ },
  "import -o: a directory": { args: ["import", conf, "-o", outDir, "--force"], exit: 2, says: /out: is a directory; refusing to replace it/ },
  "import -o: a link to /dev/null": { args: ["import", conf, "-o", linkNull, "--force"], exit: 2, says: /is a character device \(\/dev\/null\)/ },
  "import -: /dev/zero on standard input": { args: ["import", "-"], stdin: "/dev/zero", exit: 2, says: /^ftpctl: standard input: too large for a vsftpd config: more than 8 MiB/ },
  // plan and apply
  // Without --root: under --root the password steps are skipped and no password is read.
  "plan: passwords from an endless standard input": { args: ["plan", "--distro", "debian", pwProfile], stdin: "/dev/zero", exit: 2, says: /^ftpctl: passwords from standard input: too large for a password file: more than 64 KiB$/ },
  "plan --json: passwords from an endless standard input": { args: ["plan", "--json", "--distro", "debian", pwProfile], stdin: "/dev/zero", exit: 2, json: true, says: /too large for a password file/ },
  "plan: a password with a NUL byte on standard input": { args: ["plan", "--distro", "debian", pwProfile], stdin: nulPassword, exit: 2, says: /^ftpctl: passwords from standard input: binary input \(it holds NUL bytes\)/ },
  "plan -: profile and passwords both on standard input": { args: ["plan", "--distro", "debian", "-"], stdin: pwProfile, exit: 2, says: /^ftpctl: passwords from standard input: already read as a profile; standard input can hold only one of them$/ },
  "plan --json: an unknown flag": { args: ["plan", "--json", "--root", stage, profile, "--bogus"], exit: 2, json: true, says: /Unknown argument: bogus/ },
  "apply --json: an unknown flag": { args: ["apply", "--json", "--dry-run", "--root", stage, profile, "--bogus"], exit: 2, json: true, says: /Unknown argument: bogus/ },
  "plan: a FIFO": { args: ["plan", "--root", stage, fifo], exit: 2, says: /is a named pipe \(FIFO\), not a profile$/ },
  "plan --json: an alias bomb": { args: ["plan", "--json", "--root", stage, bomb], exit: 1, json: true, says: /aliases expand too far/ },
  "apply: deep nesting": { args: ["apply", "--yes", "--root", stage, deepSeq], exit: 1, says: /nested more than 32 levels deep/ },
  "apply: a shadow file": { args: ["apply", "--yes", "--root", stage, shadow], exit: 1, says: /not a profile/ },
  "plan --root: a missing directory": { args: ["plan", "--root", at("no-such-root"), profile], exit: 2, says: /no-such-root/ },
  "apply --root: a plain file": { args: ["apply", "--yes", "--root", notADir, profile], exit: 2, says: /plain/ },
  // cert
  "cert inspect: a FIFO": { args: ["cert", "inspect", fifo], exit: 2, says: /is a named pipe \(FIFO\), not a PEM file$/ },
  "cert inspect: /dev/zero": { args: ["cert", "inspect", "/dev/zero"], exit: 2, says: /is a character device, not a PEM file$/ },
  "cert inspect: a directory": { args: ["cert", "inspect", outDir], exit: 2, says: /is a directory, not a PEM file$/ },
  "cert inspect --key: a FIFO": { args: ["cert", "inspect", cert, "--key", fifo], exit: 2, says: /fifo: is a named pipe/ },
  "cert inspect --json: no file": { args: ["cert", "inspect", "--json"], exit: 2, json: true, says: /Not enough non-option arguments/ },
  "cert generate --key-type dsa is one line": { args: [...gen.slice(0, -2), "--key-type", "dsa"], exit: 2, says: /^ftpctl: Invalid values: Argument: key-type, Given: "dsa", Choices: "rsa", "ec" \(see 'ftpctl cert generate --help'\)$/ },
  "cert inspect --json: a FIFO": { args: ["cert", "inspect", "--json", fifo], exit: 2, json: true, says: /is a named pipe/ },
  "cert generate --cert: a directory": { args: [...gen, "--cert", outDir, "--key", at("k1.pem")], exit: 2, says: /out: is a directory; give a file name$/ },
  "cert generate --cert: a link to /dev/null": { args: [...gen, "--force", "--cert", linkNull, "--key", at("k1.pem")], exit: 2, says: /is a symbolic link to \/dev\/null; ftpctl will not replace a link/ },
  "cert generate --cert: a FIFO": { args: [...gen, "--force", "--cert", fifo, "--key", at("k1.pem")], exit: 2, says: /fifo: is a named pipe \(FIFO\); refusing to replace it$/ },
  "cert generate --key: a missing directory": { args: [...gen, "--cert", at("c1.pem"), "--key", missing], exit: 2, says: /directory .*missing\/dir does not exist$/ },
  "cert generate: --key and --cert one file by a hard link": { args: [...gen, "--force", "--cert", cert, "--key", hardKey], exit: 2, says: /are the same file/ },
  "cert generate --json: a directory": { args: [...gen, "--json", "--cert", outDir, "--key", at("k1.pem")], exit: 2, json: true, says: /is a directory/ },
  "cert csr --key: a FIFO": { args: ["cert", "csr", "--cn", "localhost", "--key-type", "ec", "--force", "--key", fifo], exit: 2, says: /fifo: is a named pipe \(FIFO\); refusing to replace it$/ },
  "cert csr -o: /dev/null": { args: ["cert", "csr", "--cn", "localhost", "--key-type", "ec", "--key", at("k2.pem"), "-o", "/dev/null", "--force"], exit: 2, says: /\/dev\/null: is a character device; refusing to replace it$/ },
};

/** The budget for one run: Node's start-up on a busy machine, and far less than a hang. */
const TIMEOUT = 15_000;

describe("hostile inputs: every command fails cleanly", () => {
  it("covers at least 40 cases across every command", () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(40);
    const commands = new Set(Object.values(CASES).map((c) => (c.args[0] === "cert" ? `cert ${c.args[1]}` : c.args[0])));
    expect([...commands].sort()).toEqual(["apply", "cert csr", "cert generate", "cert inspect", "explain", "import", "init", "lint", "plan", "render", "validate"]);
  });

  it.for(Object.entries(CASES))("%s", async ([_name, c], ctx) => {
    // apply takes its lock before it reads the profile: as root, in /run/ftpctl.
    if (c.args[0] === "apply" && !c.args.includes("--dry-run")) requireTool(ctx, "locks");
    const before = snapshot();
    const started = Date.now();
    const r = await ftpctl(c.args, { timeout: TIMEOUT, cwd: dir, ...(c.stdin ? { inputFile: c.stdin } : { stdin: "ignore" }), ...(c.stdout ? { stdout: { file: c.stdout, append: true } } : {}) });
    const took = Date.now() - started;
    expect(took, "no hang").toBeLessThan(TIMEOUT);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/^ {4}at /m);
    expect(r.stderr).not.toContain("internal error");
    expect(snapshot(), "no file in the fixture directory was touched").toEqual(before);
    const lines = r.stderr.split("\n").filter((l) => l !== "" && !TRAILERS.some((t) => t.test(l)));
    expect(r.exitCode, r.stderr).toBe(c.exit);
    if (c.json) {
      // One JSON document on stdout; the line on stderr is optional (validate --json puts its problems in the document).
      expect(() => JSON.parse(r.stdout), r.stdout).not.toThrow();
      expect(lines.length, r.stderr).toBeLessThanOrEqual(1);
      expect(`${lines.join("\n")}\n${r.stdout}`).toMatch(c.says);
    } else {
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(c.says);
    }
  });

  it("never quotes a shadow file's hashes back", async () => {
    for (const cmd of ["validate", "render", "explain"]) {
      const r = await ftpctl([cmd, shadow], { cwd: dir, stdin: "ignore" });
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/\$6\$|Qw3rTy|secrethash|19700/);
    }
  });
});
