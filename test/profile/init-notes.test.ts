/**
 * init writes a starter profile that may still need edits: those are said as edits to make, under
 * one heading, not as errors of init; the next step is suggested only when render would accept the
 * profile; and a profile written to standard output is not called ftpctl.yaml.
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initNotes, initText } from "../../src/commands/init/run.js";
import { ftpctl, REPO, scratch } from "./cli.js";

describe("init's notes", () => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => ({ dir, remove } = scratch("init-notes")));
  afterAll(() => remove());

  it("a profile that needs edits: a heading, each edit at file:line:col, no 'error:', no next step that would fail", async () => {
    const out = `${dir}/x.yaml`;
    const r = await ftpctl(["init", "-p", "ftps", "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(r.stderr).not.toMatch(/\berror:/);
    expect(r.stderr).not.toContain("next: ftpctl render");
    expect(r.stderr.split("\n")).toEqual([
      `wrote ${out} (extends ftps)`,
      `${out}: this starter profile needs this edit before 'ftpctl render' accepts it:`,
      `${out}:6:1: needs editing: neither anonymous nor local logins are enabled: vsftpd would refuse every session (extend 'anonymous' or 'local') (/anonymous/enabled)`,
      "",
    ]);
    // The heading tells the truth: render refuses the profile as written.
    expect((await ftpctl(["render", out, "-o", "-"])).exitCode).toBe(1);
  });

  it("a profile render accepts: the next step is suggested, and render does accept it", async () => {
    const out = `${dir}/y.yaml`;
    const r = await ftpctl(["init", "-p", "local", "-p", "jailed", "-p", "ftps", "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe(`wrote ${out} (extends local, jailed, ftps); next: ftpctl render ${out} -o vsftpd.conf\n`);
    const rendered = await ftpctl(["render", out, "-o", "-"]);
    expect(rendered.exitCode, rendered.stderr).toBe(0);
  });

  it("-o -: the notes name standard output, not ftpctl.yaml", async () => {
    const r = await ftpctl(["init", "-p", "ftps", "-o", "-"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("\nextends: [ftps]\n");
    expect(r.stderr).not.toContain("ftpctl.yaml");
    expect(r.stderr).toContain("<stdout>: this starter profile needs this edit before 'ftpctl render' accepts it:\n<stdout>:6:1: needs editing: ");
    expect(existsSync(`${dir}/ftpctl.yaml`)).toBe(false);
  });

  it("warnings stay warnings, after the edits, and do not hold back the next step", () => {
    const text = initText(["local"]);
    const warning = { origin: { file: "p.yaml", line: 9, col: 3 }, pointer: "/vsftpd/pasv_promiscuous", severity: "warning" as const, message: "careful" };
    expect(initNotes("p.yaml", text, [warning], ["local"])).toEqual([
      "wrote p.yaml (extends local); next: ftpctl render p.yaml -o vsftpd.conf",
      "p.yaml:9:3: warning: careful (/vsftpd/pasv_promiscuous)",
    ]);
    const edit = { origin: { file: "builtin:ftps", line: 4, col: 9 }, pointer: "/tls/cert", severity: "error" as const, message: "set tls.cert" };
    expect(initNotes("-", text, [warning, edit, edit], ["local"])).toEqual([
      "<stdout>: this starter profile needs these 2 edits before 'ftpctl render' accepts it:",
      "builtin:ftps:4:9: needs editing: set tls.cert (/tls/cert)",
      "builtin:ftps:4:9: needs editing: set tls.cert (/tls/cert)",
      "p.yaml:9:3: warning: careful (/vsftpd/pasv_promiscuous)",
    ]);
  });
});

describe("init shows how users are declared", () => {
  it("a profile with local logins carries a commented users: entry that validates once uncommented", async () => {
    const text = initText(["local", "jailed"]);
    expect(text).toMatch(/\n# users:\n# {3}- name: alice\n/);
    // Uncomment the users: block only, as an operator would.
    const block = /^# users:\n(?:# {3}.*\n)+/m.exec(text)![0];
    const uncommented = text.replace(block, block.replace(/^# /gm, ""));
    const { runPipeline } = await import("../../src/profile/pipeline.js");
    const p = runPipeline("ftpctl.yaml", { distro: "debian", text: uncommented });
    expect(p.loaded.profile.users?.map((u) => u.name)).toEqual(["alice", "bob"]);
  });

  it("`init --profile local` prints the commented users: entry and points at the profile reference", async () => {
    const r = await ftpctl(["init", "--profile", "local", "-o", "-"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("\n# users:\n#   - name: alice\n#     password: {file: /root/alice.password}\n");
    expect(r.stdout).toContain("\n# vsftpd options it sets and an example: docs/profiles.md in ftpctl's package.\n");
    expect(existsSync(`${REPO}docs/profiles.md`)).toBe(true);
    expect(readFileSync(`${REPO}docs/profiles.md`, "utf8")).toMatch(/^## users$/m);
  });

  it("an anonymous-only profile has none", () => {
    expect(initText(["anonymous"])).not.toContain("users:");
  });
});
