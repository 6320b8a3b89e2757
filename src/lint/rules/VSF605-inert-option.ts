import type { Value } from "../../vsftpd/option-spec.js";
import { defaultFor } from "../../vsftpd/registry.js";
import { defineRule, type RuleContext } from "../rule.js";
import type { OptionName } from "../../vsftpd/options.js";

/** A condition an option needs before vsftpd looks at it. */
interface Switch {
  /** What the reader has to turn on, as they would write it. */
  readonly needs: string;
  on(ctx: RuleContext): boolean;
  /** Where the condition is decided, when one line decides it. */
  readonly line?: OptionName;
}

const yes = (name: OptionName): Switch => ({ needs: `${name}=YES`, line: name, on: (ctx) => ctx.get(name) === true });

const ANONYMOUS = yes("anonymous_enable");
const LOCAL = yes("local_enable");
const WRITE = yes("write_enable");
const SSL = yes("ssl_enable");
const PASV = yes("pasv_enable");
const PORT = yes("port_enable");
/** Guests without virtual_use_local_privs run with anonymous privileges (twoprocess.c common_do_login). */
const ANON_SESSIONS: Switch = {
  needs: "anonymous_enable=YES (or guest_enable=YES with virtual_use_local_privs=NO)",
  on: (ctx) =>
    ctx.get("anonymous_enable") === true ||
    (ctx.get("guest_enable") === true && ctx.get("local_enable") === true && ctx.get("virtual_use_local_privs") === false),
};
const ANY_LOG: Switch = {
  needs: "xferlog_enable=YES (or dual_log_enable=YES)",
  on: (ctx) => ctx.get("xferlog_enable") === true || ctx.get("dual_log_enable") === true,
};
/** logging.c vsf_log_init: which of the two log files is opened. */
const XFERLOG_FILE: Switch = {
  needs: "xferlog_enable=YES with xferlog_std_format=YES (or dual_log_enable=YES)",
  on: (ctx) =>
    ctx.get("dual_log_enable") === true || (ctx.get("xferlog_enable") === true && ctx.get("xferlog_std_format") === true),
};
const VSFTPD_LOG_FILE: Switch = {
  needs: "xferlog_enable=YES with xferlog_std_format=NO (or dual_log_enable=YES), and syslog_enable=NO",
  on: (ctx) =>
    ctx.get("syslog_enable") === false &&
    (ctx.get("dual_log_enable") === true || (ctx.get("xferlog_enable") === true && ctx.get("xferlog_std_format") === false)),
};
const STANDALONE: Switch = { needs: "standalone mode (listen=YES or listen_ipv6=YES)", on: (ctx) => ctx.options.standalone };

/**
 * option → the switch it needs. An option may need several; the first one
 * that is off is reported. userlist_deny without userlist_enable is VSF607's.
 */
const NEEDS: readonly (readonly [OptionName, Switch])[] = [
  ["anon_upload_enable", ANON_SESSIONS],
  ["anon_upload_enable", WRITE],
  ["anon_mkdir_write_enable", ANON_SESSIONS],
  ["anon_mkdir_write_enable", WRITE],
  ["anon_other_write_enable", ANON_SESSIONS],
  ["anon_other_write_enable", WRITE],
  ["anon_umask", ANON_SESSIONS],
  ["anon_max_rate", ANON_SESSIONS],
  ["anon_world_readable_only", ANON_SESSIONS],
  ["chown_uploads", ANON_SESSIONS],
  ["chown_uploads", WRITE],
  ["chown_uploads", yes("anon_upload_enable")],
  ["force_anon_data_ssl", ANON_SESSIONS],
  ["anon_root", ANONYMOUS],
  ["no_anon_password", ANONYMOUS],
  ["ftp_username", ANONYMOUS],
  ["deny_email_enable", ANONYMOUS],
  ["banned_email_file", ANONYMOUS],
  ["banned_email_file", yes("deny_email_enable")],
  ["secure_email_list_enable", ANONYMOUS],
  ["email_password_file", ANONYMOUS],
  ["email_password_file", yes("secure_email_list_enable")],
  ["allow_anon_ssl", ANONYMOUS],
  ["force_anon_logins_ssl", ANONYMOUS],
  ["chown_username", yes("chown_uploads")],
  ["chown_upload_mode", yes("chown_uploads")],
  ["local_umask", LOCAL],
  ["local_root", LOCAL],
  ["local_max_rate", LOCAL],
  ["chroot_local_user", LOCAL],
  ["chroot_list_enable", LOCAL],
  ["chroot_list_file", LOCAL],
  ["chroot_list_file", yes("chroot_list_enable")],
  ["passwd_chroot_enable", LOCAL],
  ["user_sub_token", LOCAL],
  ["allow_writeable_chroot", LOCAL],
  ["guest_enable", LOCAL],
  ["guest_username", LOCAL],
  ["guest_username", yes("guest_enable")],
  ["virtual_use_local_privs", yes("guest_enable")],
  ["force_local_logins_ssl", LOCAL],
  ["force_local_data_ssl", LOCAL],
  ["userlist_file", yes("userlist_enable")],
  ["message_file", yes("dirmessage_enable")],
  ["xferlog_std_format", ANY_LOG],
  ["xferlog_file", XFERLOG_FILE],
  ["vsftpd_log_file", VSFTPD_LOG_FILE],
  ["pasv_min_port", PASV],
  ["pasv_max_port", PASV],
  ["pasv_address", PASV],
  ["pasv_addr_resolve", PASV],
  ["pasv_promiscuous", PASV],
  ["connect_from_port_20", PORT],
  ["ftp_data_port", PORT],
  ["ftp_data_port", yes("connect_from_port_20")],
  ["max_clients", STANDALONE],
  ["max_per_ip", STANDALONE],
  ["allow_anon_ssl", SSL],
  ["force_anon_logins_ssl", SSL],
  ["force_anon_data_ssl", SSL],
  ["force_local_logins_ssl", SSL],
  ["force_local_data_ssl", SSL],
  ["ssl_sslv2", SSL],
  ["ssl_sslv3", SSL],
  ["ssl_tlsv1", SSL],
  ["ssl_tlsv1_1", SSL],
  ["ssl_tlsv1_2", SSL],
  ["ssl_tlsv1_3", SSL],
  ["ssl_ciphers", SSL],
  ["ssl_request_cert", SSL],
  ["ssl_sni_hostname", SSL],
  ["require_cert", SSL],
  ["validate_cert", SSL],
  ["ca_certs_file", SSL],
  ["require_ssl_reuse", SSL],
  ["implicit_ssl", SSL],
  ["debug_ssl", SSL],
  ["strict_ssl_read_eof", SSL],
  ["strict_ssl_write_shutdown", SSL],
  ["rsa_cert_file", SSL],
  ["rsa_private_key_file", SSL],
  ["dsa_cert_file", SSL],
  ["dsa_private_key_file", SSL],
  ["dh_param_file", SSL],
  ["ecdh_param_file", SSL],
];

/** With local users, certificates configured but TLS off is VSF703's security finding. */
const VSF703_MATERIAL = new Set(["rsa_cert_file", "rsa_private_key_file"]);
/** Setting these to YES states an intent vsftpd ignores, even though YES is the default. */
const ASSERTIVE = new Set(["force_local_logins_ssl", "force_local_data_ssl"]);

/**
 * A value equal to the build's compiled default changes nothing whether or
 * not its switch is on: stating it pins the default (as rendered configs do
 * for options whose defaults differ between builds), which is not a trap.
 */
function meaningful(name: string, value: Value, dflt: Value): boolean {
  if (value === null) return false;
  return value !== dflt || (ASSERTIVE.has(name) && value === true);
}

export default defineRule({
  code: "VSF605",
  name: "inert-option",
  severity: "warning",
  category: "trap",
  description: "An option that does nothing because the switch it depends on is off.",
  messages: {
    inert: "{setting} does nothing: it needs {needs}, and {state}",
    inertDerived: "{setting} does nothing: it needs {needs}",
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const [name, sw] of NEEDS) {
      if (reported.has(name) || !ctx.isSet(name) || sw.on(ctx)) continue;
      const src = ctx.source(name)!;
      if (!src.spec || !meaningful(name, src.value ?? null, defaultFor(src.spec, ctx.options.distro))) continue;
      if (VSF703_MATERIAL.has(name) && ctx.get("local_enable") === true) continue;
      reported.add(name);
      const setting = `${name}=${(src.setting.value ?? "").replace(/\r$/, "")}`;
      if (sw.line === undefined) {
        ctx.report({ messageId: "inertDerived", at: src.setting, data: { setting, needs: sw.needs } });
        continue;
      }
      const master = ctx.source(sw.line);
      const state = master ? `line ${master.setting.line} sets ${sw.line}=NO` : `${sw.line} defaults to NO`;
      ctx.report({ messageId: "inert", at: src.setting, data: { setting, needs: sw.needs, state } });
    }
  },
});
