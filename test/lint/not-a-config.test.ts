/**
 * A file that is not a vsftpd config (a shadow file given by mistake) is refused in one line
 * that names at most a short prefix of its first line, never a value; and a long line vsftpd
 * refuses inside a real config is quoted by its beginning only.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import format, { excerpt } from "../../src/lint/format/text.js";
import { lintBytes } from "../../src/lint/linter.js";
import { checkConfigShape } from "../../src/lint/source.js";
import { notAConfig } from "../../src/vsftpd/scan.js";
import { ftpctl, scratch } from "../profile/cli.js";

const HASH = "$6$4xsEaGMeSalt$" + "Kq9".repeat(28);
const SHADOW = `root:${HASH}:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\n\nbin:*:19700:0:99999:7:::\n`;

describe("notAConfig", () => {
  it.each([
    ["a shadow file", SHADOW, { lines: 3, prefix: "root", profileLike: false }],
    ["a YAML profile", "# site\nlisten:\n  port: 21\n", { lines: 2, prefix: "listen", profileLike: true }],
    ["a line that begins with no name", "$6$x$y\n", { lines: 1, prefix: "", profileLike: false }],
    ["a long first name", "abcdefghijklmnopqrstuvwxyz:secret\n", { lines: 1, prefix: "abcdefghijkl", profileLike: false }],
  ])("%s is no config", (_, text, want) => {
    expect(notAConfig(text)).toEqual(want);
  });

  it.each([
    ["an empty file", ""],
    ["comments and blanks only", "# nothing yet\n\n   \n  # indented\n"],
    ["a misspelt option", "listne=YES\n"],
    ["spaces around =", "listen = YES\n"],
    ["a BOM, then a setting", "\uFEFFlisten=YES\n"],
    ["a CRLF file", "listen=YES\r\n"],
    ["one setting among lines vsftpd refuses", "root:x:0:0\nlisten=YES\nbogus\n"],
    ["an option with no value", "listen=\n"],
  ])("%s is a config", (_, text) => {
    expect(notAConfig(text)).toBeUndefined();
  });
});

describe("checkConfigShape", () => {
  it("refuses with InputError, naming the count and a short prefix, never a value", () => {
    let err: unknown;
    try {
      checkConfigShape("shadow", Buffer.from(SHADOW));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as Error).message).toBe("shadow: not a vsftpd config: none of its 3 lines is a name=value setting (the first begins 'root…')");
  });

  it("points a profile at validate", () => {
    expect(() => checkConfigShape("site.conf", Buffer.from("listen:\n  port: 21\n"))).toThrow(
      "site.conf: not a vsftpd config: none of its 2 lines is a name=value setting (the first begins 'listen…'); a profile? check it with 'ftpctl validate'",
    );
  });
});

describe("a refused long line is quoted by its beginning", () => {
  const line = `root:${HASH}:19700:0:99999:7:::`;
  const tail = HASH.slice(40);

  it("in the message and in the text format's excerpt", () => {
    const result = lintBytes({ file: "x.conf", bytes: Buffer.from(`listen=YES\n${line}\n${line}=1\n`), options: { distro: "debian", standalone: true } });
    const refused = result.findings.filter((f) => f.line >= 2);
    expect(refused.map((f) => f.code)).toEqual(["VSF109", "VSF101"]);
    for (const f of refused) expect(f.message).not.toContain(tail);
    const out = format([result], { color: false, rules: [], distro: "debian" });
    expect(out).not.toContain(tail);
    expect(out).toContain(`  ${line.slice(0, 60)}…\n  ^\n`);
  });

  it("the excerpt keeps the caret under its column when it cuts the start", () => {
    const source = "a".repeat(100) + "=" + "b".repeat(100);
    const e = excerpt(source, 101);
    expect([...e.text].length).toBeLessThanOrEqual(62);
    expect(e.text.startsWith("…")).toBe(true);
    expect(e.text.endsWith("…")).toBe(true);
    expect(e.text[e.caret]).toBe("=");
    expect(excerpt("short=1", 7)).toEqual({ text: "short=1", caret: 6 });
  });
});

describe("lint, import and explain of a shadow file", () => {
  let dir: string;
  let remove: () => void;
  beforeAll(() => {
    ({ dir, remove } = scratch("not-a-config"));
    writeFileSync(join(dir, "shadow"), SHADOW);
    writeFileSync(join(dir, "pasted.conf"), `listen=YES\n${SHADOW}`);
  });
  afterAll(() => remove());

  const commands = [["lint"], ["import"], ["explain"], ["lint", "--format", "json"], ["explain", "--json"]];
  it.each(commands.map((c) => [c.join(" "), c] as const))("%s: one line, exit 2, no hash", async (_, args) => {
    const r = await ftpctl([...args, join(dir, "shadow")]);
    expect(r.exitCode).toBe(2);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain("$6$");
    expect(out).not.toContain("19700");
    expect(r.stderr).toContain("not a vsftpd config: none of its 3 lines is a name=value setting (the first begins 'root…')");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it.each([["lint"], ["import"], ["explain"]])("%s of a config with a shadow line pasted in quotes the line by its first 60 characters", async (cmd) => {
    const r = await ftpctl([cmd, "--distro", "debian", join(dir, "pasted.conf")]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).toContain(`root:${HASH}`.slice(0, 60) + "…");
    expect(r.stdout + r.stderr).not.toContain(HASH.slice(60));
  });
});
