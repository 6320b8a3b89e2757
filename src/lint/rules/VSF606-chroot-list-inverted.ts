import { defineRule } from "../rule.js";

/**
 * twoprocess.c flips the chroot decision for every user named in the list, so
 * the list means "not jailed" or "jailed" depending on chroot_local_user.
 * Tutorials routinely describe only the second meaning next to a config that
 * has the first.
 */
export default defineRule({
  code: "VSF606",
  name: "chroot-list-inverted",
  severity: "warning",
  category: "trap",
  description: "chroot_list_file lists the users who are NOT jailed when chroot_local_user=YES.",
  messages: {
    exceptions:
      "with chroot_local_user=YES, the users listed in {file} are the ones NOT jailed: everyone else is chrooted, and the listed users roam the whole filesystem as far as file permissions allow",
    onlyListed:
      "with chroot_local_user=NO, only the users listed in {file} are jailed; every other local user roams the whole filesystem as far as file permissions allow",
  },
  check(ctx) {
    // Reported even with local_enable=NO (VSF605 adds that it is inert): the misreading is the trap.
    if (ctx.get("chroot_list_enable") !== true) return;
    const src = ctx.source("chroot_list_enable");
    const file = String(ctx.get("chroot_list_file") ?? "(unset)");
    const at = src ? { at: src.setting } : {};
    if (ctx.get("chroot_local_user") === true) {
      ctx.report({ messageId: "exceptions", data: { file }, ...at });
    } else {
      ctx.report({ messageId: "onlyListed", severity: "info", data: { file }, ...at });
    }
  },
});
