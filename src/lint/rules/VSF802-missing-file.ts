import { at, needsRoot, needsRootWhy, uncheckedWhy } from "../host-checks/messages.js";
import { on, str, type Get } from "../host-checks/settings.js";
import { defineRule } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

type Effect = "startup" | "session" | "login";

interface Needed {
  readonly option: OptionName;
  /** The options that make vsftpd read the file; the first one set is where a default path is blamed. */
  readonly enabledBy: readonly OptionName[];
  readonly when: (get: Get) => boolean;
  readonly effect: Effect;
  /** vsftpd's message; `:path` is appended for the file-reading ones. */
  readonly oops: string;
  readonly withPath: boolean;
}

const ssl = (get: Get) => on(get, "ssl_enable");

/**
 * Files vsftpd reads, and only while the option that uses them is on. The
 * session and login files are read as root, so only existence matters: a
 * directory even reads as an empty file.
 */
const NEEDED: readonly Needed[] = [
  { option: "rsa_cert_file", enabledBy: ["ssl_enable"], when: ssl, effect: "startup", oops: "SSL: cannot load RSA certificate", withPath: false },
  {
    option: "rsa_private_key_file",
    enabledBy: ["ssl_enable"],
    when: (g) => ssl(g) && str(g, "rsa_cert_file") !== null,
    effect: "startup",
    oops: "SSL: cannot load RSA private key",
    withPath: false,
  },
  { option: "dsa_cert_file", enabledBy: ["ssl_enable"], when: ssl, effect: "startup", oops: "SSL: cannot load DSA certificate", withPath: false },
  {
    option: "dsa_private_key_file",
    enabledBy: ["ssl_enable"],
    when: (g) => ssl(g) && str(g, "dsa_cert_file") !== null,
    effect: "startup",
    oops: "SSL: cannot load DSA private key",
    withPath: false,
  },
  {
    option: "ca_certs_file",
    enabledBy: ["ssl_enable"],
    when: (g) => ssl(g) && (on(g, "ssl_request_cert") || on(g, "require_cert")),
    effect: "startup",
    oops: "SSL: could not load verify file",
    withPath: false,
  },
  { option: "banner_file", enabledBy: [], when: () => true, effect: "session", oops: "cannot read banner file:", withPath: true },
  {
    option: "banned_email_file",
    enabledBy: ["deny_email_enable"],
    when: (g) => on(g, "deny_email_enable"),
    effect: "session",
    oops: "cannot read anon e-mail list file:",
    withPath: true,
  },
  {
    option: "email_password_file",
    enabledBy: ["secure_email_list_enable"],
    when: (g) => on(g, "secure_email_list_enable"),
    effect: "session",
    oops: "cannot read email passwords file:",
    withPath: true,
  },
  {
    option: "userlist_file",
    enabledBy: ["userlist_enable", "local_enable"],
    when: (g) => on(g, "userlist_enable") && on(g, "local_enable"),
    effect: "session",
    oops: "cannot read user list file:",
    withPath: true,
  },
  {
    option: "chroot_list_file",
    enabledBy: ["chroot_list_enable", "local_enable"],
    when: (g) => on(g, "chroot_list_enable") && on(g, "local_enable"),
    effect: "login",
    oops: "could not read chroot() list file:",
    withPath: true,
  },
];

const EFFECT: Record<Effect, string> = {
  startup: "vsftpd refuses to start",
  session: "every connection gets 500 OOPS",
  login: "every local login gets 500 OOPS",
};

export default defineRule({
  code: "VSF802",
  name: "missing-file",
  severity: "error",
  category: "host",
  host: true,
  description: "A file vsftpd must read (certificate, key, banner, user or e-mail list) does not exist.",
  messages: {
    missing: "{option} '{path}'{origin} does not exist: {effect} ({oops})",
    unchecked: "{option} '{path}'{origin} could not be checked: {why}; if vsftpd meets the same error, {effect} ({oops})",
    needsRoot: "not checked: needs root: {option} '{path}'{origin} ({why}); run lint --host as root to check it",
  },
  check(ctx) {
    const host = ctx.host!;
    const get: Get = (n) => ctx.get(n);
    for (const n of NEEDED) {
      const path = str(get, n.option);
      // A relative path depends on vsftpd's working directory, which a lint cannot know.
      if (path === null || !path.startsWith("/") || !n.when(get)) continue;
      const found = host.lookup(path);
      // Certificates and keys are read by VSF803; the lists decide who logs in, so a read error matters.
      const read = found.state === "found" && n.withPath ? host.read(path) : undefined;
      const failed =
        found.state === "error"
          ? { doing: "looking it up" as const, code: found.code }
          : read?.state === "error"
            ? { doing: "reading it" as const, code: read.code }
            : undefined;
      if (found.state !== "missing" && failed === undefined) continue;
      const data = {
        option: n.option,
        path,
        origin: ctx.isSet(n.option) ? "" : " (the compiled default)",
        effect: EFFECT[n.effect],
        oops: n.withPath ? n.oops + path : n.oops,
      };
      const where = at(ctx, n.option, ...n.enabledBy);
      // Only ENOENT and ENOTDIR say "missing"; EACCES or ELOOP says nothing about existence.
      if (failed === undefined) ctx.report({ messageId: "missing", data, ...where });
      else if (needsRoot(host, failed.code)) ctx.report({ messageId: "needsRoot", severity: "info", data: { ...data, why: needsRootWhy(failed.doing, failed.code) }, ...where });
      else ctx.report({ messageId: "unchecked", severity: "warning", data: { ...data, why: uncheckedWhy(host, failed.doing, failed.code) }, ...where });
    }
  },
});
