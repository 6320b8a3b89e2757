/**
 * Each FTP user can write where they land, when the config lets them write
 * (write_enable): their start directory, or, in a jail whose root must stay
 * read-only, its files/ subdirectory as apply makes it. Otherwise uploads
 * fail with the tutorial's "553 Could not create file".
 */
import { posix } from "node:path";
import { bitsAllowWrite } from "../../server/write-access.js";
import type { DoctorFinding } from "../types.js";
import type { DoctorCheck } from "./check.js";

export const uploadDirs: DoctorCheck = {
  id: "upload-dirs",
  async run(ctx) {
    if (ctx.get("write_enable") !== true || ctx.get("local_enable") !== true) return [];
    const out: DoctorFinding[] = [];
    const localRoot = ctx.get("local_root");
    const token = ctx.get("user_sub_token");
    for (const name of ctx.users) {
      const entry = ctx.host.user(name);
      if (!entry) continue;
      const who = { uid: entry.uid, gids: ctx.host.groupsOf(entry) };
      const root = typeof localRoot === "string" && localRoot !== "" ? (typeof token === "string" && token !== "" ? localRoot.split(token).join(name) : localRoot) : entry.home;
      const places = [root, posix.join(root, "files")];
      const writable = places.some((p) => {
        const l = ctx.host.lookup(p);
        return l.state === "found" && l.info.type === "dir" && bitsAllowWrite(l.info, who);
      });
      if (!writable) {
        out.push({
          check: "upload-dirs",
          severity: "error",
          message: `${name} cannot write ${root} or ${posix.join(root, "files")}: their uploads fail with 553 Could not create file`,
          fix: `give ${name} a directory of their own to write: install -d -o ${name} -m 0755 ${posix.join(root, "files")} (the jail root itself stays read-only)`,
        });
      }
    }
    return out;
  },
};
