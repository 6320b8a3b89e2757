import { defineRule } from "../rule.js";

/**
 * Local users log in with their system passwords. With TLS off, every one of
 * those passwords crosses the network in clear text: the most common insecure
 * setup, so it is reported whether or not the file names a certificate. With
 * TLS on, vsftpd still lets a client skip AUTH TLS if force_local_* say so.
 */
export default defineRule({
  code: "VSF703",
  name: "cleartext-local-login",
  severity: "warning",
  category: "security",
  description: "Local users can send their passwords or files without TLS.",
  messages: {
    logins:
      "force_local_logins_ssl=NO lets local users log in without AUTH TLS: their system passwords can cross the network in clear text; set force_local_logins_ssl=YES (the default)",
    data: "force_local_data_ssl=NO lets local users transfer files without TLS: file contents can cross the network in clear text; set force_local_data_ssl=YES (the default)",
    tlsOff:
      "a certificate is configured ({name}) but ssl_enable is NO: local users' passwords and files cross the network in clear text; set ssl_enable=YES",
    noTls:
      "local users log in with their system passwords over plain FTP (ssl_enable is NO): passwords and files cross the network in clear text; set ssl_enable=YES with a certificate (ftpctl cert generate)",
  },
  check(ctx) {
    if (ctx.get("local_enable") !== true) return;
    if (ctx.get("ssl_enable") === true) {
      const logins = ctx.source("force_local_logins_ssl");
      if (logins && ctx.get("force_local_logins_ssl") === false) ctx.report({ messageId: "logins", at: logins.setting });
      const data = ctx.source("force_local_data_ssl");
      if (data && ctx.get("force_local_data_ssl") === false) ctx.report({ messageId: "data", at: data.setting });
      return;
    }
    const material = (["rsa_cert_file", "rsa_private_key_file"] as const).find((n) => ctx.isSet(n) && ctx.get(n) !== null);
    // The ssl_enable=NO line if there is one, else the line that let local users in.
    const at = (ctx.source("ssl_enable") ?? (material ? ctx.source(material) : undefined) ?? ctx.source("local_enable"))?.setting;
    if (material) ctx.report({ messageId: "tlsOff", ...(at ? { at } : {}), data: { name: material } });
    else ctx.report({ messageId: "noTls", ...(at ? { at } : {}) });
  },
});
