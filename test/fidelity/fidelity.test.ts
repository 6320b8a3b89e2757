/**
 * The project's central proof: lint reports an error exactly where the real
 * vsftpd refuses (at startup or in a session), and never where it serves.
 * Every fixture in test/fixtures is run through /usr/sbin/vsftpd and, with
 * the same bytes, through the linter with host checks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { HostFacts, PasswdEntry } from "../../src/host/facts.js";
import { localHostFacts } from "../../src/host/local-facts.js";
import { lintBytes } from "../../src/lint/linter.js";
import type { Finding } from "../../src/lint/finding.js";
import { describeWithTools } from "../helpers/require-tool.js";
import { createTestUser, DEFAULT_TEST_USER, removeTestUser, type TestUser } from "../helpers/users.js";
import { stopAllVsftpd, VSFTPD } from "../helpers/vsftpd.js";
import { acquireLock, createHostState, removeHostState } from "./host-state.js";
import { loginSummary, observe, rootOwnedCopy, type Observation, type Outcome } from "./harness.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".conf"))
  .sort();

const CONCURRENCY = 4;
const MIN_PER_CLASS = 8;

interface Result {
  readonly fixture: string;
  readonly bytes: Uint8Array;
  readonly observed: Observation;
  readonly findings: readonly Finding[];
  readonly errors: readonly Finding[];
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function describeFinding(f: Finding): string {
  return `${f.code} ${f.severity} line ${f.line}: ${f.message}`;
}

function mismatchMessage(r: Result): string {
  const o = r.observed;
  return [
    `fixture ${r.fixture}: vsftpd ${o.outcome === "serves" ? "serves" : `refuses (${o.outcome})`}, lint reports ${r.errors.length} error(s)`,
    `  OOPS: ${o.oops || "(none)"}`,
    ...o.sessions.map((s) => `  login ${s.user}: ${loginSummary(s)}`),
    ...(o.detail ? [`  detail: ${o.detail}`] : []),
    `  findings:${r.findings.length ? "" : " (none)"}`,
    ...r.findings.map((f) => `    ${describeFinding(f)}`),
  ].join("\n");
}

/** parseconf.c's refusals quote the name of the line they stop at. */
const LINE_REFUSAL = /(unrecognised variable in config file|missing value in config file for|bad bool value in config file for): (.*?)(?: \| .*| \(exit [^)]*\))?$/;

/** The values str_to_bool takes, in any case. */
const BOOL = /^(YES|NO|TRUE|FALSE|1|0)$/i;

/** vsftpd's blank: C isspace. */
const C_SPACE = /^[ \t\n\v\f\r]*$/;

/**
 * The line vsftpd's startup refusal names, when it names one: the first
 * setting line, in the first 100000 bytes as vsftpd reads them, whose name
 * (leading whitespace stripped, up to the first "=") is the one quoted and
 * that the refusal fits (no value; a value that is no bool). Worked out here
 * from the bytes alone, not with the linter's scanner. 0: no line fits.
 */
export function refusedLine(oops: string, bytes: Uint8Array): number | undefined {
  const m = LINE_REFUSAL.exec(oops.split(" | ")[0] ?? "");
  if (!m) return undefined;
  const [, kind, raw] = m;
  const quoted = raw!.replace(/\r$/, "");
  const lines = Buffer.from(bytes.subarray(0, 100_000)).toString("utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("#") || C_SPACE.test(line)) continue;
    const body = line.replace(/^[ \t\n\v\f\r]+/, "");
    const eq = body.indexOf("=");
    const name = (eq < 0 ? body : body.slice(0, eq)).replace(/\r$/, "");
    const value = eq < 0 ? "" : body.slice(eq + 1);
    if (name !== quoted) continue;
    if (kind!.startsWith("missing") && value !== "") continue;
    if (kind!.startsWith("bad bool") && BOOL.test(value)) continue;
    return i + 1;
  }
  return 0;
}

const NOISE = /^(priv_sock_get_cmd|priv_sock_get_result)?$/;

/** The OOPS text for the table: prefixes and follow-on noise dropped, invisible bytes shown. */
function shownOops(oops: string): string {
  return (
    oops
      .split(" | ")
      .map((l) => l.replace(/^500 OOPS: ?/, ""))
      .filter((l) => !NOISE.test(l))
      .map((l) => l.replace(/\uFEFF/g, "<BOM>").replace(/\r/g, "<CR>").replace(/ +$/, (m) => "·".repeat(m.length)))
      .join(" | ") || "-"
  );
}

function table(results: readonly Result[]): string {
  const rows = results.map((r) => [
    r.fixture,
    r.observed.outcome,
    shownOops(r.observed.oops).slice(0, 80),
    r.observed.sessions.map((s) => loginSummary(s, true)).join(" / ") || "-",
    [...new Set(r.errors.map((f) => f.code))].join(",") || "-",
    (r.errors.length > 0) === (r.observed.outcome === "startup" || r.observed.outcome === "session") ? "" : "MISMATCH",
  ]);
  const head = ["fixture", "outcome", "OOPS text", "anonymous / local login", "lint errors", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: readonly string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...rows.map(fmt)].join("\n");
}

describeWithTools(
  "fidelity: lint agrees with the real vsftpd",
  ["sandbox", VSFTPD, "/usr/sbin/useradd", "/usr/sbin/userdel", "/usr/sbin/chpasswd", "/usr/bin/openssl"],
  () => {
    const results = new Map<string, Result>();
    let release: (() => void) | undefined;
    let user: TestUser | undefined;

    /**
     * This machine as vsftpd sees it, minus the throwaway ftpctl-* accounts
     * other test files create and delete while this one runs: their homes
     * come and go, and the probe never logs in as them.
     */
    const machineWithoutOtherTests = (testUser: string): HostFacts => {
      const real = localHostFacts();
      const mine = (u: PasswdEntry) => !u.name.startsWith("ftpctl-") || u.name === testUser;
      return { ...real, users: () => real.users().filter(mine), user: (n) => { const u = real.user(n); return u && mine(u) ? u : undefined; } };
    };

    beforeAll(async () => {
      release = await acquireLock();
      user = await createTestUser(DEFAULT_TEST_USER);
      const ftp = localHostFacts().user("ftp");
      await createHostState({ testUser: user.name, ftpUid: ftp?.uid ?? 0 });
      const u = user;
      await mapLimit(fixtures, CONCURRENCY, async (fixture) => {
        const copy = rootOwnedCopy(FIXTURES + fixture, fixture);
        const bytes = readFileSync(copy);
        const observed = await observe(copy, fixture, u);
        // Fresh facts per fixture: the test user and host state exist now.
        const lint = lintBytes({ file: copy, bytes, options: { distro: "debian", standalone: true }, host: machineWithoutOtherTests(u.name) });
        const errors = lint.findings.filter((f) => f.severity === "error");
        results.set(fixture, { fixture, bytes, observed, findings: lint.findings, errors });
      });
    }, 240_000);

    afterAll(async () => {
      try {
        await stopAllVsftpd();
        if (user) await removeTestUser(user);
        removeHostState();
      } finally {
        release?.();
      }
    }, 60_000);

    it("has fixtures, each opening with a column-0 comment that says what it exercises", () => {
      expect(fixtures.length).toBeGreaterThanOrEqual(3 * MIN_PER_CLASS);
      for (const f of fixtures) {
        const lines = readFileSync(FIXTURES + f, "utf8").split("\n");
        // A BOM fixture has to put its BOM first, so its comment comes second.
        const header = lines[0]!.startsWith("\uFEFF") ? lines[1] : lines[0];
        expect(header?.startsWith("# "), `${f} starts with a '# ' comment`).toBe(true);
        expect(/^listen_port=/m.test(lines.join("\n")), `${f} must not set listen_port`).toBe(false);
      }
    });

    it.each(fixtures)("%s: lint errors exactly when vsftpd refuses", (fixture) => {
      const r = results.get(fixture);
      expect(r, `${fixture} was run`).toBeDefined();
      const o = r!.observed;
      expect(o.outcome, `${fixture}: harness could not classify\n${mismatchMessage(r!)}`).not.toBe("inconclusive");
      const refused = o.outcome === "startup" || o.outcome === "session";
      expect(r!.errors.length > 0, mismatchMessage(r!)).toBe(refused);
    });

    it.each(fixtures)("%s: an error sits on the line vsftpd's refusal names", (fixture) => {
      const r = results.get(fixture);
      expect(r, `${fixture} was run`).toBeDefined();
      if (r!.observed.outcome !== "startup") return;
      const line = refusedLine(r!.observed.oops, r!.bytes);
      if (line === undefined) return; // This refusal names no line (a value check, a crash).
      expect(line, `${fixture}: no line of the file has the name vsftpd quotes\n${mismatchMessage(r!)}`).toBeGreaterThan(0);
      const there = r!.errors.filter((f) => f.line === line);
      expect(there.length, `${fixture}: vsftpd refuses line ${line}, lint puts no error there\n${mismatchMessage(r!)}`).toBeGreaterThan(0);
      // Root cause first: the refused line's error leads the output.
      expect(r!.findings[0]?.line, `${fixture}: the first finding is not the refused line's\n${mismatchMessage(r!)}`).toBe(line);
    });

    it("maps vsftpd's line refusals to lines by the quoted name", () => {
      const conf = Buffer.from("# c\n\n  \nlisten=YES\n  # note\nlisten= YES\n");
      expect(refusedLine("500 OOPS: missing value in config file for: # note", conf)).toBe(5);
      expect(refusedLine("500 OOPS: bad bool value in config file for: listen (exit 1)", conf)).toBe(6);
      expect(refusedLine("500 OOPS: unrecognised variable in config file: nope | priv_sock_get_cmd", conf)).toBe(0);
      expect(refusedLine("500 OOPS: bad listen_address: x", conf)).toBeUndefined();
    });

    it(`covers every outcome at least ${MIN_PER_CLASS} times`, () => {
      const ordered = fixtures.map((f) => results.get(f)).filter((r): r is Result => r !== undefined);
      console.log(`\nfidelity summary (${ordered.length} fixtures)\n${table(ordered)}\n`);
      if (process.env.FIDELITY_TRANSCRIPTS) {
        for (const r of ordered) {
          for (const s of r.observed.sessions) console.log(`--- ${r.fixture} as ${s.user}\n${s.transcript.join("\n")}`);
        }
      }
      const count = (o: Outcome) => ordered.filter((r) => r.observed.outcome === o).length;
      for (const o of ["startup", "session", "serves"] as const) {
        expect(count(o), `fixtures whose observed outcome is ${o}`).toBeGreaterThanOrEqual(MIN_PER_CLASS);
      }
    });
  },
);
