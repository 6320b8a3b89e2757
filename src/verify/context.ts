/**
 * What every check shares: where the server is, what it must do, and how to
 * open a session on it with basic-ftp (a client nobody here wrote).
 */
import { Client, FTPError, type FTPResponse } from "basic-ftp";
import type { ConnectionOptions } from "node:tls";
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type { OptionGetter } from "../server/options.js";
import { expectationsFrom, type Expectations } from "./expect.js";

export interface Account {
  readonly name: string;
  readonly password: string;
}

export interface VerifyContext {
  readonly host: string;
  readonly port: number;
  readonly expect: Expectations;
  /** A local account to log in with (--user/--password-file); local checks skip without one. */
  readonly user: Account | undefined;
  /** Names in the server's chroot list, when verify can know them (doctor, a profile's users). */
  readonly chrootList: readonly string[] | undefined;
  /** How TLS sessions verify the server: a CA file's text, or not at all (--insecure). */
  readonly tls: { readonly ca?: string; readonly verify: boolean; readonly fingerprint?: string };
  readonly timeoutMs: number;
  /** Where the round trip may write (--scratch-dir); else the start directory or a usual upload directory. */
  readonly scratchDir?: string;
  /** A random tag for scratch names, so a probe never meets a file of someone else's. */
  readonly tag: string;
}

export interface ContextOptions {
  readonly host: string;
  /** Default: the configuration's listen_port. */
  readonly port?: number;
  readonly user?: Account;
  readonly chrootList?: readonly string[];
  readonly ca?: string;
  /** Verify the certificate chain (default true). */
  readonly verify?: boolean;
  readonly fingerprint?: string;
  readonly timeoutMs?: number;
  readonly scratchDir?: string;
}

/** A context from the effective options of a profile or a vsftpd.conf. */
export function verifyContext(get: OptionGetter, o: ContextOptions): VerifyContext {
  const listen = get("listen_port");
  return {
    host: o.host,
    port: o.port ?? (typeof listen === "number" ? listen : 21),
    expect: expectationsFrom(get),
    user: o.user,
    chrootList: o.chrootList,
    tls: { verify: o.verify ?? true, ...(o.ca !== undefined ? { ca: o.ca } : {}), ...(o.fingerprint !== undefined ? { fingerprint: o.fingerprint } : {}) },
    timeoutMs: o.timeoutMs ?? 10_000,
    ...(o.scratchDir !== undefined ? { scratchDir: o.scratchDir } : {}),
    tag: randomBytes(6).toString("hex"),
  };
}

/** basic-ftp's TLS options for this context. */
export function tlsOptions(ctx: VerifyContext): ConnectionOptions {
  // SNI takes names only (RFC 6066): an address is checked against the certificate's IP SANs instead.
  // `host` is what the certificate is checked against (Node would check "localhost" without it).
  return { rejectUnauthorized: ctx.tls.verify, host: ctx.host, ...(isIP(ctx.host) ? {} : { servername: ctx.host }), ...(ctx.tls.ca !== undefined ? { ca: ctx.tls.ca } : {}) };
}

/** A connected client (greeting read), not logged in. */
export async function connect(ctx: VerifyContext): Promise<{ client: Client; welcome: FTPResponse }> {
  const client = new Client(ctx.timeoutMs);
  try {
    const welcome = await client.connect(ctx.host, ctx.port);
    return { client, welcome };
  } catch (err) {
    client.close();
    throw err;
  }
}

export type Login = "anonymous" | "local";

/**
 * A logged-in session: AUTH TLS first when the server forces it for this
 * kind of login (or offers it and `wantTls`), with PBSZ 0 and PROT P after.
 */
export async function session(ctx: VerifyContext, login: Login, wantTls = false): Promise<{ client: Client; reply: FTPResponse; tls: boolean }> {
  const { client } = await connect(ctx);
  try {
    const t = ctx.expect.tls;
    const forced = login === "local" ? t.forceLocalLogins || t.forceLocalData : t.forceAnonLogins;
    const tls = t.enabled && (forced || wantTls) && (login === "local" || t.allowAnon);
    if (tls) await client.useTLS(tlsOptions(ctx));
    const account = login === "anonymous" ? { name: "anonymous", password: "verify@ftpctl.invalid" } : ctx.user!;
    const reply = await client.login(account.name, account.password);
    await client.send("TYPE I");
    if (tls) {
      await client.sendIgnoringError("PBSZ 0");
      await client.sendIgnoringError("PROT P");
    }
    return { client, reply, tls };
  } catch (err) {
    client.close();
    throw err;
  }
}

/** The first line of a reply, as the server sent it. */
export function firstLine(r: FTPResponse | undefined): string | undefined {
  return r?.message.split(/\r?\n/)[0];
}

/** A refused command's reply, or the error that is not a reply. */
export function replyOf(err: unknown): FTPResponse | undefined {
  return err instanceof FTPError ? { code: err.code, message: err.message } : undefined;
}

/**
 * A session for the data-connection checks: anonymous when the server allows
 * it, else the given account; undefined when there is neither.
 */
export function dataSession(ctx: VerifyContext): Promise<{ client: Client; reply: FTPResponse; tls: boolean }> | undefined {
  if (ctx.expect.anonymous) return session(ctx, "anonymous");
  if (ctx.user && ctx.expect.local) return session(ctx, "local");
  return undefined;
}
