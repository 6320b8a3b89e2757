import { defaultFor, optionSpec } from "../../vsftpd/registry.js";
import { defineRule } from "../rule.js";

/**
 * An empty string option is unset, not defaulted. twoprocess.c lstat()s the
 * directory in each session; the one-process model (also forced by
 * run_as_launching_user) never uses it, as the binary confirms.
 */
export default defineRule({
  code: "VSF211",
  name: "empty-secure-chroot-dir",
  severity: "error",
  category: "session",
  description: "An empty secure_chroot_dir unsets it, and vsftpd then refuses every session.",
  messages: {
    empty:
      "secure_chroot_dir is empty, which unsets it rather than restoring the default: every session is refused (vsftpd: not found: directory given in 'secure_chroot_dir':(null)); remove the line to use {default}",
  },
  check(ctx) {
    const src = ctx.source("secure_chroot_dir");
    if (!src || src.value !== null) return;
    if (ctx.get("one_process_model") === true || ctx.get("run_as_launching_user") === true) return;
    const spec = optionSpec("secure_chroot_dir");
    const def = spec ? defaultFor(spec, ctx.options.distro) : null;
    ctx.report({ messageId: "empty", at: src.setting, data: { default: typeof def === "string" ? def : "the default" } });
  },
});
