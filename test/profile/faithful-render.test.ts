/**
 * A rendered config means what its profile says, or nothing is rendered:
 *  - string values are held to what vsftpd can use (the registry's byte
 *    limits), and the file to the 100,000 bytes vsftpd reads of it;
 *  - lint warnings on the rendered text are printed by render and apply,
 *    and a warning on a value the profile layer chose refuses the render;
 *  - a passive range holding the listen port is refused (VSF304's case);
 *  - init says what validate and render will say about its starter profile.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProfileError, RenderedConfigError } from "../../src/profile/errors.js";
import { builtinNames } from "../../src/profile/builtins.js";
import { checkRendered, profileNotes, renderPipeline, runPipeline, type Pipeline } from "../../src/profile/pipeline.js";
import { profileSchema } from "../../src/profile/schema.js";
import { CONF_FILE_MAX } from "../../src/vsftpd/scan.js";
import { DISTROS } from "../../src/vsftpd/option-spec.js";
import { hasOption, OPTIONS } from "../../src/vsftpd/registry.js";
import { ftpctl, scratch } from "./cli.js";

let dir = "";
let remove = () => {};
beforeAll(() => ({ dir, remove } = scratch("faithful")));
afterAll(() => remove());

const DEBIAN = ["--distro", "debian"];

function problemsOf(text: string, distro: "debian" | "rhel" | "upstream" = "debian"): ProfileError["problems"] {
  try {
    const p = runPipeline("p.yaml", { distro, text });
    checkRendered(p, renderPipeline(p, "test"));
  } catch (err) {
    if (err instanceof ProfileError) return err.problems;
    throw err;
  }
  return [];
}

describe("length limits", () => {
  it("refuses a banner that would push anonymous_enable=NO past the 100,000 bytes vsftpd reads", async () => {
    const file = `${dir}/long-banner.yaml`;
    writeFileSync(file, `extends: [local]\nbanner: ${"x".repeat(120_000)}\nanonymous:\n  enabled: false\n`);
    const r = await ftpctl(["render", file, ...DEBIAN]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:2:9: error: banner is too long for vsftpd.conf: at most 4096 characters, got 120000 (/banner)`);
    // One line per problem: the value itself is not echoed.
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it("counts bytes, not characters: a banner of 2,000 euro signs is 6,000 bytes", () => {
    const problems = problemsOf(`extends: [local]\nbanner: ${"€".repeat(2000)}\n`);
    expect(problems.map((p) => [p.pointer, p.message])).toEqual([["/banner", "banner is 6000 bytes long in UTF-8; ftpd_banner takes at most 4096"]]);
  });

  it("refuses a path longer than PATH_MAX allows", () => {
    const problems = problemsOf(`extends: [anonymous]\nanonymous:\n  root: /${"a".repeat(4095)}\n`);
    expect(problems.map((p) => [p.pointer, p.message])).toEqual([["/anonymous/root", "anonymous.root is too long for vsftpd.conf: at most 4095 characters, got 4096"]]);
    expect(problemsOf(`extends: [anonymous]\nanonymous:\n  root: /${"a".repeat(4094)}\n`)).toEqual([]);
  });

  it("refuses a file longer than vsftpd reads, from raw vsftpd: values each within its limit", () => {
    const raw = OPTIONS.filter((o) => o.kind === "string" && hasOption(o, "debian") && !["pam_service_name", "listen_address6"].includes(o.name));
    const body = raw.map((o) => `  ${o.name}: /${"v".repeat(3500)}`).join("\n");
    expect(raw.length * 3500).toBeGreaterThan(CONF_FILE_MAX);
    const problems = problemsOf(`extends: [local]\nvsftpd:\n${body}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/^the rendered vsftpd\.conf would be \d+ bytes, but vsftpd reads only the first 100000 and silently ignores the settings after them; the longest value is \w+ \(3501 bytes\)$/);
  });

  it("takes every string option's limit from the registry, into the schema", () => {
    const schema = profileSchema() as { $defs: Record<string, { anyOf?: { maxLength?: number }[] }>; properties: { vsftpd: { properties: Record<string, { $ref: string }> } } };
    for (const o of OPTIONS.filter((x) => x.kind === "string")) {
      expect(o.maxBytes, o.name).toBeGreaterThan(0);
      const ref = schema.properties.vsftpd.properties[o.name]!.$ref.replace("#/$defs/", "");
      expect(schema.$defs[ref]!.anyOf![0]!.maxLength, o.name).toBe(o.maxBytes);
    }
  });
});

describe("lint warnings of the rendered text", () => {
  const raw = "extends: [local]\nvsftpd:\n  pasv_promiscuous: true\n";

  it("render prints a warning the raw vsftpd: section asked for, at its line, and renders", async () => {
    const file = `${dir}/raw-warning.yaml`;
    writeFileSync(file, raw);
    const r = await ftpctl(["render", file, ...DEBIAN]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("\npasv_promiscuous=YES\n");
    expect(r.stderr).toMatch(new RegExp(`^${file}:3:21: warning: pasv_promiscuous=YES accepts a passive data connection from any address.*\\[VSF704\\] \\(/vsftpd/pasv_promiscuous\\)$`, "m"));
  });

  it("renders local logins without ftps, printing VSF703's warning; local with ftps renders with none", async () => {
    const plain = `${dir}/local-plain.yaml`;
    writeFileSync(plain, "extends: [local]\n");
    const r = await ftpctl(["render", plain, ...DEBIAN]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("\nlocal_enable=YES\n");
    expect(r.stdout).toContain("\nssl_enable=NO\n");
    expect(r.stderr).toBe(
      `${plain}: warning: local users log in with their system passwords over plain FTP (ssl_enable is NO): passwords and files cross the network in clear text; set ssl_enable=YES with a certificate (ftpctl cert generate) [VSF703] (/tls/enabled)\n`,
    );
    // Nothing hides it: the rendered file lints with the same warning.
    const conf = `${dir}/local-plain.conf`;
    writeFileSync(conf, r.stdout);
    expect((await ftpctl(["lint", ...DEBIAN, conf])).stdout).toContain("[VSF703]");
    const ftps = `${dir}/local-ftps.yaml`;
    writeFileSync(ftps, "extends: [local, ftps]\ntls:\n  cert: /etc/ssl/certs/ftp.pem\n");
    const t = await ftpctl(["render", ftps, ...DEBIAN]);
    expect([t.exitCode, t.stderr]).toEqual([0, ""]);
    expect(t.stdout).toContain("\nssl_enable=YES\n");
  });

  it("anonymous.mkdir without uploads renders: no chown_uploads, which only uploads use (VSF605)", () => {
    const p = runPipeline("p.yaml", { distro: "debian", text: "extends: [anonymous]\nanonymous:\n  mkdir: true\n" });
    const r = renderPipeline(p, "test");
    expect(r.text).not.toContain("chown_uploads");
    expect(checkRendered(p, r).map((x) => [x.severity, x.pointer, /\[(VSF\d+)\]$/.exec(x.message)?.[1]])).toEqual([["warning", "/anonymous/mkdir", "VSF701"]]);
  });

  it("apply prints it too", async () => {
    const file = `${dir}/raw-warning-apply.yaml`;
    writeFileSync(file, raw);
    const root = `${dir}/stage`;
    mkdirSync(`${root}/etc`, { recursive: true });
    const r = await ftpctl(["apply", file, ...DEBIAN, "--root", root, "--only", "config", "--dry-run"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^${file}:3:21: warning: pasv_promiscuous=YES .*\\[VSF704\\]`, "m"));
  });

  it("refuses a warning on a value the profile layer chose, and says it is ftpctl's fault", async () => {
    const p = runPipeline("p.yaml", { distro: "debian", text: "extends: [local]\n" });
    const withDerived: Pipeline = { ...p, options: new Map(p.options).set("pasv_promiscuous", { value: true, from: "/passive/enabled", derived: true }) };
    const err = (() => {
      try {
        checkRendered(withDerived, renderPipeline(withDerived, "test"));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RenderedConfigError);
    expect((err as RenderedConfigError).ours).toBe(true);
    // Local logins over plain FTP stay the user's choice beside it: a warning, not refused (VSF703).
    expect((err as RenderedConfigError).problems.map((x) => [x.severity, x.pointer])).toEqual([["warning", "/tls/enabled"], ["error", "/passive/enabled"]]);
    // The same value from the user's raw vsftpd: section is theirs to ask for: a warning, printed.
    const own = runPipeline("p.yaml", { distro: "debian", text: raw });
    expect(checkRendered(own, renderPipeline(own, "test")).map((x) => [x.severity, x.pointer])).toEqual([["warning", "/tls/enabled"], ["warning", "/vsftpd/pasv_promiscuous"]]);
  });

  it("writes a finding a structured key asks for as a suppression with its reason", () => {
    const p = runPipeline("p.yaml", { distro: "debian", text: "extends: [local, ftps]\ntls:\n  cert: /etc/ssl/certs/ftp.pem\n  requireForLogin: false\n" });
    const r = renderPipeline(p, "test");
    expect(r.text).toContain("\n# ftpctl-disable VSF703 -- tls.requireForLogin is false\nforce_local_logins_ssl=NO\n");
    expect(checkRendered(p, r)).toEqual([]);
  });
});

describe("init", () => {
  it("prints what validate and render will say about the starter profile", async () => {
    const r = await ftpctl(["init", "-p", "ftps", "-o", "-"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain("<stdout>:6:1: needs editing: neither anonymous nor local logins are enabled");
    expect(profileNotes("p.yaml", "extends: [local]\nvsftpd:\n  pasv_promiscuous: true\n", "debian").map((n) => [n.severity, n.pointer])).toEqual([["warning", "/tls/enabled"], ["warning", "/vsftpd/pasv_promiscuous"]]);
  });

  it("every combination of built-in profiles renders on every build, warning only about local logins over plain FTP", () => {
    const names = builtinNames();
    const combos = names.flatMap((a, i) => [[a], ...names.slice(i + 1).map((b) => [a, b])]);
    for (const distro of DISTROS) {
      for (const combo of combos) {
        const text = `extends: [${combo.join(", ")}]\n${combo.includes("ftps") ? "tls:\n  cert: /etc/ssl/certs/ftp.pem\n" : ""}users:\n  - name: alice\n  - name: bob\n    jailed: false\njail:\n  exceptions: [carol]\n`;
        const notes = profileNotes("p.yaml", text, distro).filter((n) => !/neither anonymous nor local|needs local\.enabled|local\.enabled is false/.test(n.message));
        // The user's choice, printed and rendered: local users without ftps (VSF703); nothing else, and with ftps nothing at all.
        const plain = combo.some((c) => c === "local" || c === "jailed") && !combo.includes("ftps");
        const want = plain ? [["warning", "/tls/enabled", "VSF703"]] : [];
        expect(notes.map((n) => [n.severity, n.pointer, /\[(VSF\d+)\]$/.exec(n.message)?.[1]]), `${combo.join("+")} on ${distro}`).toEqual(want);
      }
    }
  });
});

describe("passive range and listen port", () => {
  it("refuses a passive range that holds the listen port", () => {
    expect(problemsOf("extends: [local]\nlisten:\n  port: 40050\n").map((p) => [p.pointer, p.message])).toEqual([
      ["/listen/port", "conflicting settings: the passive range 40000-40100 contains listen.port 40050, which vsftpd's listener holds; move one of them"],
    ]);
    expect(problemsOf("extends: [local]\nlisten:\n  port: 2121\npassive:\n  minPort: 2121\n  maxPort: 2121\n").map((p) => p.message)).toEqual([
      "conflicting settings: the passive range 2121-2121 contains listen.port 2121, which vsftpd's listener holds: every PASV and EPSV fails with 500 OOPS: vsf_sysutil_bind; move one of them",
    ]);
  });

  it("accepts it without passive mode, and a range beside the port", () => {
    expect(problemsOf("extends: [local]\nlisten:\n  port: 40050\npassive:\n  enabled: false\n")).toEqual([]);
    expect(problemsOf("extends: [local]\nlisten:\n  port: 40101\n")).toEqual([]);
  });
});
