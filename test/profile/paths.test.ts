/**
 * A profile path that names something inside another directory stays inside
 * it, and no profile path hides where it points: `anonymous.dropbox` is
 * relative to the anonymous root with no '.' or '..' component (apply gives
 * it mode 0730 root:ftp, so `../../etc` would have been /etc), and absolute
 * paths may not climb with '..' either.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProfileError } from "../../src/profile/errors.js";
import { runPipeline } from "../../src/profile/pipeline.js";
import { ftpctl, scratch, stackLines } from "./cli.js";

let dir = "";
let remove = () => {};
beforeAll(() => ({ dir, remove } = scratch("paths")));
afterAll(() => remove());

function problems(text: string): { pointer: string; message: string }[] {
  try {
    runPipeline("p.yaml", { distro: "debian", text });
    return [];
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    return err.problems.map(({ pointer, message }) => ({ pointer, message }));
  }
}

const dropbox = (value: string) => `extends: [dropbox]\nanonymous:\n  dropbox: ${JSON.stringify(value)}\n`;

describe("anonymous.dropbox", () => {
  for (const value of ["../../etc", "..", "incoming/../../etc", "incoming/..", "./incoming", ".", "in/./coming"]) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      expect(problems(dropbox(value))).toEqual([
        { pointer: "/anonymous/dropbox", message: `anonymous.dropbox must not contain '.' or '..' components: write the directory it means, plainly and inside its parent, got ${JSON.stringify(value)}` },
      ]);
    });
  }

  for (const value of ["/etc", "/srv/ftp/incoming"]) {
    it(`refuses the absolute ${value}`, () => {
      expect(problems(dropbox(value))).toEqual([
        { pointer: "/anonymous/dropbox", message: `anonymous.dropbox names a directory inside another one: write it relative, without a leading '/', got ${JSON.stringify(value)}` },
      ]);
    });
  }

  for (const value of ["incoming", "in/coming", "..incoming", "incoming..", ".hidden"]) {
    it(`accepts ${JSON.stringify(value)}`, () => expect(problems(dropbox(value))).toEqual([]));
  }

  it("stops apply before anything is planned", async () => {
    const file = `${dir}/dropbox.yaml`;
    writeFileSync(file, dropbox("../../etc"));
    const root = `${dir}/stage`;
    mkdirSync(`${root}/etc`, { recursive: true });
    const r = await ftpctl(["apply", file, "--distro", "debian", "--root", root, "--dry-run"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:3:12: error: anonymous.dropbox must not contain '.' or '..' components`);
    expect(r.stdout).toBe("");
    expect(stackLines(r.stderr)).toEqual([]);
  });
});

describe("absolute paths", () => {
  const cases: [string, string, string][] = [
    ["anonymous.root", "extends: [anonymous]\nanonymous:\n  root: VALUE\n", "/anonymous/root"],
    ["local.root", "extends: [local]\nlocal:\n  root: VALUE\n", "/local/root"],
    ["tls.cert", "extends: [local, ftps]\ntls:\n  cert: VALUE\n", "/tls/cert"],
    ["tls.key", "extends: [local, ftps]\ntls:\n  cert: /etc/ssl/c.pem\n  key: VALUE\n", "/tls/key"],
    ["users[].home", "extends: [local]\nusers:\n  - name: alice\n    home: VALUE\n", "/users/0/home"],
    ["users[].password.file", "extends: [local]\nusers:\n  - name: alice\n    password:\n      file: VALUE\n", "/users/0/password/file"],
    ["directories[].path", "extends: [local]\ndirectories:\n  - path: VALUE\n", "/directories/0/path"],
  ];
  for (const [name, template, pointer] of cases) {
    it(`${name} may not climb with '..'`, () => {
      const got = problems(template.replace("VALUE", "/srv/ftp/../../etc"));
      expect(got.map((p) => p.pointer)).toEqual([pointer]);
      expect(got[0]!.message).toMatch(/must not contain '\.' or '\.\.' components: write the directory it means, plainly, got "\/srv\/ftp\/\.\.\/\.\.\/etc"$/);
      expect(problems(template.replace("VALUE", "/srv/ftp/..x/files"))).toEqual([]);
    });
  }

  it("still says 'absolute' for a relative one", () => {
    expect(problems("extends: [anonymous]\nanonymous:\n  root: srv/ftp\n")).toEqual([{ pointer: "/anonymous/root", message: `anonymous.root must be an absolute path, starting with '/', got "srv/ftp"` }]);
  });
});

describe("raw vsftpd: paths", () => {
  for (const name of ["anon_root", "local_root", "secure_chroot_dir", "message_file", "vsftpd_log_file"]) {
    it(`vsftpd.${name} may not hold a '..' component`, () => {
      expect(problems(`extends: [local]\nvsftpd:\n  ${name}: /srv/ftp/../../etc\n`)).toEqual([
        { pointer: `/vsftpd/${name}`, message: `vsftpd.${name} must not contain '..' components: write the path it means, got "/srv/ftp/../../etc"` },
      ]);
    });
  }

  it("leaves other raw strings and plain relative paths alone", () => {
    expect(problems("extends: [local]\nvsftpd:\n  message_file: .message\n  hide_file: '{..*}'\n")).toEqual([]);
  });
});
