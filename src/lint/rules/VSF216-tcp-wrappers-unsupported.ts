import type { Distro } from "../../vsftpd/option-spec.js";
import { defineRule } from "../rule.js";
import { pointAt } from "../checks/point-at.js";

/**
 * tcpwrap.c dies in each session when built without libwrap. Debian links
 * libwrap; RHEL dropped it (rhbz#1518796); the 3.0.3 tarball's builddefs.h
 * leaves VSF_BUILD_TCPWRAPPERS undefined.
 */
const WITHOUT_LIBWRAP: Partial<Record<Distro, string>> = {
  rhel: "RHEL/Fedora build it without libwrap",
  upstream: "the 3.0.3 release builds without it unless builddefs.h is edited",
};

export default defineRule({
  code: "VSF216",
  name: "tcp-wrappers-unsupported",
  severity: "error",
  category: "session",
  description: "tcp_wrappers=YES on a build without tcp_wrappers support makes vsftpd refuse every session.",
  messages: {
    unsupported:
      "tcp_wrappers=YES, but the {distro} build has no tcp_wrappers support ({why}): every session is refused (tcp_wrappers is set to YES but no tcp wrapper support compiled in); remove it and filter clients with a firewall",
  },
  check(ctx) {
    const why = WITHOUT_LIBWRAP[ctx.options.distro];
    if (!why || ctx.get("tcp_wrappers") !== true) return;
    ctx.report({ messageId: "unsupported", data: { distro: ctx.options.distro, why }, ...pointAt(ctx, "tcp_wrappers") });
  },
});
