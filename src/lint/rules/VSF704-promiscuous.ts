import { defineRule } from "../rule.js";

/**
 * Both flags are the usual answer to "425 Security: Bad IP connecting" behind
 * NAT or a proxy, and both remove the check that ties a data connection to
 * the client that opened the control connection.
 */
export default defineRule({
  code: "VSF704",
  name: "promiscuous",
  severity: "warning",
  category: "security",
  description: "pasv_promiscuous or port_promiscuous switches off vsftpd's data-connection address checks.",
  messages: {
    pasv:
      "pasv_promiscuous=YES accepts a passive data connection from any address, not just the client's: another host can connect first and steal the download or inject the upload. Behind NAT set pasv_address and a pasv_min_port/pasv_max_port range instead",
    port:
      "port_promiscuous=YES lets PORT/EPRT name any address and privileged ports: clients can make the server connect to third hosts (FTP bounce), and sessions lose their network isolation. Behind NAT use passive mode with pasv_address and a pasv_min_port/pasv_max_port range instead",
  },
  check(ctx) {
    const pasv = ctx.source("pasv_promiscuous");
    // With pasv_enable=NO the flag is inert, which VSF605 reports.
    if (pasv && ctx.get("pasv_promiscuous") === true && ctx.get("pasv_enable") === true) {
      ctx.report({ messageId: "pasv", at: pasv.setting });
    }
    // Not gated on port_enable: twoprocess.c also skips isolate_network for it.
    const port = ctx.source("port_promiscuous");
    if (port && ctx.get("port_promiscuous") === true) ctx.report({ messageId: "port", at: port.setting });
  },
});
