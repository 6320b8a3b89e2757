/**
 * The firewall lets clients reach the control port and the passive range
 * (iptables and ip6tables judged rule by rule; nftables, firewalld and ufw
 * get advice). With FTPS the conntrack helper cannot see the PASV replies,
 * so the range must be open explicitly.
 */
import { inputVerdict } from "../../host/iptables-eval.js";
import { passiveRange } from "../../server/options.js";
import type { DoctorFinding } from "../types.js";
import type { DoctorCheck } from "./check.js";

const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);

export const firewall: DoctorCheck = {
  id: "firewall",
  async run(ctx) {
    const out: DoctorFinding[] = [];
    const control = num(ctx.get("listen_port"), 21);
    const range = passiveRange(num(ctx.get("pasv_min_port"), 0), num(ctx.get("pasv_max_port"), 0));
    const pasv = ctx.get("pasv_enable") === true;
    const targets = [{ what: `the control port ${control}`, ports: [control] }, ...(pasv ? [{ what: `the passive range ${range.min}-${range.max}`, ports: [range.min, Math.floor((range.min + range.max) / 2), range.max] }] : [])];
    for (const bin of ["iptables", "ip6tables"] as const) {
      if ((await ctx.exec.which(bin)) === undefined) continue;
      const r = await ctx.exec.probe([bin, "-S", "INPUT"]);
      if (r.code !== 0) {
        out.push({ check: "firewall", severity: "info", message: `${bin} -S INPUT failed (exit ${r.code}): the ${bin} rules are not checked`, fix: "run doctor as root" });
        continue;
      }
      for (const t of targets) {
        const verdicts = t.ports.map((p) => inputVerdict(r.stdout, p));
        const dropped = verdicts.find((v) => v.kind === "drop");
        if (dropped) {
          const portSpec = t.ports.length > 1 ? `${range.min}:${range.max}` : String(control);
          out.push({ check: "firewall", severity: "error", message: `${bin} drops new connections to ${t.what} (${dropped.rule})`, fix: `${bin} -I INPUT -p tcp --dport ${portSpec} -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT (ftpctl apply adds these rules)` });
          continue;
        }
        const unknown = verdicts.find((v) => v.kind === "unknown");
        if (unknown) out.push({ check: "firewall", severity: "info", message: `${bin}: whether ${t.what} is open depends on another chain (${unknown.rule})`, fix: "check that chain accepts it" });
      }
    }
    if ((await ctx.exec.which("nft")) !== undefined) {
      const r = await ctx.exec.probe(["nft", "list", "ruleset"]);
      if (r.code === 0 && /hook input[^;]*;\s*policy drop/.test(r.stdout)) {
        out.push({ check: "firewall", severity: "warning", message: "an nftables input chain drops by default: its rules are not judged here", fix: `make sure it accepts tcp dport { ${control}, ${range.min}-${range.max} }` });
      }
    }
    for (const [unit, advice] of [
      ["firewalld", `firewall-cmd --permanent --add-port=${control}/tcp --add-port=${range.min}-${range.max}/tcp && firewall-cmd --reload`],
      ["ufw", `ufw allow ${control}/tcp && ufw allow ${range.min}:${range.max}/tcp`],
    ] as const) {
      if ((await ctx.exec.which("systemctl")) === undefined) break;
      const active = (await ctx.exec.probe(["systemctl", "is-active", unit])).stdout.trim();
      if (active === "active") out.push({ check: "firewall", severity: "info", message: `${unit} is active: its zones decide what is open`, fix: advice });
    }
    return out;
  },
};
