import { defineRule, type RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

function octal(n: number): string {
  return "0" + (n & 0o7777).toString(8).padStart(3, "0");
}

interface Served {
  readonly mode: string;
  readonly fix: string;
}

/**
 * The mode an anonymous upload ends up with, and how to stop anonymous users
 * downloading it again; undefined when they cannot. postlogin.c: with
 * chown_uploads the file gets chown_upload_mode and a new owner; otherwise it
 * is file_open_mode minus anon_umask, owned by ftp_username.
 */
function servedBack(ctx: RuleContext): Served | undefined {
  if (ctx.get("download_enable") !== true) return undefined;
  if (ctx.get("chown_uploads") === true) {
    const mode = Number(ctx.get("chown_upload_mode"));
    // The file now belongs to chown_username, so only the "other" bits let ftp_username read it.
    return mode & 0o004 ? { mode: octal(mode), fix: "set chown_upload_mode=0600" } : undefined;
  }
  const mode = Number(ctx.get("file_open_mode")) & ~Number(ctx.get("anon_umask"));
  if (ctx.get("anon_world_readable_only") === true) {
    return mode & 0o004 ? { mode: octal(mode), fix: "set anon_umask=077 or chown_uploads=YES" } : undefined;
  }
  // Without anon_world_readable_only the owner bits are enough: the uploader's uid is the downloader's.
  return mode & 0o400 ? { mode: octal(mode), fix: "set chown_uploads=YES, or anon_world_readable_only=YES with anon_umask=077" } : undefined;
}

export default defineRule({
  code: "VSF701",
  name: "anonymous-write",
  severity: "warning",
  category: "security",
  description: "Anonymous users can write to the server.",
  messages: {
    upload: "anonymous users can {what}: anyone who can reach the server may store data on it",
    served:
      "anonymous uploads come out {mode} and anonymous users can download them again: the server can be used to pass files around; {fix}",
    other:
      "anonymous users can delete, rename and overwrite files, and create new ones with APPE (anon_other_write_enable=YES): anyone who can reach the server can destroy what is on it",
  },
  check(ctx) {
    if (ctx.get("anonymous_enable") !== true || ctx.get("write_enable") !== true) return;
    const at = (name: OptionName) => {
      const src = ctx.source(name);
      return src ? { at: src.setting } : {};
    };
    const other = ctx.get("anon_other_write_enable") === true;
    const upload = ctx.get("anon_upload_enable") === true;
    const mkdir = ctx.get("anon_mkdir_write_enable") === true;
    if (other) ctx.report({ messageId: "other", ...at("anon_other_write_enable") });
    // APPE creates files under anon_other_write_enable alone, so either switch lets files in.
    const served = upload || other ? servedBack(ctx) : undefined;
    if (served) {
      ctx.report({ messageId: "served", data: { ...served }, ...at(upload ? "anon_upload_enable" : "anon_other_write_enable") });
    } else if (!other && (upload || mkdir)) {
      const what = upload && mkdir ? "upload files and create directories" : upload ? "upload files" : "create directories";
      ctx.report({ messageId: "upload", data: { what }, ...at(upload ? "anon_upload_enable" : "anon_mkdir_write_enable") });
    }
  },
});
