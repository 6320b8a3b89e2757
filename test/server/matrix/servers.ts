/**
 * One configuration served twice: by the real /usr/sbin/vsftpd and by the
 * embedded server (`ftpctl serve`, the built CLI). Both read the same
 * vsftpd.conf text; only the loopback listener, the passive range and the
 * roots differ. The embedded server runs as the account a vsftpd session
 * of that configuration runs as (ftp for anonymous logins, the test user
 * for local ones), so both meet the same file permissions; `--user`
 * stands in for the system account.
 */
import { chownSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { execa } from "execa";
import { expect } from "vitest";
import { renderPipeline, runPipeline } from "../../../src/profile/pipeline.js";
import { BIN, REPO } from "../../cli/ftpctl.js";
import { freePort } from "../../helpers/ports.js";
import { startVsftpd, stopVsftpd, waitForListener } from "../../helpers/vsftpd.js";
import { freePortRange } from "../../live/port-range.js";
import type { MatrixConfig } from "./table.js";
import type { Owner, Tree } from "./trees.js";

export type ServerKind = "vsftpd" | "embedded";
export const SERVER_KINDS: readonly ServerKind[] = ["vsftpd", "embedded"];

export interface Running {
  readonly kind: ServerKind;
  readonly port: number;
  /** The vsftpd.conf text the server read. */
  readonly conf: string;
  /** What the server printed (the embedded server's warnings and events; vsftpd's refusals). */
  log(): string;
  stop(): Promise<void>;
}

export interface ServeContext {
  /** A directory for config files, per server. */
  readonly dir: string;
  readonly user: { readonly name: string; readonly password: string } & Owner;
  readonly ftp: Owner;
  readonly tls: { readonly cert: string; readonly key: string };
  /** A chroot list naming someone else, for fixtures that enable the list. */
  readonly chrootList: string;
}

const PASSIVE_PORTS = 20;

/** The profile composition rendered for loopback, as test/live/profiles.test.ts renders it. */
function renderProfile(c: MatrixConfig, profiles: readonly string[], tree: Tree, ctx: ServeContext, port: number, range: { min: number; max: number }): string {
  const file = `${ctx.dir}/profile.yaml`;
  writeFileSync(file, `extends: [${profiles.join(", ")}]\n`);
  const root = c.login === "anonymous" ? [`anonymous.root=${tree.root}`] : [`local.root=${dirname(tree.root)}/$USER`];
  const tls = c.tls ? [`tls.cert=${ctx.tls.cert}`, `tls.key=${ctx.tls.key}`] : [];
  const set = ["listen.address=127.0.0.1", `listen.port=${port}`, `passive.minPort=${range.min}`, `passive.maxPort=${range.max}`, "vsftpd.pam_service_name=vsftpd", ...root, ...tls];
  const rendered = renderPipeline(runPipeline(file, { distro: "debian", set }), "matrix", `${ctx.dir}/vsftpd.conf`);
  expect(rendered.findings.filter((f) => f.severity === "error"), rendered.text).toEqual([]);
  return rendered.text;
}

/** A fixture as it is, with the loopback overrides appended (vsftpd: the last setting of an option wins). */
function fixtureText(c: MatrixConfig, fixture: string, tree: Tree, ctx: ServeContext, port: number, range: { min: number; max: number }): string {
  const text = readFileSync(`${REPO}${fixture}`, "utf8");
  const overrides = [
    "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1", `listen_port=${port}`, "background=NO",
    `pasv_min_port=${range.min}`, `pasv_max_port=${range.max}`,
    c.login === "anonymous" ? `anon_root=${tree.root}` : `local_root=${tree.root}`,
    ...(/^chroot_list_enable=YES$/m.test(text) ? [`chroot_list_file=${ctx.chrootList}`] : []),
  ];
  return `${text.replace(/\n?$/, "\n")}# loopback overrides for the matrix\n${overrides.join("\n")}\n`;
}

function confText(c: MatrixConfig, tree: Tree, ctx: ServeContext, port: number, range: { min: number; max: number }): string {
  return "profiles" in c.source ? renderProfile(c, c.source.profiles, tree, ctx, port, range) : fixtureText(c, c.source.fixture, tree, ctx, port, range);
}

async function startReal(c: MatrixConfig, tree: Tree, ctx: ServeContext): Promise<Running> {
  const port = await freePort();
  const range = await freePortRange(PASSIVE_PORTS, [port]);
  const conf = confText(c, tree, ctx, port, range);
  const file = `${ctx.dir}/vsftpd.conf`;
  // vsftpd refuses a config root does not own.
  writeFileSync(file, conf, { mode: 0o600 });
  const proc = startVsftpd(file, { port });
  const ready = await waitForListener(proc, ["127.0.0.1"]);
  if (ready.state !== "listening") {
    const oops = proc.oops();
    await stopVsftpd(proc);
    throw new Error(`vsftpd did not start on ${c.name} (${ready.state}): ${oops}\n${conf}`);
  }
  return { kind: "vsftpd", port, conf, log: () => proc.oops() + proc.stderr(), stop: () => stopVsftpd(proc) };
}

/** The port `ftpctl serve --port 0` printed, or why there is none. */
async function waitForUrl(p: { kill: (s: NodeJS.Signals) => unknown; exited: Promise<unknown> }, out: { text: string }, err: () => string, name: string): Promise<number> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  void p.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    const m = /^serving ftp:\/\/127\.0\.0\.1:(\d+)\/$/m.exec(out.text);
    if (m) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 25));
  }
  if (!exited) p.kill("SIGKILL");
  await p.exited;
  throw new Error(`ftpctl serve did not start on ${name}: ${out.text}${err()}`);
}

async function startEmbedded(c: MatrixConfig, tree: Tree, ctx: ServeContext): Promise<Running> {
  const runAs = c.login === "anonymous" ? ctx.ftp : ctx.user;
  const range = await freePortRange(PASSIVE_PORTS);
  const conf = confText(c, tree, ctx, 21, range);
  const file = `${ctx.dir}/vsftpd.conf`;
  writeFileSync(file, conf, { mode: 0o600 });
  chownSync(file, runAs.uid, runAs.gid);
  const users: string[] = [];
  if (c.login === "local") {
    const pw = `${ctx.dir}/password`;
    writeFileSync(pw, `${ctx.user.password}\n`, { mode: 0o600 });
    chownSync(pw, runAs.uid, runAs.gid);
    users.push("--user", `${ctx.user.name}:${pw}`);
  }
  const out = { text: "" };
  const p = execa(process.execPath, [BIN, "serve", file, "--distro", "debian", "--port", "0", "--address", "127.0.0.1", "--root", tree.root, ...users], {
    uid: runAs.uid,
    gid: runAs.gid,
    cwd: ctx.dir,
    env: { NO_COLOR: "1", PATH: "/usr/bin:/bin" },
    extendEnv: false,
    reject: false,
    stdin: "ignore",
  });
  p.stdout!.on("data", (d: Buffer) => (out.text += d.toString()));
  let err = "";
  p.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = p.then(() => undefined, () => undefined);
  const port = await waitForUrl({ kill: (sig) => p.kill(sig), exited }, out, () => err, c.name);
  return {
    kind: "embedded",
    port,
    conf,
    log: () => err + out.text,
    async stop() {
      p.kill("SIGTERM");
      const timer = setTimeout(() => p.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function startServer(kind: ServerKind, c: MatrixConfig, tree: Tree, ctx: ServeContext): Promise<Running> {
  return kind === "vsftpd" ? startReal(c, tree, ctx) : startEmbedded(c, tree, ctx);
}
