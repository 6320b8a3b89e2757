/**
 * The profile's FTP accounts: created with the distro's nologin shell and no
 * home of useradd's making (the directories step lays out homes and jails),
 * and given the profile's password through chpasswd's standard input.
 *
 * Password idempotence without crypt(3): see password-state.ts. Accounts
 * that already exist are not modified, apart from the password the profile
 * names; system accounts (uid below 1000) are refused.
 */
import { FtpctlError } from "../../core/errors.js";
import type { ProfileUser } from "../../profile/types.js";
import { isLocked, LINUX_USER_NAME, NOLOGIN_SHELLS, readAccounts, runShadowTool, shadowHash } from "../accounts.js";
import type { ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import type { Executor } from "../executor.js";
import { compare, makeRecord, PASSWORD_STATE, readPasswordState, writePasswordState, type Verdict } from "../password-state.js";
import type { ApplyContext, Change, Resource } from "../resource.js";
import type { Secret } from "../secrets.js";
import { homeFor, isJailed, localEnabled, nologinShell, skippedChange } from "./common.js";

const FIRST_REGULAR_UID = 1000;

type Data = { readonly op: "create"; readonly name: string; readonly home: string; readonly shell: string } | { readonly op: "password"; readonly name: string };

const WHY: Readonly<Record<Exclude<Verdict, "current">, string>> = {
  "no-record": `ftpctl has no record of setting this password (records are kept in ${PASSWORD_STATE}), so it sets it once`,
  "changed-outside": "the password was changed since ftpctl set it (passwd or another tool)",
  "profile-changed": "the profile's password differs from the one ftpctl set",
};

async function setPassword(exec: Executor, name: string, secret: Secret): Promise<(() => Promise<void>) | undefined> {
  const old = await shadowHash(exec, name);
  // name:password on stdin: never argv, where ps and /proc/PID/cmdline would show it.
  const r = await runShadowTool(exec, ["chpasswd"], `${name}:${secret.value}\n`);
  if (r.code !== 0) throw new FtpctlError(`chpasswd failed for ${name} (exit ${r.code}): ${r.stderr.trim()}`);
  if (r.skipped) return undefined;
  const now = await shadowHash(exec, name);
  if (now === undefined) throw new FtpctlError(`chpasswd reported success but ${name} has no /etc/shadow entry`);
  const state = await readPasswordState(exec);
  const undoState = await writePasswordState(exec, { ...state, [name]: makeRecord(now, secret.value) });
  return async () => {
    // chpasswd -e puts the previous shadow field back as it was (a hash, or "!" for a locked account).
    if (old !== undefined) await runShadowTool(exec, ["chpasswd", "-e"], `${name}:${old}\n`);
    await undoState();
  };
}

function createChange(ctx: ProvisionContext, u: ProfileUser): Change {
  const home = homeFor(ctx, u);
  const shell = nologinShell(ctx);
  const jailed = isJailed(ctx, u.name);
  return {
    id: `user:${u.name}`,
    action: "create",
    summary: `create FTP user ${u.name}`,
    before: "absent",
    after: `home ${home}, shell ${shell}${jailed ? ", jailed" : ""}`,
    reason: `an FTP-only account: ${shell} refuses shell logins (the PAM step lets it log in to FTP); no home is created here, the directories step lays it out${jailed ? " as a root-owned jail with a writable files/ inside" : ""}`,
    data: { op: "create", name: u.name, home, shell } satisfies Data,
  };
}

export function usersResource(ctx: ProvisionContext, secrets: ReadonlyMap<string, Secret>): Resource {
  const users = localEnabled(ctx) ? (ctx.profile.users ?? []) : [];
  return {
    kind: "users",
    async plan(exec) {
      const changes: Change[] = [];
      for (const u of users) {
        // The schema checks names too; this guards profiles built in code.
        if (!LINUX_USER_NAME.test(u.name)) throw new PlanError(`'${u.name}' is not a valid Linux user name (lower case letters, digits, '_' and '-', at most 32 characters, not starting with a digit or '-')`);
      }
      if (exec.root !== undefined) {
        return users.flatMap((u) => [
          skippedChange(`user:${u.name}`, `create or check FTP user ${u.name}`),
          ...(secrets.has(u.name) ? [skippedChange(`password:${u.name}`, `set ${u.name}'s password from ${secrets.get(u.name)!.source}`)] : []),
        ]);
      }
      if (!users.length) return [];
      const accounts = await readAccounts(exec);
      const state = await readPasswordState(exec);
      const problems: string[] = [];
      for (const u of users) {
        const existing = accounts.user(u.name);
        const secret = secrets.get(u.name);
        if (!existing) {
          changes.push(createChange(ctx, u));
          changes.push(
            secret
              ? { id: `password:${u.name}`, action: "create", summary: `set ${u.name}'s password from ${secret.source}`, before: "locked (new account)", after: "set", reason: "through chpasswd's standard input, never on a command line", data: { op: "password", name: u.name } satisfies Data }
              : { id: `password:${u.name}`, action: "noop", summary: `${u.name} has no password source: the account stays locked`, reason: "add users[].password (file, env or stdin) to let this user log in" },
          );
          continue;
        }
        if (existing.uid < FIRST_REGULAR_UID) {
          problems.push(`user ${u.name} exists as a system account (uid ${existing.uid}); ftpctl does not turn system accounts into FTP users`);
          continue;
        }
        const notes: string[] = [];
        if (!NOLOGIN_SHELLS.has(existing.shell)) notes.push(`shell ${existing.shell} left as it is (this user can also log in over ssh)`);
        if (u.home !== undefined && existing.home !== u.home) notes.push(`home ${existing.home} left as it is (profile: ${u.home})`);
        changes.push({
          id: `user:${u.name}`,
          action: "noop",
          summary: `${u.name} exists`,
          before: `uid ${existing.uid}, home ${existing.home}, shell ${existing.shell}`,
          after: `uid ${existing.uid}, home ${existing.home}, shell ${existing.shell}`,
          ...(notes.length ? { reason: `an existing account is not modified: ${notes.join("; ")}` } : {}),
        });
        if (!secret) {
          changes.push({ id: `password:${u.name}`, action: "noop", summary: `${u.name}'s password is not managed (no password source)` });
          continue;
        }
        const hash = await shadowHash(exec, u.name);
        const verdict: Verdict = hash === undefined || isLocked(hash) ? "no-record" : compare(state[u.name], hash, secret.value);
        changes.push(
          verdict === "current"
            ? { id: `password:${u.name}`, action: "noop", summary: `${u.name}'s password matches ${secret.source}`, before: "current", after: "current" }
            : {
                id: `password:${u.name}`,
                action: "update",
                summary: `set ${u.name}'s password from ${secret.source}`,
                before: isLocked(hash) ? "locked" : "differs or unknown",
                after: "set",
                reason: `${isLocked(hash) ? "the account has no usable password" : WHY[verdict]}; set through chpasswd's standard input, never on a command line`,
                data: { op: "password", name: u.name } satisfies Data,
              },
        );
      }
      if (problems.length) throw new PlanError(problems.join("\n"));
      return changes;
    },
    async apply(change: Change, actx: ApplyContext) {
      const data = change.data as Data;
      const exec = actx.exec;
      if (data.op === "password") {
        const secret = secrets.get(data.name);
        if (!secret) throw new FtpctlError(`internal: no password read for ${data.name}`);
        return setPassword(exec, data.name, secret);
      }
      const accounts = await readAccounts(exec);
      if (accounts.user(data.name)) {
        actx.unchanged?.("the account exists already");
        return;
      }
      const argv = ["useradd", "-M", "-d", data.home, "-s", data.shell, "-c", "FTP user (ftpctl)"];
      // useradd refuses to create the per-user group when a group of that name exists; join it instead.
      if (accounts.group(data.name)) argv.push("-g", data.name);
      argv.push(data.name);
      const r = await runShadowTool(exec, argv);
      if (r.code !== 0) throw new FtpctlError(`${argv.join(" ")} failed (exit ${r.code}): ${r.stderr.trim()}`);
      return async () => {
        const d = await runShadowTool(exec, ["userdel", data.name]);
        if (d.code !== 0) throw new FtpctlError(`userdel ${data.name} failed (exit ${d.code}): ${d.stderr.trim()}`);
      };
    },
  };
}
