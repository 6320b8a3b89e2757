import { defineRule } from "../rule.js";

/**
 * vsftpd refuses a jail root the user can write to because a user who can
 * create /etc or /lib inside the jail can feed files to anything that reads
 * them after chroot(). This option turns that refusal off.
 */
export default defineRule({
  code: "VSF705",
  name: "allow-writeable-chroot",
  severity: "warning",
  category: "security",
  description: "allow_writeable_chroot=YES lets local users write to the root of their own jail.",
  messages: {
    allow:
      "allow_writeable_chroot=YES lets jailed users write to their jail's root, where they can plant files such as etc/ that code running after chroot() may trust; make the jail root root-owned and not writable (e.g. 0555) with a writable subdirectory for uploads. It never applies to anonymous sessions",
  },
  check(ctx) {
    const src = ctx.source("allow_writeable_chroot");
    // With local_enable=NO nobody it applies to can log in (VSF605).
    if (!src || ctx.get("allow_writeable_chroot") !== true || ctx.get("local_enable") !== true) return;
    ctx.report({ messageId: "allow", at: src.setting });
  },
});
