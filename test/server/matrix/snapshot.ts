/**
 * What a server left on disk: every entry under the root with its type,
 * mode, owner and size, so the two servers' trees can be compared after
 * the same clients ran on both (uploads' modes and owners, what was made,
 * removed or renamed).
 */
import { lstatSync, readdirSync } from "node:fs";

export type Snapshot = ReadonlyMap<string, string>;

export function snapshot(root: string): Snapshot {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const st = lstatSync(rel === "" ? root : `${root}/${rel}`);
    const kind = st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
    out.set(rel === "" ? "." : rel, `${kind} ${(st.mode & 0o7777).toString(8).padStart(4, "0")} ${st.uid}:${st.gid}${kind === "file" ? ` ${st.size}B` : ""}`);
    if (st.isDirectory()) for (const name of readdirSync(rel === "" ? root : `${root}/${rel}`).sort()) walk(rel === "" ? name : `${rel}/${name}`);
  };
  walk("");
  return out;
}
