/**
 * init, validate, render, explain and import through the built CLI, as an
 * operator runs them, plus the import round trip over the lint corpus and
 * the examples: a vsftpd.conf imported and rendered again has the same
 * effective configuration, or import refuses it and says why.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintBytes } from "../../src/lint/linter.js";
import { builtinNames, builtinText } from "../../src/profile/builtins.js";
import { ProfileError } from "../../src/profile/errors.js";
import { importText } from "../../src/commands/import/run.js";
import { loadProfile } from "../../src/profile/load.js";
import { checkRendered, renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { formatValue } from "../../src/profile/render.js";
import { interpret } from "../../src/vsftpd/interpret.js";
import type { Distro } from "../../src/vsftpd/option-spec.js";
import { optionsFor } from "../../src/vsftpd/registry.js";
import { scanBytes } from "../../src/vsftpd/scan.js";
import { ftpctl, REPO, scratch, stackLines } from "./cli.js";

let dir = "";
let remove = () => {};
beforeAll(() => {
  ({ dir, remove } = scratch("profile-commands"));
});
afterAll(() => remove());

const KNOWN = builtinNames().join(", ");
const DEBIAN = ["--distro", "debian"];

/** [line, col] of `needle` in a built-in profile's text, as the YAML loader counts them. */
function builtinPos(name: string, needle: string): string {
  const lines = builtinText(name)!.split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  return `builtin:${name}:${line + 1}:${lines[line]!.indexOf(needle) + needle.indexOf(":") + 3}`;
}

describe("init", () => {
  it("writes a commented profile that validates and shows what the built-ins set", async () => {
    const out = `${dir}/init.yaml`;
    const r = await ftpctl(["init", "-p", "local", "-p", "jailed", "-p", "ftps", "-o", out]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out} (extends local, jailed, ftps)`);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=https:\/\/ftpctl\.dev\/schemas\/profile\.schema\.json\n/);
    // Only `extends` is live; everything the built-ins set is shown commented out.
    expect(text.split("\n").filter((l) => l.trim() && !l.startsWith("#"))).toEqual(["extends: [local, jailed, ftps]"]);
    // The values the built-ins set, before the separate users: example (init-notes.test.ts).
    const values = text.slice(0, text.indexOf("\n# FTP users ftpctl creates"));
    const shown = parseYaml(values.split("\n").filter((l) => l.startsWith("# ") && !/^# (yaml-language-server|ftpctl profile|with |Built-in|The built-in|any vsftpd|vsftpd options it sets)/.test(l)).map((l) => l.slice(2)).join("\n"));
    const { extends: _ext, ...effective } = loadProfile("x.yaml", { text: "extends: [local, jailed, ftps]\n" }).profile;
    expect(shown).toEqual(effective);
    const v = await ftpctl(["validate", out, ...DEBIAN]);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${out}: valid (extends local, jailed, ftps)\n`);
  });

  it("writes ftpctl.yaml extending anonymous by default, and - prints it", async () => {
    const r = await ftpctl(["init"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(`${dir}/ftpctl.yaml`, "utf8")).toContain("\nextends: [anonymous]\n");
    const v = await ftpctl(["validate", ...DEBIAN], { cwd: dir });
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout).toBe("ftpctl.yaml: valid (extends anonymous)\n");
    const s = await ftpctl(["init", "-p", "dropbox", "-o", "-"]);
    expect(s.exitCode).toBe(0);
    expect(s.stdout).toContain("\nextends: [dropbox]\n");
  });

  it("refuses to overwrite without --force, and keeps a .bak with it", async () => {
    const out = `${dir}/keep.yaml`;
    writeFileSync(out, "# mine\nextends: [local]\n", { mode: 0o640 });
    const r = await ftpctl(["init", "-p", "anonymous", "-o", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${out} already exists; use --force to replace it (the old file is kept as ${out}.bak)\n`);
    expect(readFileSync(out, "utf8")).toBe("# mine\nextends: [local]\n");
    const f = await ftpctl(["init", "-p", "anonymous", "-o", out, "--force"]);
    expect(f.exitCode, f.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("\nextends: [anonymous]\n");
    expect(readFileSync(`${out}.bak`, "utf8")).toBe("# mine\nextends: [local]\n");
    expect(statSync(out).mode & 0o777).toBe(0o640);
  });

  it("lists the known profiles for an unknown name, writing nothing", async () => {
    const out = `${dir}/unknown.yaml`;
    const r = await ftpctl(["init", "-p", "local", "-p", "jailled", "-o", out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`ftpctl: unknown profile 'jailled' (did you mean 'jailed'?); known profiles: ${KNOWN}\n`);
    expect(existsSync(out)).toBe(false);
    const far = await ftpctl(["init", "-p", "webdav", "-o", out]);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toContain(`unknown profile 'webdav'; known profiles: ${KNOWN}\n`);
  });
});

describe("validate", () => {
  it("exits 0 for a valid profile, 1 for a bad one, 2 for a missing one", async () => {
    const good = `${dir}/good.yaml`;
    const bad = `${dir}/bad.yaml`;
    writeFileSync(good, "extends: [local, jailed]\n");
    writeFileSync(bad, "extends: [local, jailed]\njail:\n  enabled: maybe\n");
    const ok = await ftpctl(["validate", good, ...DEBIAN]);
    expect([ok.exitCode, ok.stdout]).toEqual([0, `${good}: valid (extends local, jailed)\n`]);
    // Local logins without tls.enabled: valid, and the one warning says what that means.
    expect(ok.stderr).toMatch(new RegExp(`^${good}: warning: local users log in with their system passwords over plain FTP .*\\[VSF703\\]\n$`));
    const no = await ftpctl(["validate", bad, ...DEBIAN]);
    expect(no.exitCode).toBe(1);
    expect(no.stderr).toBe(`${bad}:3:12: error: jail.enabled must be true or false, got string "maybe" (/jail/enabled)\n1 error(s): the profile was not used\n`);
    const missing = await ftpctl(["validate", `${dir}/nope.yaml`, ...DEBIAN]);
    expect(missing.exitCode).toBe(2);
    expect(stackLines(no.stderr + missing.stderr)).toEqual([]);
  });

  it("refuses a raw vsftpd: value vsftpd would refuse, at the line that wrote it", async () => {
    const file = `${dir}/raw.yaml`;
    writeFileSync(file, "extends: [local]\nvsftpd:\n  ssl_sni_hostname: ftp.example.com\n  listen_address: ftp.example.com\n");
    const r = await ftpctl(["validate", file, ...DEBIAN]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:3:21: error: option 'ssl_sni_hostname' exists only in the rhel build, not debian`);
    expect(r.stderr).toContain(`${file}:4:19: error: listen_address 'ftp.example.com' is not an IPv4 address`);
    const rendered = await ftpctl(["render", file, ...DEBIAN]);
    expect(rendered.exitCode).toBe(1);
    expect(rendered.stdout).toBe("");
    // The user's raw value, not an ftpctl bug.
    expect(rendered.stderr).not.toContain("please report");
    // On rhel the option exists: no error, but lint's warning about it is shown, at the line that wrote it.
    const rhel = await ftpctl(["validate", file, "--distro", "rhel"]).then((x) => x.stderr);
    expect(rhel).not.toMatch(/error: [^\n]*ssl_sni_hostname/);
    expect(rhel).toContain(`${file}:3:21: warning: ssl_sni_hostname=ftp.example.com does nothing: it needs ssl_enable=YES`);
  });
});

describe("render -o", () => {
  it("writes the config atomically and keeps the previous one as .bak", async () => {
    const profile = `${dir}/site.yaml`;
    writeFileSync(profile, "extends: [local, jailed]\n");
    const out = `${dir}/out/vsftpd.conf`;
    mkdirSync(`${dir}/out`);
    const first = await ftpctl(["render", profile, "-o", out, ...DEBIAN]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^${profile}: warning: local users log in .*\\[VSF703\\] \\(/tls/enabled\\)\nwrote ${out}\n$`));
    const printed = await ftpctl(["render", profile, ...DEBIAN]);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout);
    expect(statSync(out).mode & 0o777).toBe(0o644);

    writeFileSync(out, "# hand-edited\nlisten=YES\n");
    chmodSync(out, 0o600);
    const before = statSync(out);
    writeFileSync(profile, "extends: [local, jailed]\nlisten:\n  port: 2121\n");
    const second = await ftpctl(["render", profile, "-o", out, ...DEBIAN]);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`\\[VSF703\\] \\(/tls/enabled\\)\nwrote ${out} \\(previous version kept as ${out}\\.bak\\)\n$`));
    const after = statSync(out);
    // Replaced by a rename, not rewritten in place; mode and owner carried over.
    expect(after.ino).not.toBe(before.ino);
    expect([after.mode & 0o777, after.uid, after.gid]).toEqual([0o600, before.uid, before.gid]);
    expect(readFileSync(out, "utf8")).toContain("\nlisten_port=2121\n");
    expect(readFileSync(`${out}.bak`, "utf8")).toBe("# hand-edited\nlisten=YES\n");
    expect(readdirSync(`${dir}/out`).sort()).toEqual(["vsftpd.conf", "vsftpd.conf.bak"]);
  });

  it("leaves the old config alone when the profile is bad", async () => {
    const profile = `${dir}/broken.yaml`;
    writeFileSync(profile, "extends: [local]\nlisten:\n  port: none\n");
    const out = `${dir}/untouched.conf`;
    writeFileSync(out, "listen=YES\n");
    const r = await ftpctl(["render", profile, "-o", out, ...DEBIAN]);
    expect(r.exitCode).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("listen=YES\n");
    expect(existsSync(`${out}.bak`)).toBe(false);
  });
});

describe("explain", () => {
  const SETS = ["--set", "passive.minPort=50000", "--set", "passive.maxPort=50010"];
  let file = "";
  beforeAll(() => {
    file = `${dir}/explain.yaml`;
    writeFileSync(file, "extends: [anonymous, local]\nlisten:\n  port: 2121\nlocal:\n  enabled: true\n");
  });

  it("shows every option of the build with its origin", async () => {
    const r = await ftpctl(["explain", file, ...SETS, ...DEBIAN]);
    expect(r.exitCode, r.stderr).toBe(0);
    const rows = new Map(
      r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => {
          const m = /^(\S+) (.*?)\s+# (.*)$/.exec(l)!;
          return [m[1]!, { value: m[2]!.trim(), origin: m[3]! }] as const;
        }),
    );
    expect([...rows.keys()].sort()).toEqual(optionsFor("debian").map((o) => o.name).sort());
    // A key of the file, at its line and column.
    expect(rows.get("listen_port")).toEqual({ value: "2121", origin: `listen.port: 2121 at ${file}:3:9` });
    expect(rows.get("local_enable")).toEqual({ value: "YES", origin: `local.enabled: true at ${file}:5:12` });
    // A built-in profile's key.
    expect(rows.get("anon_root")).toEqual({ value: "/srv/ftp", origin: `anonymous.root: "/srv/ftp" at ${builtinPos("anonymous", "root: /srv/ftp")}` });
    expect(rows.get("local_umask")).toEqual({ value: "022", origin: `local.umask: "022" at ${builtinPos("local", 'umask: "022"')}` });
    expect(rows.get("hide_ids")!.origin).toBe(`implied by anonymous.enabled: true at ${builtinPos("anonymous", "enabled: true")}`);
    // What an origin must explain: why listen is YES.
    expect(rows.get("listen")).toEqual({ value: "YES", origin: "implied by listen.ipv6 unset: the profile layer's default" });
    // --set.
    expect(rows.get("pasv_min_port")).toEqual({ value: "50000", origin: "passive.minPort: 50000 at --set passive.minPort=50000" });
    // The profile layer's own default, a pinned build-dependent default, and the build's default.
    expect(rows.get("xferlog_enable")!.origin).toBe("logging.transfers unset: the profile layer's default");
    expect(rows.get("seccomp_sandbox")).toEqual({ value: "NO", origin: "pinned by ftpctl: the compiled default differs between builds" });
    expect(rows.get("ftp_data_port")).toEqual({ value: "20", origin: "default (debian build)" });
  });

  it("does not credit a section's line for a key it leaves out", async () => {
    // local: is in the file, local.umask is not: its 022 comes from the built-in, not from line 4.
    const f = `${dir}/explain-umask.yaml`;
    writeFileSync(f, "extends: [anonymous]\nlocal:\n  enabled: true\n");
    const r = await ftpctl(["explain", f, "--json", ...DEBIAN]);
    const rows = (JSON.parse(r.stdout) as { options: { name: string; origin: string }[] }).options;
    expect(rows.find((x) => x.name === "local_umask")!.origin).toBe("local.umask unset: the profile layer's default");
    expect(rows.find((x) => x.name === "local_enable")!.origin).toBe(`local.enabled: true at ${f}:3:12`);
  });

  it("--json parses and --changed drops the build defaults", async () => {
    const all = JSON.parse((await ftpctl(["explain", file, "--json", ...SETS, ...DEBIAN])).stdout) as { file: string; distro: string; options: { name: string; text: string; source: string; origin: string }[] };
    expect(all.file).toBe(file);
    expect(all.distro).toBe("debian");
    expect(all.options).toHaveLength(optionsFor("debian").length);
    expect(new Set(all.options.map((o) => o.source))).toEqual(new Set(["default", "profile", "pinned"]));
    expect(all.options.find((o) => o.name === "listen_port")).toMatchObject({ text: "2121", source: "profile", origin: `listen.port: 2121 at ${file}:3:9` });
    const changed = JSON.parse((await ftpctl(["explain", file, "--json", "--changed", ...SETS, ...DEBIAN])).stdout) as typeof all;
    expect(changed.options.length).toBeLessThan(all.options.length);
    expect(changed.options.every((o) => o.source !== "default")).toBe(true);
  });

  it("explains a vsftpd.conf with file:line origins", async () => {
    const conf = `${REPO}test/fixtures/seed-jail.conf`;
    const r = JSON.parse((await ftpctl(["explain", conf, "--json", "--changed", ...DEBIAN])).stdout) as { options: { name: string; origin: string }[] };
    const lines = readFileSync(conf, "utf8").split("\n");
    for (const o of r.options) {
      const m = /^(.*):(\d+)$/.exec(o.origin)!;
      expect(m[1]).toBe(conf);
      expect(lines[Number(m[2]) - 1]!.startsWith(`${o.name}=`)).toBe(true);
    }
  });
});

/**
 * The import round trip. Each file's expected outcome is decided here, from
 * the source alone: a file vsftpd refuses (lint finds an error: a startup
 * refusal or every session refused) cannot be imported; every other file
 * must round-trip exactly, unless one of its values cannot be written safely
 * in a profile (a line break, NUL or edge whitespace, which the importer
 * must then name).
 */
const CORPUS = [
  ...readdirSync(`${REPO}test/fixtures`).filter((f) => f.endsWith(".conf")).map((f) => `test/fixtures/${f}`),
  ...readdirSync(`${REPO}examples`).filter((f) => f.endsWith(".conf")).map((f) => `examples/${f}`),
].sort();

type Outcome = { kind: "round-trip" } | { kind: "vsftpd-refuses"; codes: string[] } | { kind: "not-expressible" };

function expected(file: string, distro: Distro): Outcome {
  const bytes = readFileSync(`${REPO}${file}`);
  const errors = lintBytes({ file, bytes, options: { distro, standalone: true } }).findings.filter((f) => f.severity === "error");
  if (errors.length) return { kind: "vsftpd-refuses", codes: [...new Set(errors.map((e) => e.code))] };
  try {
    importText(file, bytes, distro);
    return { kind: "round-trip" };
  } catch (err) {
    if (err instanceof ProfileError && err.problems.every((p) => /must not contain a newline, CR or NUL, nor start or end with whitespace/.test(p.message))) return { kind: "not-expressible" };
    return { kind: "round-trip" };
  }
}

function title(file: string, o: Outcome): string {
  if (o.kind === "round-trip") return `${file}: import then render keeps the effective configuration`;
  if (o.kind === "vsftpd-refuses") return `${file}: import refuses it, vsftpd refuses it (${o.codes.join(", ")})`;
  return `${file}: import refuses it, a value cannot be written safely in a profile`;
}

/** Every option of the build, as vsftpd would read it from `bytes`. */
function effective(bytes: Uint8Array, distro: Distro): Record<string, string> {
  const conf = interpret(scanBytes(bytes), distro).effective;
  return Object.fromEntries(optionsFor(distro).map((o) => [o.name, formatValue(o.name, conf.get(o.name))]));
}

describe("import round trip through the CLI (debian)", () => {
  it("covers the corpus", () => {
    expect(CORPUS.length).toBeGreaterThan(80);
    expect(CORPUS.some((f) => f.startsWith("examples/"))).toBe(true);
  });

  for (const file of CORPUS) {
    const outcome = expected(file, "debian");
    it(title(file, outcome), async () => {
      const name = basename(file, ".conf");
      const profile = `${dir}/import-${name}.yaml`;
      const imp = await ftpctl(["import", file, "-o", profile, ...DEBIAN], { cwd: REPO });
      expect(stackLines(imp.stderr)).toEqual([]);
      if (outcome.kind !== "round-trip") {
        expect(imp.exitCode).toBe(1);
        expect(existsSync(profile)).toBe(false);
        const reasons = imp.stderr.split("\n").filter((l) => l.startsWith(`${file}:`));
        expect(reasons.length, imp.stderr).toBeGreaterThan(0);
        for (const l of reasons) expect(l).toMatch(/^[^:]+:\d+:\d+: error: /);
        if (outcome.kind === "vsftpd-refuses") expect(imp.stderr).toMatch(/vsftpd refuses this file \(|cannot import a file vsftpd refuses: /);
        else expect(imp.stderr).toMatch(/must not contain a newline, CR or NUL/);
        return;
      }
      expect(imp.exitCode, imp.stderr).toBe(0);
      const conf = `${dir}/import-${name}.conf`;
      const rendered = await ftpctl(["render", profile, "-o", conf, ...DEBIAN]);
      expect(rendered.exitCode, rendered.stderr).toBe(0);
      expect(effective(readFileSync(conf), "debian")).toEqual(effective(readFileSync(`${REPO}${file}`), "debian"));
    });
  }
});

describe("import of values a profile cannot hold", () => {
  // Upstream vsftpd keeps a string's trailing space or CR; a profile refuses both (injection test).
  for (const [label, line, option, shown] of [
    ["a trailing space", "ftpd_banner=Welcome ", "ftpd_banner", '"Welcome "'],
    ["a CR (CRLF line)", "ftpd_banner=Welcome\r", "ftpd_banner", '"Welcome\\r"'],
    ["a trailing space in a raw vsftpd: option", "banner_file=/etc/banner ", "banner_file", '"/etc/banner "'],
  ] as const) {
    it(`refuses ${label} at the source line, not in the unseen profile`, async () => {
      const conf = `${dir}/inexpressible-${option}-${label.length}.conf`;
      writeFileSync(conf, `listen=YES\nanonymous_enable=YES\n${line}\n`);
      const r = await ftpctl(["import", conf, "--distro", "upstream"]);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")[0]).toMatch(new RegExp(`^${conf}:3:${option.length + 2}: error: cannot import ${option}: .*must not contain a newline, CR or NUL, nor start or end with whitespace.*got ${shown.replace(/[\\.]/g, "\\$&")}`));
    });
  }
});

describe("import round trip in-process (upstream and rhel)", () => {
  for (const distro of ["upstream", "rhel"] as const) {
    it(`every corpus file round-trips or is refused with a reason on ${distro}`, () => {
      const failures: string[] = [];
      for (const file of CORPUS) {
        const outcome = expected(file, distro);
        const bytes = readFileSync(`${REPO}${file}`);
        let text: string;
        try {
          text = importText(file, bytes, distro);
        } catch (err) {
          if (!(err instanceof ProfileError)) throw err;
          if (outcome.kind === "round-trip") failures.push(`${file}: refused: ${err.message}`);
          continue;
        }
        if (outcome.kind !== "round-trip") {
          failures.push(`${file}: imported although ${outcome.kind}`);
          continue;
        }
        const p = runPipeline(`${file}.yaml`, { distro, text });
        const r = renderPipeline(p, "test");
        try {
          checkRendered(p, r);
        } catch (err) {
          if (!(err instanceof ProfileError)) throw err;
          failures.push(`${file}: rendered config refused: ${err.problems.map((x) => x.message).join("; ")}`);
        }
        const a = effective(Buffer.from(r.text), distro);
        const b = effective(bytes, distro);
        const diff = Object.keys(b).filter((k) => a[k] !== b[k]);
        if (diff.length) failures.push(`${file}: ${diff.map((k) => `${k}: ${b[k]} became ${a[k]}`).join(", ")}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
