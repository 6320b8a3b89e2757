/**
 * `--set` holds what a YAML value can hold as typed, and names profile keys
 * only: a line break, CR, NUL or blanks at either end are refused (YAML would
 * fold or strip them), and so are `__proto__`, `constructor` and `prototype`,
 * which would otherwise walk into Object.prototype.
 */
import fc from "fast-check";
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { ProfileError } from "../../src/profile/errors.js";
import { loadProfile } from "../../src/profile/load.js";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { scanText } from "../../src/vsftpd/scan.js";
import { ftpctl, scratch, stackLines } from "./cli.js";

const load = (set: string[]) => loadProfile("p.yaml", { text: "extends: [local]\n", set });

afterEach(() => {
  // A failing run on an unfixed build must not leave the pollution behind for other tests.
  for (const k of ["polluted", "x"]) delete (Object.prototype as Record<string, unknown>)[k];
});

describe("--set values", () => {
  for (const [label, flag] of [
    ["a newline", "banner=Welcome\nlisten=NO"],
    ["a CR", "banner=Welcome\r"],
    ["a CRLF", "banner=a\r\nb"],
    ["a NUL", "banner=a\0b"],
    ["a leading blank", "listen.port= 2121"],
    ["a trailing blank", "banner=Welcome "],
    ["a trailing tab", "banner=Welcome\t"],
  ] as const) {
    it(`refuses ${label}`, () => {
      expect(() => load([flag])).toThrow(UsageError);
      expect(() => load([flag])).toThrow(/the value holds (a line break|a NUL|blanks at its start or end), which a YAML value cannot hold as typed/);
    });
  }

  it("still reads YAML scalars and bracketed lists", () => {
    const { profile } = load(["listen.port=2121", "jail.exceptions=[alice,bob]"]);
    expect(profile.listen?.port).toBe(2121);
    expect(profile.jail?.exceptions).toEqual(["alice", "bob"]);
  });
});

describe("--set paths", () => {
  for (const flag of ["__proto__.polluted=1", "listen.__proto__.polluted=1", "constructor.prototype.polluted=1", "prototype.x=1", "listen.constructor=1"]) {
    it(`refuses ${flag} and leaves Object.prototype alone`, () => {
      expect(() => load([flag])).toThrow(UsageError);
      expect(() => load([flag])).toThrow(/is not a profile key/);
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
    });
  }

  it("gives one clear line and exit 2 on the command line", async () => {
    const { dir, remove } = scratch("set-flag");
    writeFileSync(`${dir}/p.yaml`, "extends: [local]\n");
    const r = await ftpctl(["validate", "--set", "banner=a\nb", "--distro", "debian", `${dir}/p.yaml`]).finally(remove);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("ftpctl: --set banner: the value holds a line break, which a YAML value cannot hold as typed; write it in the profile file, quoted");
    expect(stackLines(r.stderr)).toEqual([]);
  });
});

describe("--set values in the rendered text", () => {
  it("arrive as typed, or not at all (property)", () => {
    const base = runPipeline("p.yaml", { distro: "debian", text: "extends: [local]\n" });
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 30 }), (value) => {
        let text: string;
        try {
          const p = runPipeline("p.yaml", { distro: "debian", text: "extends: [local]\n", set: [`banner=${value}`] });
          text = renderPipeline(p, "test").text;
        } catch (err) {
          if (err instanceof UsageError || err instanceof ProfileError) return;
          throw err;
        }
        const scan = scanText(text);
        const names = scan.settings.map((x) => x.name);
        // No setting but the profile's own, and the banner only once.
        expect(names.filter((n) => n !== "ftpd_banner").sort()).toEqual([...base.options.keys()].sort());
        expect(names.filter((n) => n === "ftpd_banner").length).toBeLessThanOrEqual(1);
        const banner = scan.settings.find((x) => x.name === "ftpd_banner");
        // YAML reads a scalar: `1` is a number and `[a]` a list (refused), but what arrives is never cut or joined.
        if (banner) expect(text).toContain(`\nftpd_banner=${banner.value}\n`);
        if (banner && !/^["'\[{]/.test(value)) expect(banner.value).toBe(value);
      }),
      { numRuns: 400, examples: [["a\nlisten=NO"], [" x"], ["x\r"], ["\u0000"], ["\u2028listen=NO"], ["#x"], ["a: b"]] },
    );
  });
});
