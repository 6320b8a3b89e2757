/**
 * What `apply` would do to a brand-new host, as data another engine can
 * carry out: the same packages, accounts, files, directories, firewall rules
 * and service, taken from the planner's own resources (the specs they plan
 * and apply from), never from a second hand-written list. `SECTIONS` maps
 * every step of plan.ts (`KINDS`) to the part of ExportSteps that carries
 * it, so a new step does not compile until the exports carry it too.
 *
 * A brand-new host is assumed: no accounts but the system's own, nothing of
 * vsftpd installed, iptables as the firewall. The exported role and
 * user-data check the live state themselves where that matters (an account
 * that exists is never modified, a create-only file is never replaced).
 */
import { PASSWORD_STATE, STATE_DIR, makeRecord, passwordStateText, type PasswordState } from "../provision/password-state.js";
import type { Accounts } from "../provision/accounts.js";
import { firewallManaged, serviceManaged, type ProvisionContext } from "../provision/context.js";
import { FAMILIES, firewallNeeds, rulesFor, type FirewallRule } from "../provision/firewall/rules.js";
import type { Kind } from "../provision/kinds.js";
import { anonEnabled, anonName, anonRoot, homeFor, localEnabled, nologinShell } from "../provision/resources/common.js";
import { configPath } from "../provision/resources/config.js";
import { directorySpecs } from "../provision/resources/directories.js";
import { LIST_MODE, listSpecs, listText } from "../provision/resources/lists.js";
import { PACKAGE_NAMES } from "../provision/resources/package.js";
import { managesPam, PAM_FILE, pamText } from "../provision/resources/pam.js";
import { UNIT } from "../provision/resources/service.js";
import type { Secret } from "../provision/secrets.js";
import { UsageError } from "../core/errors.js";
import type { Distro } from "../vsftpd/option-spec.js";

export interface AccountStep {
  readonly name: string;
  readonly home: string;
  readonly shell: string;
  readonly comment: string;
  /** A system account (useradd -r): the anonymous one. */
  readonly system: boolean;
}

export interface FileStep {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  /** Only written when missing: a file ftpctl did not write is left alone. */
  readonly createOnly: boolean;
  /** vsftpd reads it at startup: a change restarts the service. */
  readonly restarts: boolean;
  readonly why: string;
}

export interface DirectoryStep {
  readonly path: string;
  readonly owner?: string;
  /** A group name; a user's primary group is the group of the same name (useradd's user groups). */
  readonly group?: string;
  readonly mode?: number;
  /** Only created when missing, an existing one is left as it is (a user's home). */
  readonly createOnly: boolean;
  readonly why: string;
}

export interface PasswordStep {
  readonly user: string;
  /** crypt(3) hash for /etc/shadow; the password itself is never exported. */
  readonly hash: string;
}

export interface CertificateStep {
  readonly cert: string;
  readonly key: string;
}

export interface ExportSteps {
  readonly source: string;
  readonly distro: Distro;
  /** package */
  readonly packages: readonly string[];
  /** account: the anonymous account, created when the package did not create it. */
  readonly account?: AccountStep;
  /** users: created when absent; existing accounts are never modified. */
  readonly users: readonly AccountStep[];
  /** users: passwords, hashed; `passwordState` lets `ftpctl plan` recognise them afterwards. */
  readonly passwords: readonly PasswordStep[];
  readonly passwordState?: FileStep;
  readonly stateDir: string;
  /** pam */
  readonly pam?: FileStep;
  /** directories, parents first. */
  readonly directories: readonly DirectoryStep[];
  /** lists */
  readonly lists: readonly FileStep[];
  /** certificate: checked, never generated (a key made once would be shared by every host). */
  readonly certificate?: CertificateStep;
  /** config */
  readonly config: FileStep;
  /** firewall: iptables and ip6tables rules, each `-C`-checked before it is inserted. */
  readonly firewall: readonly FirewallRule[];
  /** service: enabled and started, restarted when a file with `restarts` changed. */
  readonly service?: { readonly unit: string };
}

/** Which part of ExportSteps carries each step of the plan. */
export const SECTIONS: Readonly<Record<Kind, readonly (keyof ExportSteps)[]>> = {
  package: ["packages"],
  account: ["account"],
  users: ["users", "passwords", "passwordState"],
  pam: ["pam"],
  directories: ["directories"],
  lists: ["lists"],
  certificate: ["certificate"],
  config: ["config"],
  firewall: ["firewall"],
  service: ["service"],
};

export interface ExportInput {
  readonly ctx: ProvisionContext;
  readonly rendered: { readonly text: string };
  readonly secrets: ReadonlyMap<string, Secret>;
  /** crypt(3) for a password (password-hash.ts); injected so this module stays pure. */
  readonly hash: (password: string) => Promise<string>;
}

/** A host with none of the profile's accounts yet: the defaults every resource falls back to. */
const NO_ACCOUNTS: Accounts = { user: () => undefined, group: () => undefined, groupById: () => undefined, userById: () => undefined };

export async function exportSteps(input: ExportInput): Promise<ExportSteps> {
  const { ctx } = input;
  if (ctx.distro !== "debian") throw new UsageError(`export: --distro ${ctx.distro} is not supported yet; the role and user-data install with apt (Debian, Ubuntu)`);
  const firewall = firewallManaged(ctx) ? FAMILIES.flatMap((f) => rulesFor(firewallNeeds(ctx.options, ctx.distro), f)) : [];
  const packages = [PACKAGE_NAMES.vsftpd[ctx.distro], ...(firewall.length ? [PACKAGE_NAMES.iptables[ctx.distro]] : [])];
  const shell = nologinShell(ctx);
  const account: AccountStep | undefined = anonEnabled(ctx)
    ? { name: anonName(ctx), home: anonRoot(ctx, NO_ACCOUNTS), shell, comment: "anonymous FTP (ftpctl)", system: true }
    : undefined;
  const profileUsers = localEnabled(ctx) ? (ctx.profile.users ?? []) : [];
  const users = profileUsers.map((u): AccountStep => ({ name: u.name, home: homeFor(ctx, u), shell, comment: "FTP user (ftpctl)", system: false }));

  const passwords: PasswordStep[] = [];
  const state: PasswordState = {};
  for (const u of profileUsers) {
    const secret = input.secrets.get(u.name);
    if (!secret) continue;
    const hash = await input.hash(secret.value);
    passwords.push({ user: u.name, hash });
    state[u.name] = makeRecord(hash, secret.value);
  }
  const passwordState: FileStep | undefined = passwords.length
    ? { path: PASSWORD_STATE, content: passwordStateText(state), mode: 0o600, createOnly: false, restarts: false, why: "verifiers of the passwords set here, so 'ftpctl plan' sees them as current" }
    : undefined;

  const pam: FileStep | undefined = managesPam(ctx)
    ? { path: PAM_FILE, content: pamText(ctx.distro), mode: 0o644, createOnly: false, restarts: true, why: "a PAM service without pam_shells, so nologin accounts can log in to FTP" }
    : undefined;

  const directories = directorySpecs(ctx, NO_ACCOUNTS).map((d): DirectoryStep => {
    const group = d.group === undefined ? undefined : "name" in d.group ? d.group.name : d.group.primaryOf;
    return {
      path: d.path,
      ...(d.owner !== undefined ? { owner: d.owner } : {}),
      ...(group !== undefined ? { group } : {}),
      ...(d.mode !== undefined ? { mode: d.mode } : {}),
      createOnly: d.createOnly ?? false,
      why: d.why,
    };
  });

  const lists = listSpecs(ctx).map((s): FileStep => ({ path: s.path, content: listText(s), mode: LIST_MODE, createOnly: s.createOnly ?? false, restarts: false, why: s.why }));

  const tls = ctx.profile.tls;
  const certificate = tls?.enabled && tls.cert ? { cert: tls.cert, key: tls.key ?? tls.cert } : undefined;

  const config: FileStep = {
    path: configPath(ctx),
    content: input.rendered.text,
    mode: 0o644,
    createOnly: false,
    restarts: true,
    why: "rendered from the profile and linted, as 'ftpctl render' writes it",
  };

  return {
    source: ctx.source,
    distro: ctx.distro,
    packages,
    ...(account ? { account } : {}),
    users,
    passwords,
    ...(passwordState ? { passwordState } : {}),
    stateDir: STATE_DIR,
    ...(pam ? { pam } : {}),
    directories,
    lists,
    ...(certificate ? { certificate } : {}),
    config,
    firewall,
    ...(serviceManaged(ctx) ? { service: { unit: UNIT } } : {}),
  };
}

/** Every file the steps write, in the order apply writes them. */
export function filesOf(s: ExportSteps): FileStep[] {
  return [...(s.passwordState ? [s.passwordState] : []), ...(s.pam ? [s.pam] : []), ...s.lists, s.config];
}

export const octal = (mode: number): string => `0${(mode & 0o7777).toString(8).padStart(3, "0")}`;
