import { defineRule } from "../rule.js";
import { describeBool, pointAt } from "../checks/point-at.js";

/**
 * With neither socket vsftpd assumes inetd handed it the client on fd 0, and
 * refuses when fd 0 is not a socket: every start by systemd or by hand.
 * Debian compiles listen=NO, so a Debian config without listen lines is here too.
 */
export default defineRule({
  code: "VSF202",
  name: "listen-neither",
  severity: "error",
  category: "startup",
  description: "listen=NO and listen_ipv6=NO make vsftpd an inetd service that refuses to start on its own.",
  messages: {
    inetdMode:
      "{listen} and {listen_ipv6} make vsftpd an inetd service: started on its own (systemd, by hand) it refuses to start (vsftpd: not configured for standalone, must be started from inetd); set listen=YES, or lint with --inetd if inetd starts it",
    listenDefault:
      "listen is not set, and the {distro} build's compiled default is listen=NO; with {listen_ipv6} vsftpd is an inetd service and refuses to start on its own (vsftpd: not configured for standalone, must be started from inetd); add listen=YES",
  },
  check(ctx) {
    if (!ctx.options.standalone) return;
    if (ctx.get("listen") !== false || ctx.get("listen_ipv6") !== false) return;
    const data = {
      distro: ctx.options.distro,
      listen: describeBool(ctx, "listen"),
      listen_ipv6: describeBool(ctx, "listen_ipv6"),
    };
    const messageId = ctx.isSet("listen") ? "inetdMode" : "listenDefault";
    ctx.report({ messageId, data, ...pointAt(ctx, "listen", "listen_ipv6") });
  },
});
