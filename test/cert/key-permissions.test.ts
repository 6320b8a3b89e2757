/**
 * The private key is never readable by anyone but its owner, at any
 * moment: strace shows every system call that creates, re-modes or renames
 * a file while `ftpctl cert generate` runs. The key's file must come into
 * being through open(O_CREAT|O_EXCL, 0600) and never be chmod-ed; only the
 * certificate's own descriptor may be fchmod-ed (to 0644). A umask can only
 * take bits away from a creation mode, so 0600 at creation is the widest
 * the key ever is; the umask cases show the final modes do not depend on it.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, expect, it } from "vitest";
import { BIN } from "../cli/ftpctl.js";
import { describeWithTools } from "../helpers/require-tool.js";

const STRACE = "/usr/bin/strace";
const dir = mkdtempSync(join(tmpdir(), "ftpctl-cert-perm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Call {
  readonly name: string;
  readonly args: string;
  readonly result: string;
}

/** `1234  openat(AT_FDCWD, "/x", O_WRONLY|O_CREAT, 0600) = 18` -> { name, args, result }. */
function parse(log: string): Call[] {
  return log
    .split("\n")
    .map((l) => /^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, args: m[2]!, result: m[3]! }));
}

const strings = (args: string) => [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);

async function traced(d: string, extra: readonly string[]): Promise<Call[]> {
  const log = join(d, "..", `${d.split("/").pop()}.strace`);
  const r = await execa(
    STRACE,
    ["-f", "-qq", "-o", log, "-e", "trace=open,openat,creat,chmod,fchmod,fchmodat,rename,renameat,renameat2,link,linkat,close", process.execPath, BIN, "cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem"), ...extra],
    { reject: false, stdin: "ignore", env: { NO_COLOR: "1" }, extendEnv: false },
  );
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return parse(readFileSync(log, "utf8"));
}

/**
 * Follows each file created in `d` from its creation (a temporary name)
 * to the name it ends up with, and each descriptor to the file it names.
 */
function history(calls: readonly Call[], d: string) {
  const created: { path: string; flags: string; mode: string; fd: number }[] = [];
  const open = new Map<number, string>();
  const fchmods: { path: string | undefined; mode: string }[] = [];
  const pathChmods: Call[] = [];
  const renames: [string, string][] = [];
  for (const c of calls) {
    if ((c.name === "openat" || c.name === "open" || c.name === "creat") && Number(c.result) >= 0) {
      const [path] = strings(c.args);
      open.set(Number(c.result), path!);
      const m = /, (O_[A-Z_|]+)(?:, (0\d+))?$/.exec(c.args);
      if (path!.startsWith(d) && m?.[1]!.includes("O_CREAT")) created.push({ path: path!, flags: m[1]!, mode: m[2] ?? "", fd: Number(c.result) });
    } else if (c.name === "close") {
      open.delete(Number(c.args));
    } else if (c.name === "fchmod") {
      const [fd, mode] = c.args.split(", ");
      fchmods.push({ path: open.get(Number(fd)), mode: mode! });
    } else if (c.name === "chmod" || c.name === "fchmodat") {
      pathChmods.push(c);
    } else if (/^(rename|renameat2?|link|linkat)$/.test(c.name) && c.result === "0") {
      const [from, to] = strings(c.args);
      renames.push([from!, to!]);
    }
  }
  /** The temporary file that became `final`. */
  const origin = (final: string): string | undefined => renames.find(([, to]) => to === final)?.[0];
  return { created, fchmods, pathChmods, origin };
}

describeWithTools("cert generate: the key is 0600 from the moment it exists", [STRACE], () => {
  it.each([
    ["a new pair", []],
    ["--force over an old pair", ["--force"]],
  ] as const)("%s (strace)", async (_name, extra) => {
    const d = join(dir, extra.length ? "force" : "new");
    mkdirSync(d, { recursive: true });
    if (extra.length) await traced(d, []);
    const h = history(await traced(d, extra), d);

    const keyTmp = h.origin(join(d, "k.pem"));
    const certTmp = h.origin(join(d, "c.pem"));
    expect(keyTmp).toMatch(/\/\.k\.pem\.ftpctl-\d+-[0-9a-f]{8}\.tmp$/);
    const keyCreate = h.created.find((c) => c.path === keyTmp)!;
    expect(keyCreate.flags).toMatch(/O_CREAT/);
    expect(keyCreate.flags).toMatch(/O_EXCL/);
    expect(keyCreate.flags).toMatch(/O_NOFOLLOW/);
    expect(keyCreate.mode).toBe("0600");

    // No file in the directory is ever re-moded by path, and the one fchmod is the certificate's.
    expect(h.pathChmods).toEqual([]);
    expect(h.fchmods).toEqual([{ path: certTmp, mode: "0644" }]);
    // Every file created there starts no wider than 0600, except the certificate.
    for (const c of h.created.filter((c) => c.path !== certTmp)) expect(c.mode, c.path).toBe("0600");

    if (extra.length) {
      // The old key is kept by a hard link: the same inode, so still 0600, never copied into a wider file.
      expect(h.origin(join(d, "k.pem.bak"))).toMatch(/k\.pem\.bak\.ftpctl-\d+-[0-9a-f]{8}\.tmp$/);
      expect((statSync(join(d, "k.pem.bak")).mode & 0o777).toString(8)).toBe("600");
    }
    expect((statSync(join(d, "k.pem")).mode & 0o777).toString(8)).toBe("600");
  });
});

it.each([
  ["000", "600", "644"],
  ["077", "600", "644"],
  ["022", "600", "644"],
])("with umask %s the key ends 0600 and the certificate 0644", async (umask, keyMode, certMode) => {
  const d = join(dir, `umask-${umask}`);
  mkdirSync(d);
  // The CLI started from a tiny wrapper that sets its umask first, as a shell would; argv[1] is the script, as for `node bin/ftpctl.js`.
  const wrapper = `process.umask(0o${umask}); process.argv.splice(1, 0, ${JSON.stringify(BIN)}); await import(${JSON.stringify(BIN)});`;
  const r = await execa(process.execPath, ["--input-type=module", "-e", wrapper, "--", "cert", "generate", "--cn", "localhost", "--key-type", "ec", "--cert", join(d, "c.pem"), "--key", join(d, "k.pem")], {
    reject: false,
    stdin: "ignore",
  });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  expect((statSync(join(d, "k.pem")).mode & 0o777).toString(8)).toBe(keyMode);
  expect((statSync(join(d, "c.pem")).mode & 0o777).toString(8)).toBe(certMode);
});
