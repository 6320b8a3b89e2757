/**
 * The tree each server serves, laid out and owned as `ftpctl apply` would
 * make it for the layout (see table.ts), with one directory per client so
 * that clients running at once never touch each other's files.
 */
import { chmodSync, chownSync, mkdirSync, writeFileSync } from "node:fs";
import { CLIENTS, type Layout } from "./table.js";
import { REMOTE } from "./target.js";

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

const ROOT: Owner = { uid: 0, gid: 0 };

export interface Tree {
  /** The directory standing in for anon_root or local_root. */
  readonly root: string;
  /** Where the client directories are, relative to where the login lands ("" for the landing itself). */
  readonly area: string;
}

function dir(path: string, mode: number, owner: Owner): void {
  mkdirSync(path, { recursive: true });
  chownSync(path, owner.uid, owner.gid);
  chmodSync(path, mode);
}

function file(path: string, mode: number, owner: Owner): void {
  writeFileSync(path, `${path.slice(path.lastIndexOf("/") + 1)}: matrix data\n`);
  chownSync(path, owner.uid, owner.gid);
  chmodSync(path, mode);
}

/** The client directories: get.txt, m1.txt, m2.txt, del.txt and an empty rmdir.d each. */
function clientDirs(area: string, names: readonly string[], d: { mode: number; owner: Owner }, f: { mode: number; owner: Owner }): void {
  for (const name of names) {
    const at = `${area}/${name}`;
    dir(at, d.mode, d.owner);
    for (const n of [REMOTE.get, ...REMOTE.mget, REMOTE.del]) file(`${at}/${n}`, f.mode, f.owner);
    dir(`${at}/${REMOTE.rmdir}`, 0o755, d.owner);
  }
}

/** Every client's directory, and `raw` for the bare control connection. */
export const DIR_NAMES: readonly string[] = [...CLIENTS, "raw"];

/**
 * Builds the tree under `base` (a fresh directory). `user` owns what a
 * local user may write; `ftpGid` is the ftp account's group (the drop box's).
 */
export function makeTree(base: string, layout: Layout, user: Owner, ftpGid: number, userName: string): Tree {
  dir(base, 0o755, ROOT);
  const own = { mode: 0o755, owner: user };
  const userFile = { mode: 0o644, owner: user };
  switch (layout) {
    case "anonymous": {
      const root = `${base}/anon`;
      dir(root, 0o755, ROOT);
      dir(`${root}/pub`, 0o755, ROOT);
      clientDirs(`${root}/pub`, DIR_NAMES, { mode: 0o755, owner: ROOT }, { mode: 0o644, owner: ROOT });
      return { root, area: "pub" };
    }
    case "dropbox": {
      const root = `${base}/anon`;
      const box = { uid: 0, gid: ftpGid };
      dir(root, 0o555, ROOT);
      dir(`${root}/incoming`, 0o730, box);
      // What earlier uploads left: root's, mode 0600 (chown_uploads, anon_umask=077).
      clientDirs(`${root}/incoming`, DIR_NAMES, { mode: 0o730, owner: box }, { mode: 0o600, owner: ROOT });
      return { root, area: "incoming" };
    }
    case "home": {
      const root = `${base}/home/${userName}`;
      dir(`${base}/home`, 0o755, ROOT);
      dir(root, 0o755, user);
      clientDirs(root, DIR_NAMES, own, userFile);
      return { root, area: "" };
    }
    case "jail": {
      const root = `${base}/jail/${userName}`;
      dir(`${base}/jail`, 0o755, ROOT);
      dir(root, 0o755, ROOT);
      dir(`${root}/files`, 0o755, user);
      clientDirs(`${root}/files`, DIR_NAMES, own, userFile);
      chmodSync(root, 0o555);
      return { root, area: "files" };
    }
    case "ro-jail": {
      const root = `${base}/jail/${userName}`;
      dir(`${base}/jail`, 0o755, ROOT);
      dir(root, 0o755, ROOT);
      clientDirs(root, DIR_NAMES, own, userFile);
      return { root, area: "" };
    }
  }
}
