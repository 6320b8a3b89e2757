/**
 * The option registry against Debian's own man page, and against the facts
 * read from the vsftpd 3.0.3 binaries (/work/shared/reference/vsftpd-reference.md
 * §1, §3, §3.1). Every option the man page documents must be in the registry
 * with the kind of the section that documents it; every registry option the
 * man page leaves out must say so (`undocumented: true`) and be explained below.
 */
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Kind, OptionSpec, Value } from "../src/vsftpd/option-spec.js";
import { defaultFor, hasOption, OPTIONS, optionSpec, optionsFor } from "../src/vsftpd/registry.js";
import { describeWithTools, readable } from "./helpers/require-tool.js";

const MAN_PAGE = "/usr/share/man/man5/vsftpd.conf.5.gz";
const IN_CI = process.env["CI"] === "true";

type Section = "BOOLEAN" | "NUMERIC" | "STRING";

interface ManEntry {
  readonly name: string;
  readonly section: Section;
  /** The text after "Default:", when the entry has one. */
  readonly default?: string;
}

/** Every `.TP` / `.B name` entry in the three option sections of the roff source. */
function parseManPage(roff: string): ManEntry[] {
  const entries: ManEntry[] = [];
  let section: Section | undefined;
  let current: { name: string; section: Section; default?: string } | undefined;
  const lines = roff.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const sh = /^\.SH\s+"?(\w+)/.exec(line);
    if (sh) {
      section = sh[1] === "BOOLEAN" || sh[1] === "NUMERIC" || sh[1] === "STRING" ? sh[1] : undefined;
      current = undefined;
      continue;
    }
    if (!section) continue;
    if (line.startsWith(".TP")) {
      const b = /^\.B\s+([A-Za-z0-9_]+)\s*$/.exec(lines[i + 1] ?? "");
      if (!b) throw new Error(`man page line ${i + 2}: .TP not followed by '.B option_name': ${lines[i + 1]}`);
      current = { name: b[1]!, section };
      entries.push(current);
      i++;
      continue;
    }
    const d = /^Default:\s*(.*)$/.exec(line);
    if (d && current && current.default === undefined) current.default = d[1]!.replace(/\\-/g, "-").trim();
  }
  return entries;
}

const SECTION_KINDS: Record<Section, readonly Kind[]> = {
  BOOLEAN: ["bool"],
  NUMERIC: ["uint", "mode"],
  STRING: ["string"],
};

/** Options the Debian binary has and its man page does not mention, and why. */
const UNDOCUMENTED: Readonly<Record<string, string>> = {
  allow_writeable_chroot: "upstream option; upstream's man page never described it, nor does Debian's",
  ftp_enable: "upstream's FTP/HTTP protocol switch, left out of upstream's man page",
  http_enable: "upstream's experimental HTTP mode, left out of upstream's man page",
  isolate: "upstream's PID/IPC namespace switch, left out of upstream's man page",
  isolate_network: "upstream's network namespace switch, left out of upstream's man page",
  ptrace_sandbox: "upstream's experimental ptrace sandbox, left out of upstream's man page",
  seccomp_sandbox: "upstream's seccomp filter switch, left out of upstream's man page (Debian compiles it to NO)",
  utf8_filesystem: "Debian-only: Debian's patch adds the option but no man page entry",
};

const manText = existsSync(MAN_PAGE) ? gunzipSync(readFileSync(MAN_PAGE)).toString("utf8") : undefined;

describe("registry vs Debian's vsftpd.conf(5)", () => {
  it("has the man page to compare with", () => {
    if (manText === undefined && IN_CI) {
      throw new Error(`${MAN_PAGE} is missing: install the vsftpd package (apt-get install vsftpd) on the CI machine`);
    }
  });

  describeWithTools("against the man page", [readable(MAN_PAGE)], () => {
    const entries = manText === undefined ? [] : parseManPage(manText);
    const documented = new Map(entries.map((e) => [e.name, e]));
    const debian = optionsFor("debian");

    it("documents each option once, in the three option sections", () => {
      expect(entries.length).toBeGreaterThan(100);
      expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
    });

    it("documents exactly the Debian options not marked undocumented", () => {
      const expected = debian.filter((o) => !o.undocumented).map((o) => o.name).sort();
      const missingFromRegistry = [...documented.keys()].filter((n) => !hasDebian(n)).sort();
      const missingFromMan = expected.filter((n) => !documented.has(n));
      expect(missingFromRegistry, "documented by the man page but not a Debian option in the registry").toEqual([]);
      expect(missingFromMan, "Debian options the man page lacks: mark them `undocumented: true` and explain them here").toEqual([]);
      expect([...documented.keys()].sort()).toEqual(expected);
    });

    it("marks as undocumented only options the man page really leaves out, each explained", () => {
      const marked = debian.filter((o) => o.undocumented).map((o) => o.name).sort();
      for (const name of marked) {
        console.info(`not in vsftpd.conf(5): ${name} (${UNDOCUMENTED[name] ?? "unexplained"})`);
        expect(documented.has(name), `${name} is marked undocumented but the man page documents it`).toBe(false);
      }
      expect(marked).toEqual(Object.keys(UNDOCUMENTED).sort());
    });

    it.each(entries.map((e) => [e.name, e.section] as const))("%s has the kind of the %s section", (name, section) => {
      const spec = optionSpec(name);
      expect(spec, `${name} is not in the registry`).toBeDefined();
      expect(SECTION_KINDS[section]).toContain(spec!.kind);
    });
  });
});

function hasDebian(name: string): boolean {
  const spec = optionSpec(name);
  return spec !== undefined && hasOption(spec, "debian");
}

describe("registry invariants", () => {
  const count = (distro: "upstream" | "debian", kind?: (k: Kind) => boolean) =>
    optionsFor(distro).filter((o) => !kind || kind(o.kind)).length;

  it.each([
    ["upstream", "all", 132],
    ["upstream", "bool", 80],
    ["upstream", "uint and mode", 20],
    ["upstream", "string", 32],
    ["debian", "all", 135],
    ["debian", "bool", 81],
    ["debian", "uint and mode", 20],
    ["debian", "string", 34],
  ] as const)("%s has %s: %i", (distro, kind, n) => {
    const filter =
      kind === "all" ? undefined : kind === "uint and mode" ? (k: Kind) => k === "uint" || k === "mode" : (k: Kind) => k === kind;
    expect(count(distro, filter)).toBe(n);
  });

  it("has unique, well-formed names", () => {
    const names = OPTIONS.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("writes in octal exactly the four umask and mode options", () => {
    expect(OPTIONS.filter((o) => o.kind === "mode").map((o) => o.name).sort()).toEqual(
      ["anon_umask", "chown_upload_mode", "file_open_mode", "local_umask"],
    );
  });

  it("adds exactly three Debian-only options to upstream", () => {
    const upstream = new Set(optionsFor("upstream").map((o) => o.name));
    expect(optionsFor("debian").filter((o) => !upstream.has(o.name)).map((o) => o.name).sort()).toEqual(
      ["download_file", "upload_file", "utf8_filesystem"],
    );
  });

  it.each(OPTIONS.map((o) => [o.name, o] as const))("%s: defaults fit its kind, overrides differ", (_name, o: OptionSpec) => {
    const fits = (v: Value) =>
      o.kind === "bool" ? typeof v === "boolean" : o.kind === "string" ? v === null || typeof v === "string" : Number.isInteger(v) && (v as number) >= 0;
    expect(fits(o.default)).toBe(true);
    if (o.debian !== undefined) {
      expect(fits(o.debian)).toBe(true);
      expect(o.debian, "a Debian override equal to the default is noise").not.toEqual(o.default);
    }
    if (o.rhel !== undefined) {
      expect(fits(o.rhel)).toBe(true);
      expect(o.rhel).not.toEqual(o.default);
    }
    expect(o.doc.length).toBeGreaterThan(5);
  });
});

/**
 * Reference §3.1: where the documentation and the compiled code disagree,
 * the registry holds what the binaries do. `man` is what Debian's man page
 * claims, checked too, so the table stays honest about the mismatch.
 */
const MISMATCHES: readonly { name: string; upstream: Value; debian: Value; man?: string }[] = [
  { name: "listen", upstream: true, debian: false, man: "NO" },
  { name: "anonymous_enable", upstream: true, debian: true, man: "NO" },
  { name: "max_clients", upstream: 2000, debian: 2000, man: "0 (unlimited)" },
  { name: "max_per_ip", upstream: 50, debian: 50, man: "0 (unlimited)" },
  { name: "pasv_min_port", upstream: 5001, debian: 5001, man: "0 (use any port)" },
  { name: "ssl_ciphers", upstream: "ECDHE-RSA-AES256-GCM-SHA384", debian: "ECDHE-RSA-AES256-GCM-SHA384", man: "DES-CBC3-SHA" },
  { name: "strict_ssl_read_eof", upstream: true, debian: true, man: "NO" },
  { name: "seccomp_sandbox", upstream: true, debian: false },
  { name: "secure_chroot_dir", upstream: "/usr/share/empty", debian: "/var/run/vsftpd/empty", man: "/var/run/vsftpd/empty" },
  { name: "pam_service_name", upstream: "ftp", debian: "vsftpd", man: "vsftpd" },
];

describe("compiled defaults where the documentation is wrong or differs", () => {
  const manDefaults = new Map(manText === undefined ? [] : parseManPage(manText).map((e) => [e.name, e.default]));

  it.each(MISMATCHES.map((m) => [m.name, m] as const))("%s", (name, m) => {
    const spec = optionSpec(name);
    expect(spec).toBeDefined();
    expect(defaultFor(spec!, "upstream")).toEqual(m.upstream);
    expect(defaultFor(spec!, "debian")).toEqual(m.debian);
    if (manText === undefined) return;
    if (m.man === undefined) expect(manDefaults.has(name)).toBe(false);
    else expect(manDefaults.get(name)).toBe(m.man);
  });
});
