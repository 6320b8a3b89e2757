/**
 * A bad profile is refused with every problem listed, each at the file,
 * line and column of the value (or key) at fault, in a sentence that says
 * what to write instead. In-process through loadProfile/runPipeline, then
 * through the CLI, which must exit 1 with `file:line:col: error:` lines and
 * no stack trace.
 */
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/core/errors.js";
import { builtinNames } from "../../src/profile/builtins.js";
import { formatProblem, ProfileError, type ProfileProblem } from "../../src/profile/errors.js";
import { loadProfile } from "../../src/profile/load.js";
import { renderPipeline, runPipeline } from "../../src/profile/pipeline.js";
import { ftpctl, scratch, stackLines } from "./cli.js";

const FILE = "site.yaml";

/** The problems a profile is refused with; fails the test if it is accepted. */
function refusal(text: string, set: readonly string[] = []): ProfileProblem[] {
  try {
    runPipeline(FILE, { distro: "debian", text, set });
  } catch (err) {
    if (err instanceof ProfileError) return [...err.problems];
    throw err;
  }
  throw new Error(`expected the profile to be refused:\n${text}`);
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly set?: readonly string[];
  /** Where the problem is reported: [line, col] in site.yaml, or the --set flag. */
  readonly at: readonly [number, number] | string;
  readonly pointer?: string;
  readonly message: RegExp;
}

const KNOWN = builtinNames().join(", ");

const CASES: readonly Case[] = [
  // Wrong types.
  { name: "a quoted number for a port", text: 'extends: [local]\nlisten:\n  port: "21"\n', at: [3, 9], pointer: "/listen/port", message: /^listen\.port must be a whole number, got string "21"$/ },
  { name: "YAML 1.1's yes for a boolean", text: "extends: [local]\nlocal:\n  write: yes\n", at: [3, 10], pointer: "/local/write", message: /^local\.write must be true or false, got string "yes"$/ },
  { name: "an unquoted octal umask", text: "extends: [local]\nlocal:\n  umask: 022\n", at: [3, 10], pointer: "/local/umask", message: /^local\.umask must be a quoted octal string such as "022", got number 22$/ },
  { name: "an unquoted octal vsftpd: mode", text: "extends: [local]\nvsftpd:\n  anon_umask: 077\n", at: [3, 15], pointer: "/vsftpd/anon_umask", message: /quoted octal string such as "022", got number 77$/ },
  { name: "a list where a mapping belongs", text: "extends: [local]\nlisten: [21]\n", at: [2, 9], pointer: "/listen", message: /^listen must be a mapping of keys, got a list$/ },
  { name: "a number for a vsftpd: string option", text: "extends: [local]\nvsftpd:\n  ftpd_banner: 5\n", at: [3, 16], pointer: "/vsftpd/ftpd_banner", message: /^vsftpd\.ftpd_banner must be a string, got number 5$/ },
  { name: "a port out of range", text: "extends: [local]\nlisten:\n  port: 70000\n", at: [3, 9], message: /^listen\.port must be at most 65535, got 70000$/ },
  { name: "a passive port vsftpd ignores", text: "extends: [local]\npassive:\n  minPort: 80\n  maxPort: 90\n", at: [3, 12], message: /^passive\.minPort must be at least 1025, got 80$/ },
  { name: "a value outside an enum", text: "extends: [local, ftps]\ntls:\n  anonymous: maybe\n", at: [3, 14], message: /^tls\.anonymous must be one of "allow", "require", "deny", got string "maybe"$/ },
  { name: "a relative path", text: "extends: [local]\nlocal:\n  root: srv/ftp\n", at: [3, 9], message: /^local\.root must be an absolute path, starting with '\/', got "srv\/ftp"$/ },
  { name: "a bad user name", text: "extends: [local]\nusers:\n  - name: Bob\n", at: [3, 11], pointer: "/users/0/name", message: /^users\.0\.name must be a valid Linux user name/ },
  // Unknown keys.
  { name: "a misspelt key", text: "extends: [local]\nlisten:\n  prot: 2121\n", at: [3, 3], pointer: "/listen/prot", message: /^unknown key 'prot' in listen; did you mean 'port'\?$/ },
  { name: "a misspelt section", text: "extends: [local]\nanonymus:\n  enabled: true\n", at: [2, 1], message: /^unknown key 'anonymus' in the profile; did you mean 'anonymous'\?$/ },
  { name: "a misspelt vsftpd option", text: "extends: [local]\nvsftpd:\n  anonymous_enabled: true\n", at: [3, 3], message: /^unknown key 'anonymous_enabled' in vsftpd; did you mean 'anonymous_enable'\?$/ },
  { name: "an unknown key with nothing close", text: "extends: [local]\nfrobnicate: 1\n", at: [2, 1], message: /^unknown key 'frobnicate' in the profile; known keys: \$schema, extends, banner, listen, anonymous, local,/ },
  { name: "an unknown vsftpd option with nothing close (no list of 150 names)", text: "extends: [local]\nvsftpd:\n  frobnicate: 1\n", at: [3, 3], message: /^unknown key 'frobnicate' in vsftpd; it is none of the \d+ keys allowed there \('ftpctl explain' lists vsftpd's options\)$/ },
  // Conflicting settings.
  { name: "passive.minPort above maxPort", text: "extends: [local]\npassive:\n  minPort: 50010\n  maxPort: 50000\n", at: [3, 12], message: /^conflicting settings: passive\.minPort 50010 is above passive\.maxPort 50000$/ },
  { name: "only one passive bound", text: "extends: [local]\npassive:\n  maxPort: 50000\n", at: [3, 12], message: /^set both passive\.minPort and passive\.maxPort, or neither$/ },
  { name: "anonymous.upload with anonymous disabled", text: "extends: [local]\nanonymous:\n  upload: true\n", at: [3, 11], message: /^conflicting settings: anonymous\.upload is set but anonymous\.enabled is false$/ },
  { name: "jail.enabled with local disabled", text: "extends: [anonymous]\njail:\n  enabled: true\n", at: [3, 12], message: /^conflicting settings: jail\.enabled needs local\.enabled/ },
  { name: "a vsftpd: option contradicting a structured key", text: "extends: [local]\nlisten:\n  port: 2121\nvsftpd:\n  listen_port: 21\n", at: [5, 16], pointer: "/vsftpd/listen_port", message: /^conflicting settings: vsftpd\.listen_port=21 contradicts listen\.port, which sets listen_port=2121; set it in one place$/ },
  { name: "a vsftpd: option contradicting a built-in profile's key", text: "extends: [local]\nvsftpd:\n  write_enable: false\n", at: [3, 17], message: /^conflicting settings: vsftpd\.write_enable=NO contradicts local\.write, which sets write_enable=YES/ },
  { name: "a vsftpd: umask contradicting local.umask", text: 'extends: [local]\nlocal:\n  umask: "027"\nvsftpd:\n  local_umask: "022"\n', at: [5, 16], message: /^conflicting settings: vsftpd\.local_umask=022 contradicts local\.umask, which sets local_umask=027/ },
  { name: "tls.enabled without a certificate", text: "extends: [local]\ntls:\n  enabled: true\n", at: [3, 12], message: /^tls\.enabled needs tls\.cert/ },
  { name: "a host name for listen.address", text: "extends: [local]\nlisten:\n  address: localhost\n", at: [3, 12], message: /^listen\.address must be a numeric IPv4 address; vsftpd does not resolve names, got 'localhost'$/ },
  { name: "a user listed twice", text: "extends: [local]\nusers:\n  - name: bob\n  - name: bob\n", at: [4, 11], message: /^user 'bob' is listed twice$/ },
  // Injection attempts: each would end the vsftpd.conf line and start another setting.
  { name: "a newline in a string", text: 'extends: [local]\nbanner: "Welcome\\nanonymous_enable=YES"\n', at: [2, 9], pointer: "/banner", message: /^banner must not contain a newline, CR or NUL, nor start or end with whitespace .*got "Welcome\\nanonymous_enable=YES"$/ },
  { name: "a block scalar (it ends in a newline)", text: "extends: [local]\nbanner: |\n  two\n  lines\n", at: [2, 9], message: /^banner must not contain a newline/ },
  { name: "a CR in a string", text: 'extends: [local]\nbanner: "a\\rb"\n', at: [2, 9], message: /^banner must not contain a newline/ },
  { name: "a NUL in a path", text: 'extends: [local]\nlocal:\n  root: "/srv\\0/x"\n', at: [3, 9], message: /^local\.root must not contain a newline.*got "\/srv\\u0000\/x"$/ },
  { name: "trailing whitespace", text: 'extends: [local]\nbanner: "hello "\n', at: [2, 9], message: /^banner must not contain a newline, CR or NUL, nor start or end with whitespace/ },
  { name: "a leading tab", text: 'extends: [local]\nbanner: "\\thello"\n', at: [2, 9], message: /^banner must not contain a newline, CR or NUL, nor start or end with whitespace/ },
  { name: "a newline in a vsftpd: string option", text: 'extends: [local]\nvsftpd:\n  ftpd_banner: "hi\\nlocal_enable=NO"\n', at: [3, 16], pointer: "/vsftpd/ftpd_banner", message: /^vsftpd\.ftpd_banner must not contain a newline/ },
  { name: "a newline in a list item", text: 'extends: [local, jailed]\njail:\n  exceptions: ["bob\\nalice"]\n', at: [3, 16], pointer: "/jail/exceptions/0", message: /^jail\.exceptions\.0 must be a valid Linux user name/ },
  { name: "a newline in a user's home", text: 'extends: [local]\nusers:\n  - name: bob\n    home: "/home/bob\\n"\n', at: [4, 11], pointer: "/users/0/home", message: /^users\.0\.home must not contain a newline/ },
  // extends.
  { name: "a misspelt built-in profile", text: "extends: [local, jailled]\n", at: [1, 18], pointer: "/extends/1", message: new RegExp(`^unknown profile 'jailled'; did you mean 'jailed'\\? Known profiles: ${KNOWN}$`) },
  { name: "an unknown built-in profile", text: "extends: [webdav]\n", at: [1, 11], message: new RegExp(`^unknown profile 'webdav' Known profiles: ${KNOWN}$|^unknown profile 'webdav'.*Known profiles: ${KNOWN}$`) },
  // YAML itself.
  { name: "an unclosed flow sequence", text: "extends: [local\nlisten:\n  port: 21\n", at: [2, 1], message: /Flow sequence .* must .*end with a \]/ },
  { name: "a tab used for indentation", text: "extends: [local]\nlisten:\n\tport: 21\n", at: [3, 1], message: /tab/i },
  { name: "a duplicate key", text: "extends: [local]\nlisten:\n  port: 21\n  port: 22\n", at: [4, 3], message: /^duplicate key 'port': each key may appear only once in a mapping$/ },
  { name: "a duplicate section", text: "extends: [local]\nlocal:\n  write: true\nlocal:\n  write: false\n", at: [4, 1], message: /^duplicate key 'local'/ },
  { name: "a list at the top", text: "- local\n- jailed\n", at: [1, 1], message: /^a profile must be a mapping of keys/ },
  // --set.
  { name: "--set with an unknown key", text: "extends: [local]\n", set: ["listen.prot=2121"], at: "--set listen.prot=2121", message: /^unknown key 'prot' in listen; did you mean 'port'\?$/ },
  { name: "--set with a wrong type", text: "extends: [local]\n", set: ["listen.port=twenty-one"], at: "--set listen.port=twenty-one", message: /^listen\.port must be a whole number, got string "twenty-one"$/ },
  { name: "--set with a conflict", text: "extends: [local]\n", set: ["passive.minPort=50010", "passive.maxPort=50000"], at: "--set passive.minPort=50010", message: /^conflicting settings: passive\.minPort 50010 is above/ },
];

describe("bad profiles are refused in-process with file:line:col", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const problems = refusal(c.text, c.set);
      const origin = typeof c.at === "string" ? { file: c.at } : { file: FILE, line: c.at[0], col: c.at[1] };
      const match = problems.find((p) => c.message.test(p.message));
      expect(match, problems.map(formatProblem).join("\n")).toBeDefined();
      expect(match!.origin).toEqual(origin);
      expect(match!.severity).toBe("error");
      if (c.pointer !== undefined) expect(match!.pointer).toBe(c.pointer);
      const where = typeof c.at === "string" ? c.at : `${FILE}:${c.at[0]}:${c.at[1]}`;
      expect(formatProblem(match!).startsWith(`${where}: error: `)).toBe(true);
      // A sentence, not a dump.
      expect(match!.message.length).toBeLessThan(400);
    });
  }

  it("lists every problem of a file, not just the first", () => {
    const problems = refusal("extends: [local]\nlisten:\n  prot: 21\n  address: 1\nbanner: 'a '\nlocal:\n  umask: 22\n");
    expect(problems.map((p) => p.pointer).sort()).toEqual(["/banner", "/listen/address", "/listen/prot", "/local/umask"]);
  });

  it("locates values in JSON profiles too", () => {
    expect(() => loadProfile("site.json", { text: '{"extends": ["local"],\n "listen": {"port": "x"}}\n' })).toThrow(ProfileError);
    const problems = refusal('{"extends": ["local"],\n "listen": {"port": "x"}}\n');
    expect(problems[0]!.origin).toEqual({ file: FILE, line: 2, col: 21 });
  });

  it("does not blame a built-in profile for values the user turned off", () => {
    // anonymous.root comes from the built-in, unused once anonymous is off: not a conflict.
    const p = runPipeline(FILE, { distro: "debian", text: "extends: [anonymous, local]\nanonymous:\n  enabled: false\n" });
    expect(p.options.get("anonymous_enable")!.value).toBe(false);
    expect(p.options.has("anon_root")).toBe(false);
    expect(() => runPipeline(FILE, { distro: "debian", text: "extends: [jailed]\n", set: ["local.enabled=false", "anonymous.enabled=true"] })).not.toThrow();
  });

  it("says where a whole-profile problem comes from", () => {
    const [p] = refusal("listen:\n  port: 2121\n");
    expect(p!.message).toMatch(/^neither anonymous nor local logins are enabled/);
    expect(p!.origin.file).toBe(FILE);
  });

  it("refuses a --set without a path as a usage error", () => {
    for (const bad of ["listen..port=1", "=1", "listen.port", "listen.po rt=1", "listen/port=1"]) {
      expect(() => loadProfile(FILE, { text: "extends: [local]\n", set: [bad] }), bad).toThrow(UsageError);
    }
  });

  it("reads --set values as a CI would type them", () => {
    const p = runPipeline(FILE, {
      distro: "debian",
      text: "extends: [local, jailed]\n",
      set: ["listen.port=2121", "local.umask=077", "banner=#1 FTP: welcome", "jail.exceptions=[alice,bob]", "vsftpd.banner_file=null"],
    });
    expect(p.loaded.profile.listen?.port).toBe(2121);
    expect(p.loaded.profile.local?.umask).toBe("077");
    expect(p.loaded.profile.banner).toBe("#1 FTP: welcome");
    expect(p.loaded.profile.jail?.exceptions).toEqual(["alice", "bob"]);
    expect(p.options.get("local_umask")!.value).toBe(0o77);
    expect(p.options.get("banner_file")!.value).toBeNull();
    expect(renderPipeline(p, "test").text).toContain("\nlisten_port=2121\n");
  });

  it("refuses a missing file as unreadable input, not as a bad profile", () => {
    expect(() => loadProfile("/nonexistent/ftpctl.yaml")).toThrow(InputError);
  });
});

describe("bad profiles through the CLI", () => {
  let dir = "";
  let remove = () => {};
  beforeAll(() => {
    ({ dir, remove } = scratch("profile-errors"));
  });
  afterAll(() => remove());

  const write = (name: string, text: string) => {
    const path = `${dir}/${name}`;
    writeFileSync(path, text);
    return path;
  };

  for (const c of CASES.filter((c) => typeof c.at !== "string")) {
    it(`validate exits 1 on ${c.name}`, async () => {
      const file = write(`${c.name.replace(/\W+/g, "-")}.yaml`, c.text);
      const r = await ftpctl(["validate", file, "--distro", "debian", ...(c.set ?? []).flatMap((s) => ["--set", s])]);
      expect(r.exitCode, r.stderr).toBe(1);
      const [line, col] = c.at as readonly [number, number];
      const reported = r.stderr.split("\n").filter((l) => l.startsWith(`${file}:${line}:${col}: error: `));
      expect(reported.some((l) => c.message.test(l.slice(`${file}:${line}:${col}: error: `.length).replace(/ \(\/[^)]*\)$/, ""))), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/\d+ error\(s\): the profile was not used\n$/);
      expect(stackLines(r.stderr + r.stdout)).toEqual([]);
      expect(r.stdout).toBe("");
    });
  }

  it("render refuses a bad profile and prints no config", async () => {
    const file = write("render-bad.yaml", "extends: [local]\nlisten:\n  port: 0\n");
    const r = await ftpctl(["render", file, "--distro", "debian"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${file}:3:9: error: listen.port must be at least 1, got 0`);
  });

  it("validate --json lists the problems with their locations", async () => {
    const file = write("json.yaml", "extends: [local]\nlisten:\n  prot: 21\n");
    const r = await ftpctl(["validate", file, "--json", "--distro", "debian"]);
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; problems: { location: string; message: string; pointer: string }[] };
    expect(out.valid).toBe(false);
    expect(out.problems).toEqual([expect.objectContaining({ location: `${file}:3:3`, pointer: "/listen/prot", message: "unknown key 'prot' in listen; did you mean 'port'?" })]);
  });

  it("a missing profile exits 2", async () => {
    const r = await ftpctl(["validate", `${dir}/missing.yaml`, "--distro", "debian"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`ftpctl: ${dir}/missing.yaml: no such profile file (create one with 'ftpctl init')\n`);
  });

  it("a directory exits 2", async () => {
    const r = await ftpctl(["validate", dir, "--distro", "debian"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("is a directory");
  });

  it("--set with a bad path exits 2 with usage help", async () => {
    const file = write("ok.yaml", "extends: [local]\n");
    const r = await ftpctl(["validate", file, "--set", "listen..port=2121", "--distro", "debian"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ftpctl: --set: bad path 'listen..port'\n");
  });

  it("--set with an unknown key exits 1 naming the flag", async () => {
    const file = write("ok2.yaml", "extends: [local]\n");
    const r = await ftpctl(["validate", file, "--set", "listen.prot=2121", "--distro", "debian"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("--set listen.prot=2121: error: unknown key 'prot' in listen; did you mean 'port'? (/listen/prot)\n");
  });

  it("--set listen.port=2121 overrides the file for CI", async () => {
    const file = write("ci.yaml", "extends: [local]\nlisten:\n  port: 21\n");
    const v = await ftpctl(["validate", file, "--set", "listen.port=2121", "--distro", "debian"]);
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${file}: valid (extends local)\n`);
    const r = await ftpctl(["render", file, "--set", "listen.port=2121", "--distro", "debian"]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("\nlisten_port=2121\n");
    expect(r.stdout).not.toContain("\nlisten_port=21\n");
  });
});
