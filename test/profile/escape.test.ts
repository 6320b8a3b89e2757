/**
 * Nothing user-controlled reaches the rendered text, or an error line,
 * unescaped: the profile's file name is written into the header comment and
 * into every file:line: prefix, and --set flags into the origin of a value.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commentText } from "../../src/profile/escape.js";
import { formatOrigin, formatProblem } from "../../src/profile/errors.js";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { scanText } from "../../src/vsftpd/scan.js";
import { ftpctl, scratch } from "./cli.js";

let dir = "";
let remove = () => {};
beforeAll(() => ({ dir, remove } = scratch("escape")));
afterAll(() => remove());

/** Every line of a rendered file: each setting one the profile maps to, everything else a comment or blank. */
function expectOnlyOptions(text: string, names: readonly string[]): void {
  const scan = scanText(text);
  expect(scan.settings.map((s) => s.name).sort()).toEqual([...names].sort());
  for (const line of text.split("\n")) expect(line === "" || line.startsWith("#") || /^[a-z0-9_]+=/.test(line), JSON.stringify(line)).toBe(true);
}

describe("the profile's file name", () => {
  it("cannot inject a directive through the header comment", async () => {
    // Unescaped, the name's last line starts a comment again: the render succeeds with port_promiscuous=YES in force.
    const file = join(dir, "site\nport_promiscuous=YES\n#.yaml");
    writeFileSync(file, "extends: [local]\n");
    const r = await ftpctl(["render", file, "--distro", "debian"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^port_promiscuous=/m);
    expect(r.stdout.split("\n")[0]).toContain(`from ${dir}/site\\nport_promiscuous=YES\\n#.yaml for the debian build of vsftpd 3.0.3.`);
    expect(r.stdout.split("\n")[0]).toMatch(/^# vsftpd.conf rendered by ftpctl \S+ from /);
  });

  it("stays on one line in error messages", async () => {
    const file = join(dir, "bad\nname.yaml");
    writeFileSync(file, "extends: [local]\nlisten:\n  port: x\n");
    const r = await ftpctl(["render", file, "--distro", "debian"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(`${dir}/bad\\nname.yaml:3:9: error: listen.port must be a whole number, got string "x" (/listen/port)`);
  });

  it("renders only the profile's options, whatever the name (property)", () => {
    const base = runPipeline("p.yaml", { distro: "debian", text: "extends: [local]\n" });
    const names = [...base.options.keys()];
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (name) => {
        const text = renderPipeline({ ...base, loaded: { ...base.loaded, file: name } }, "test").text;
        expectOnlyOptions(text, names);
        expect(text.split("\n").length).toBe(renderPipeline(base, "test").text.split("\n").length);
      }),
      { numRuns: 300, examples: [["\n"], ["\r\nlisten=NO"], ["\u2028anonymous_enable=YES"], ["$&$'"], ["\\n"], ["\ud800"]] },
    );
  });
});

describe("escaping", () => {
  it("keeps any text on one line, and distinct texts distinct (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), fc.string({ unit: "binary", maxLength: 30 }), (a, b) => {
        const e = commentText(a);
        expect(e).not.toMatch(/[\n\r\0\u2028\u2029\x85]/);
        if (a !== b) expect(commentText(b)).not.toBe(e);
        expect(formatOrigin({ file: a, line: 1 })).not.toMatch(/[\n\r]/);
      }),
      { numRuns: 500 },
    );
  });

  it("shows a --set origin on one line", () => {
    const line = formatProblem({ origin: { file: "--set banner=a\nb" }, pointer: "/banner", severity: "error", message: "m" });
    expect(line).toBe("--set banner=a\\nb: error: m (/banner)");
  });
});
