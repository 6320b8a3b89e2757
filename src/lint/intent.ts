/**
 * What a config meant, as the rules about consequences read it. A line
 * vsftpd refuses is one fault, reported once by the syntax
 * rules (VSF1xx); what follows from it is not a second cause. So
 * `listen = YES` is read as `listen=YES`, and a CRLF file as the same file
 * with LF endings, wherever the line analysis knows the repair. Where it
 * does not (`listen=maybe`, a misspelt name), the option the line meant to
 * set is unknown, and a finding that reads it is a consequence, dropped.
 */
import type { Distro, Value } from "../vsftpd/option-spec.js";
import type { Effective, Interpretation, Interpreted } from "../vsftpd/interpret.js";
import { defaultsFor, optionsFor } from "../vsftpd/registry.js";
import type { ScannedConf } from "../vsftpd/scan.js";
import { analyzeConf, type LineAnalysis } from "./line-faults.js";
import { closest } from "./suggest.js";

export interface Intent {
  /** The values in force with every faulty line read as its repair. */
  readonly effective: Effective;
  /** Options whose value in force a faulty line decides and no repair tells. */
  readonly unknown: ReadonlySet<string>;
}

/**
 * vsftpd refuses the line. A line it accepts but reads otherwise than written
 * (upstream keeps a CR in a value) is not one: vsftpd runs with what it read,
 * and a rule that finds vsftpd then refuses that value names a real failure.
 */
function faulty(a: LineAnalysis): boolean {
  return a.item.refusal !== undefined;
}

/** The option a faulty line meant, when one can be named: the intended name, or the close match VSF101 suggests. */
function meant(a: LineAnalysis, distro: Distro): string | undefined {
  if (a.intended) return a.intended.name;
  if (a.item.refusal !== "unrecognised") return undefined;
  return closest(a.intendedName.toLowerCase(), optionsFor(distro).map((o) => o.name));
}

/** Undefined when every line reads as written: the rules then see the config itself. */
export function intentOf(scan: ScannedConf, conf: Interpretation): Intent | undefined {
  const all = analyzeConf(scan, conf.distro);
  if (!all.some(faulty)) return undefined;
  const last = new Map<string, Interpreted | "unknown">();
  for (const a of all) {
    if (!faulty(a)) {
      if (a.item.spec) last.set(a.item.spec.name, a.item);
      continue;
    }
    const fixed = a.repaired;
    // A repair that leaves a string empty (`secure_chroot_dir= ` on Debian) says nothing of what was meant.
    if (fixed?.spec && !fixed.refusal && fixed.value !== null && a.intended?.name === fixed.spec.name) {
      // Positions stay those of the line as written.
      last.set(fixed.spec.name, { ...fixed, setting: a.setting });
      continue;
    }
    const name = meant(a, conf.distro);
    if (name !== undefined) last.set(name, "unknown");
  }
  const defaults = defaultsFor(conf.distro);
  const unknown = new Set([...last].filter(([, v]) => v === "unknown").map(([k]) => k));
  const item = (name: string) => {
    const it = last.get(name);
    return it === "unknown" ? undefined : it;
  };
  const effective: Effective = {
    get(name): Value {
      const it = item(name);
      return it ? (it.value ?? null) : (defaults.get(name) ?? null);
    },
    source: item,
    isSet: (name) => item(name) !== undefined,
  };
  return { effective, unknown };
}
