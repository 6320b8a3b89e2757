/**
 * Directories with their owner, group and mode: the profile's own
 * (`directories:`, e.g. giving an FTP user a web folder) and the layout
 * vsftpd needs to run safely:
 *   - secure_chroot_dir, which must exist (Debian keeps it on tmpfs);
 *   - the anonymous root, root-owned 0555: vsftpd refuses a chroot root the
 *     session user can write to, and anonymous sessions are always chrooted;
 *   - the drop box, root:ftp 0730: the ftp group may enter and create files
 *     but not list them (checked with vsftpd 3.0.3: upload works, the
 *     listing is empty, downloads fail);
 *   - for jailed users, a root-owned 0555 jail root with a files/
 *     subdirectory the user owns, so allow_writeable_chroot is never needed.
 * Owners are names; ids are looked up when applying, because the accounts
 * may only be created by an earlier step of the same run.
 */
import { posix } from "node:path";
import { FtpctlError } from "../../core/errors.js";
import { readAccounts, type Accounts } from "../accounts.js";
import { optionString, type ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import type { Executor, FileStat } from "../executor.js";
import { createParents, fmtMode, fmtOwner, missingParents } from "../files.js";
import type { Change, Resource } from "../resource.js";
import { anonEnabled, anonName, anonRoot, homeFor, isJailed, jailRootFor, localEnabled, perUserLocalRoot, rootIds } from "./common.js";

type GroupRef = { readonly name: string } | { readonly primaryOf: string };

export interface DirSpec {
  readonly path: string;
  readonly owner?: string;
  readonly group?: GroupRef;
  readonly mode?: number;
  readonly why: string;
  /** Only create it when missing; an existing directory is left as it is. */
  readonly createOnly?: boolean;
  /** Refuse to take over this account's existing home (its files would become root's). */
  readonly guardHomeOf?: string;
}

const groupLabel = (g: GroupRef | undefined): string => (g === undefined ? "" : "name" in g ? g.name : `(group of ${g.primaryOf})`);
const ownerLabel = (s: DirSpec): string => `${s.owner ?? "(any)"}:${groupLabel(s.group) || "(any)"}`;

/** Every directory the profile implies, deduplicated by path (the profile's own entries win), parents first. */
export function directorySpecs(ctx: ProvisionContext, accounts: Accounts): DirSpec[] {
  const specs = new Map<string, DirSpec>();
  const add = (s: DirSpec) => specs.set(posix.normalize(s.path), { ...s, path: posix.normalize(s.path) });
  const secure = optionString(ctx, "secure_chroot_dir");
  if (secure) add({ path: secure, owner: "root", group: { name: "root" }, mode: 0o755, why: "secure_chroot_dir: vsftpd refuses every session when it is missing (Debian keeps it on tmpfs)" });
  if (anonEnabled(ctx)) {
    const root = anonRoot(ctx, accounts);
    add({ path: root, owner: "root", group: { name: "root" }, mode: 0o555, why: "the anonymous root: root-owned and read-only, since vsftpd refuses a chroot root the ftp account can write to" });
    const box = ctx.profile.anonymous?.dropbox;
    if (box !== undefined) {
      add({
        path: posix.join(root, box),
        owner: "root",
        group: { primaryOf: anonName(ctx) },
        mode: 0o730,
        why: "the drop box: the ftp group may enter and upload (write+execute) but not list (no read); uploads become root's, mode 0600",
      });
    }
  }
  if (localEnabled(ctx)) {
    for (const u of ctx.profile.users ?? []) {
      const existing = accounts.user(u.name);
      if (isJailed(ctx, u.name)) {
        const jail = jailRootFor(ctx, u, accounts);
        const ownHome = existing !== undefined && existing.home === jail && !perUserLocalRoot(ctx);
        add({
          path: jail,
          owner: "root",
          group: { name: "root" },
          mode: 0o555,
          why: `${u.name}'s jail: root-owned and not writable, so vsftpd accepts the chroot without allow_writeable_chroot`,
          ...(ownHome ? { guardHomeOf: u.name } : {}),
        });
        if (perUserLocalRoot(ctx) || optionString(ctx, "local_root") === undefined) {
          add({ path: posix.join(jail, "files"), owner: u.name, group: { primaryOf: u.name }, mode: 0o755, why: `where ${u.name} uploads, inside the read-only jail` });
        }
      } else if (!existing) {
        add({ path: homeFor(ctx, u), owner: u.name, group: { primaryOf: u.name }, mode: 0o750, createOnly: true, why: `${u.name}'s home (not jailed)` });
      }
    }
  }
  for (const d of ctx.profile.directories ?? []) {
    add({
      path: d.path,
      ...(d.owner !== undefined ? { owner: d.owner } : {}),
      ...(d.group !== undefined ? { group: { name: d.group } } : {}),
      ...(d.mode !== undefined ? { mode: parseInt(d.mode, 8) } : {}),
      why: "listed in the profile's directories",
    });
  }
  return [...specs.values()].sort((a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path));
}

type Resolved = number | "pending" | "unknown";

function resolveUser(name: string | undefined, accounts: Accounts, pending: ReadonlySet<string>): Resolved | undefined {
  if (name === undefined) return undefined;
  if (name === "root") return 0;
  const u = accounts.user(name);
  return u ? u.uid : pending.has(name) ? "pending" : "unknown";
}

function resolveGroup(g: GroupRef | undefined, accounts: Accounts, pending: ReadonlySet<string>): Resolved | undefined {
  if (g === undefined) return undefined;
  if ("name" in g) {
    if (g.name === "root") return 0;
    const grp = accounts.group(g.name);
    // A per-user group appears with its user.
    return grp ? grp.gid : pending.has(g.name) ? "pending" : "unknown";
  }
  const u = accounts.user(g.primaryOf);
  return u ? u.gid : pending.has(g.primaryOf) ? "pending" : "unknown";
}

interface Data {
  readonly spec: DirSpec;
}

function describeState(st: FileStat | undefined, accounts: Accounts): string {
  if (!st) return "absent";
  const who = `${accounts.userById(st.uid)?.name ?? st.uid}:${accounts.groupById(st.gid)?.name ?? st.gid}`;
  return `${fmtMode(st.mode)}, owner ${st.uid === 0 && st.gid === 0 ? fmtOwner(0, 0) : who}`;
}

export interface DirectoryDeps {
  /** Account names earlier steps will create in this run. */
  pendingAccounts(exec: Executor): Promise<ReadonlySet<string>>;
}

export function directoriesResource(ctx: ProvisionContext, deps: DirectoryDeps): Resource {
  return {
    kind: "directories",
    async plan(exec) {
      const accounts = await readAccounts(exec);
      const pending = exec.root !== undefined ? new Set<string>() : await deps.pendingAccounts(exec);
      const changes: Change[] = [];
      const problems: string[] = [];
      const creating = new Set<string>();
      for (const spec of directorySpecs(ctx, accounts)) {
        const st = await exec.stat(spec.path);
        const id = `dir:${spec.path}`;
        if (st && st.type === "link") {
          problems.push(`${spec.path} is a symbolic link; ftpctl does not change directories through links (vsftpd's chroot would follow it)`);
          continue;
        }
        if (st && st.type !== "dir") {
          problems.push(`${spec.path} exists but is not a directory`);
          continue;
        }
        const uid = resolveUser(spec.owner, accounts, pending);
        const gid = resolveGroup(spec.group, accounts, pending);
        const notes: string[] = [];
        for (const [what, r, label] of [["owner", uid, spec.owner], ["group", gid, groupLabel(spec.group)]] as const) {
          if (r !== "unknown") continue;
          if (exec.root !== undefined) notes.push(`${what} ${label} is not in the staging root's accounts: left to the target host`);
          else problems.push(`${spec.path}: ${what} '${label}' does not exist and no step creates it`);
        }
        if (spec.guardHomeOf && st && typeof uid === "number" && st.uid === accounts.user(spec.guardHomeOf)?.uid) {
          problems.push(
            `${spec.path} is ${spec.guardHomeOf}'s existing home and belongs to them; jailing ${spec.guardHomeOf} there would mean giving it to root`,
          );
          continue;
        }
        const want = `${spec.mode !== undefined ? fmtMode(spec.mode) : "mode as is"}, owner ${ownerLabel(spec)}`;
        if (!st) {
          const parents = (await missingParents(exec, spec.path)).filter((p) => !creating.has(p));
          for (const p of [...parents, spec.path]) creating.add(p);
          changes.push({
            id,
            action: "create",
            summary: `create ${spec.path}${parents.length ? ` (and ${parents.join(", ")})` : ""}`,
            before: "absent",
            after: want,
            reason: [spec.why, ...notes].join("; "),
            data: { spec } satisfies Data,
          });
          continue;
        }
        const diffs: string[] = [];
        if (!spec.createOnly) {
          if (spec.mode !== undefined && st.mode !== spec.mode) diffs.push(`mode ${fmtMode(st.mode)} -> ${fmtMode(spec.mode)}`);
          if (uid === "pending" || (typeof uid === "number" && st.uid !== uid)) diffs.push(`owner ${accounts.userById(st.uid)?.name ?? st.uid} -> ${spec.owner}`);
          if (gid === "pending" || (typeof gid === "number" && st.gid !== gid)) diffs.push(`group ${accounts.groupById(st.gid)?.name ?? st.gid} -> ${groupLabel(spec.group)}`);
        }
        changes.push({
          id,
          action: diffs.length ? "update" : "noop",
          summary: diffs.length ? `${spec.path}: ${diffs.join(", ")}` : `${spec.path} is ${spec.createOnly ? "present" : "as wanted"}`,
          before: describeState(st, accounts),
          after: diffs.length ? want : describeState(st, accounts),
          // A directory that is as wanted needs no explanation, only notes.
          ...(diffs.length || notes.length ? { reason: [...(diffs.length ? [spec.why] : []), ...notes].join("; ") } : {}),
          ...(diffs.length ? { data: { spec } satisfies Data } : {}),
        });
      }
      if (problems.length) throw new PlanError(problems.join("\n"));
      return changes;
    },
    async apply(change, actx) {
      const { spec } = change.data as Data;
      const exec = actx.exec;
      const accounts = await readAccounts(exec);
      const none = new Set<string>();
      const uidR = resolveUser(spec.owner, accounts, none);
      const gidR = resolveGroup(spec.group, accounts, none);
      const st = await exec.stat(spec.path);
      const unresolved = (r: Resolved | undefined, what: string) => {
        if (r === "unknown" && exec.root === undefined) throw new FtpctlError(`${spec.path}: ${what} does not exist`);
        return typeof r === "number" ? r : undefined;
      };
      const uid = unresolved(uidR, `owner '${spec.owner}'`);
      const gid = unresolved(gidR, `group '${groupLabel(spec.group)}'`);
      if (!st) {
        const undoParents = await createParents(exec, spec.path);
        const ids = rootIds(exec);
        await exec.mkdir(spec.path, { mode: spec.mode ?? 0o755, uid: uid ?? ids.uid, gid: gid ?? ids.gid });
        return async () => {
          await exec.remove(spec.path);
          await undoParents?.();
        };
      }
      if (st.type !== "dir") throw new FtpctlError(`${spec.path} is no longer a directory`);
      const newUid = uid ?? st.uid;
      const newGid = gid ?? st.gid;
      if (newUid !== st.uid || newGid !== st.gid) await exec.chown(spec.path, newUid, newGid);
      // chown clears set-id bits, so the mode comes after it.
      if (spec.mode !== undefined && (spec.mode !== st.mode || newUid !== st.uid || newGid !== st.gid)) await exec.chmod(spec.path, spec.mode);
      return async () => {
        await exec.chown(spec.path, st.uid, st.gid);
        await exec.chmod(spec.path, st.mode);
      };
    },
  };
}
