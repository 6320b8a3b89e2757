/**
 * Assembles the resources a profile implies, in dependency order, and plans
 * them: each reads the machine through the Executor (reads only) and says
 * what it would change. Every problem is collected, so one run shows all of
 * them, and a plan with problems is never applied.
 *
 * Order: package (vsftpd creates Debian's ftp account and config) →
 * anonymous account → users → PAM → directories (owners exist by then) →
 * lists → certificate → config → firewall → service (restarts last, on
 * everything above).
 */
import { FtpctlError, InputError } from "../core/errors.js";
import type { Finding } from "../lint/finding.js";
import { firewallManaged, type ProvisionContext } from "./context.js";
import { PlanErrors } from "./errors.js";
import type { Executor } from "./executor.js";
import type { Change, Resource } from "./resource.js";
import { anonAccountResource } from "./resources/anon-account.js";
import { certificateResource } from "./resources/certificate.js";
import { skippedChange } from "./resources/common.js";
import { configPath, configResource } from "./resources/config.js";
import { directoriesResource } from "./resources/directories.js";
import { firewallNeedsIptables, firewallResources, type FirewallOptions } from "./resources/firewall.js";
import { listsResource } from "./resources/lists.js";
import { packageResource } from "./resources/package.js";
import { PAM_FILE, pamResource } from "./resources/pam.js";
import { serviceResource, type ServiceTiming } from "./resources/service.js";
import { usersResource } from "./resources/users.js";
import type { Secret } from "./secrets.js";

export { KINDS, type Kind } from "./kinds.js";

export interface AssembleInput {
  readonly ctx: ProvisionContext;
  readonly rendered: { readonly text: string; readonly findings: readonly Finding[] };
  readonly secrets: ReadonlyMap<string, Secret>;
  /** Plan only these sections (tests, and the firewall-only run in a namespace). */
  readonly only?: ReadonlySet<string>;
  /** Overrides for the firewall step, e.g. `persist: false` inside a scratch network namespace. */
  readonly firewall?: Partial<FirewallOptions>;
  readonly serviceTiming?: ServiceTiming;
}

export interface PlannedStep {
  readonly resource: Resource;
  readonly changes: readonly Change[];
}

export interface Plan {
  readonly steps: readonly PlannedStep[];
}

export interface Assembly {
  readonly resources: readonly Resource[];
  /** Changes planned so far, in order; later resources look back at earlier ones. */
  readonly ledger: Change[];
}

/** Changes after which vsftpd must restart: it reads its config and certificate at startup. */
export function restartTrigger(ctx: ProvisionContext): (c: Change) => boolean {
  const conf = `file:${configPath(ctx)}`;
  return (c) => c.id === conf || c.id.startsWith("cert:") || c.id === `file:${PAM_FILE}`;
}

/** Under --root the firewall is the host's, not the staging tree's: listed, never touched. */
function rootAwareFirewall(inner: Resource): Resource {
  return {
    kind: inner.kind,
    plan: (exec) => (exec.root !== undefined ? Promise.resolve([skippedChange("firewall", "open the FTP ports in the firewall")]) : inner.plan(exec)),
    apply: (change, ctx) => inner.apply(change, ctx),
  };
}

export function assemble(input: AssembleInput): Assembly {
  const { ctx } = input;
  const ledger: Change[] = [];
  const pending = (c: Change) => c.action !== "noop" && c.skipped === undefined;
  const fwOpts: FirewallOptions = { manage: firewallManaged(ctx), remove: ctx.removeFirewall, ...input.firewall };
  const isTrigger = restartTrigger(ctx);
  const all: Resource[] = [
    packageResource(ctx, { iptables: (exec) => firewallNeedsIptables(exec, fwOpts) }),
    anonAccountResource(ctx),
    usersResource(ctx, input.secrets),
    pamResource(ctx),
    directoriesResource(ctx, {
      async pendingAccounts() {
        return new Set(ledger.filter((c) => pending(c) && c.action === "create" && /^(account|user):/.test(c.id)).map((c) => c.id.slice(c.id.indexOf(":") + 1)));
      },
    }),
    listsResource(ctx),
    certificateResource(ctx),
    configResource(ctx, input.rendered),
    // The firewall step comes from src/provision/resources/firewall.ts (its own engineer and tests).
    ...firewallResources(ctx.options, ctx.distro, fwOpts).map(rootAwareFirewall),
    serviceResource(ctx, {
      pendingTriggers: () => ledger.filter((c) => pending(c) && isTrigger(c)),
      isTrigger,
      ...(input.serviceTiming ? { timing: input.serviceTiming } : {}),
    }),
  ];
  const resources = input.only ? all.filter((r) => input.only!.has(r.kind)) : all;
  return { resources, ledger };
}

/** Plans every resource; throws PlanErrors listing every problem when any resource found one. */
export async function makePlan(assembly: Assembly, exec: Executor): Promise<Plan> {
  const steps: PlannedStep[] = [];
  const problems: { kind: string; message: string }[] = [];
  for (const resource of assembly.resources) {
    try {
      const changes = await resource.plan(exec);
      assembly.ledger.push(...changes);
      steps.push({ resource, changes });
    } catch (err) {
      // Typed errors are findings about this machine or profile; anything else is a bug and propagates.
      if (!(err instanceof FtpctlError)) throw err;
      // Unusable input (a FIFO where the config goes) stops planning at once, as one line and exit 2.
      if (err instanceof InputError) throw err;
      problems.push({ kind: resource.kind, message: err.message });
    }
  }
  if (problems.length) throw new PlanErrors(problems);
  return { steps };
}

export interface PlanCounts {
  readonly change: number;
  readonly ok: number;
  readonly skipped: number;
}

export function countPlan(plan: Plan): PlanCounts {
  const all = plan.steps.flatMap((s) => s.changes);
  const skipped = all.filter((c) => c.skipped !== undefined).length;
  const change = all.filter((c) => c.skipped === undefined && c.action !== "noop").length;
  return { change, ok: all.length - change - skipped, skipped };
}
