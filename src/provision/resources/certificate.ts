/**
 * The TLS certificate and key the profile names (tls.cert, tls.key). When
 * they are missing, or a self-signed pair no longer works (key mismatch,
 * unparsable, expired or expiring within 30 days), apply makes a new
 * self-signed pair the way `ftpctl cert generate` does. A certificate from a
 * CA is never replaced: a broken one stops the plan, an expiring one is
 * reported. Private keys are never generated into a staging root, where
 * every host built from it would share one.
 */
import { posix } from "node:path";
import { FtpctlError, UsageError } from "../../core/errors.js";
import { inspectCertificate, EXPIRY_WARNING_DAYS, type CertProblemCode } from "../../cert/inspect.js";
import { generateKey, keySpec, describeKey } from "../../cert/keys.js";
import { subjectFor, formatSan, type Subject } from "../../cert/names.js";
import { CERT_MODE, KEY_MODE } from "../../cert/files.js";
import type { ProvisionContext } from "../context.js";
import { PlanError } from "../errors.js";
import type { Executor } from "../executor.js";
import { createParents, fmtMode, type Undo } from "../files.js";
import type { Change, Resource } from "../resource.js";
import { rootIds } from "./common.js";

const DAY = 86_400_000;
const DAYS = 365;
/** Problems a new self-signed pair fixes. */
const REPLACE: ReadonlySet<CertProblemCode> = new Set(["unparsable", "key-missing", "key-unusable", "key-mismatch", "expired", "expiring", "not-yet-valid"]);
/** Problems with which vsftpd does not start at all. */
const FATAL: ReadonlySet<CertProblemCode> = new Set(["unparsable", "key-missing", "key-unusable", "key-mismatch"]);

type Data = { readonly op: "generate"; readonly subject: Subject } | { readonly op: "key-mode" };

function paths(ctx: ProvisionContext): { cert: string; key: string } | undefined {
  const tls = ctx.profile.tls;
  if (!tls?.enabled || !tls.cert) return undefined;
  return { cert: tls.cert, key: tls.key ?? tls.cert };
}

async function keepOld(exec: Executor, path: string): Promise<Undo> {
  const st = await exec.stat(path);
  const old = st?.type === "file" ? await exec.readFile(path) : undefined;
  if (st && old) await exec.writeFile(`${path}.bak`, old, { mode: st.mode, uid: st.uid, gid: st.gid });
  return async () => {
    if (st && old) await exec.writeFile(path, old, { mode: st.mode, uid: st.uid, gid: st.gid });
    else await exec.remove(path);
  };
}

export function certificateResource(ctx: ProvisionContext): Resource {
  return {
    kind: "certificate",
    async plan(exec) {
      const p = paths(ctx);
      if (!p) return [];
      const combined = p.cert === p.key;
      const id = `cert:${p.cert}`;
      const certText = (await exec.readFile(p.cert))?.toString("utf8");
      const keyText = combined ? undefined : (await exec.readFile(p.key))?.toString("utf8");
      const generate = (summary: string, before: string, reason: string): Change => {
        if (exec.root !== undefined) {
          // Counted as skipped, not ok: the host still needs it.
          const why = "a private key is never generated into a staging tree (every host built from it would share the key); run apply on the target host, or 'ftpctl cert generate' there";
          return { id, action: before === "absent" ? "create" : "update", summary, before, skipped: `skipped under --root: ${why}`, reason: why };
        }
        let subject: Subject;
        try {
          subject = subjectFor(undefined, []);
        } catch (err) {
          if (err instanceof UsageError) throw new PlanError(`cannot name a certificate for this host: ${err.message}`, `make one with 'ftpctl cert generate --cn NAME --cert ${p.cert}${combined ? "" : ` --key ${p.key}`}'`);
          throw err;
        }
        return {
          id,
          action: before === "absent" ? "create" : "update",
          summary,
          before,
          after: `self-signed, ${describeKey(keySpec(undefined, undefined))}, ${subject.sans.map(formatSan).join(", ")}, ${DAYS} days`,
          reason,
          data: { op: "generate", subject } satisfies Data,
        };
      };
      if (certText === undefined || (!combined && keyText === undefined)) {
        const missing = certText === undefined ? p.cert : p.key;
        if (certText !== undefined && !inspectCertificate(certText).certificate?.selfSigned) {
          throw new PlanError(`the private key ${p.key} for the CA-issued certificate ${p.cert} is missing; vsftpd cannot start without it`, "put the key back; ftpctl only replaces self-signed certificates");
        }
        return [generate(`generate a self-signed certificate at ${p.cert}${combined ? "" : ` and key at ${p.key}`}`, certText === undefined ? "absent" : `${missing} is missing`, `tls.enabled needs ${missing}, which does not exist (same as 'ftpctl cert generate')`)];
      }
      const info = inspectCertificate(certText, keyText);
      const selfSigned = info.certificate?.selfSigned ?? true;
      const replace = info.problems.filter((x) => REPLACE.has(x.code));
      // The end date, not the days left: a saved plan must not go stale by the clock alone.
      const before = info.certificate ? `${info.certificate.subject}, valid until ${info.certificate.notAfter.slice(0, 10)}${selfSigned ? ", self-signed" : ""}` : "unusable";
      if (replace.length && selfSigned) {
        return [generate(`replace the self-signed certificate ${p.cert} (old one kept as ${p.cert}.bak)`, before, replace.map((x) => x.message).join("; "))];
      }
      const fatal = replace.filter((x) => FATAL.has(x.code));
      if (fatal.length) {
        throw new PlanError(`the certificate ${p.cert} cannot be used: ${fatal.map((x) => x.message).join("; ")}`, "fix it with your CA; ftpctl only replaces self-signed certificates");
      }
      const changes: Change[] = [];
      const keySt = await exec.stat(p.key);
      if (keySt && keySt.mode & 0o077) {
        changes.push({ id: `file:${p.key}`, action: "update", summary: `make the private key ${p.key} readable by root only`, before: fmtMode(keySt.mode), after: fmtMode(KEY_MODE), reason: "anyone who can read the key can impersonate the server", data: { op: "key-mode" } satisfies Data });
      }
      const notes = info.problems.map((x) => x.message);
      changes.unshift({
        id,
        action: "noop",
        summary: `${p.cert} is usable`,
        before,
        after: before,
        ...(notes.length ? { reason: `${notes.join("; ")}${replace.some((x) => x.code === "expiring" || x.code === "expired") ? ` (within ${EXPIRY_WARNING_DAYS} days: renew it with your CA)` : ""}` } : {}),
      });
      return changes;
    },
    async apply(change, actx) {
      const p = paths(ctx)!;
      const exec = actx.exec;
      const data = change.data as Data;
      const ids = rootIds(exec);
      if (data.op === "key-mode") {
        const st = await exec.stat(p.key);
        if (!st) throw new FtpctlError(`${p.key} disappeared`);
        await exec.chmod(p.key, KEY_MODE);
        return async () => exec.chmod(p.key, st.mode);
      }
      const combined = p.cert === p.key;
      const spec = keySpec(undefined, undefined);
      const [pair, x509] = await Promise.all([generateKey(spec), import("../../cert/x509.js")]);
      const notBefore = new Date();
      const certPem = x509.selfSignedCertificate(pair, data.subject, { notBefore, notAfter: new Date(notBefore.getTime() + DAYS * DAY) });
      const keyPem = pair.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
      const undos: Undo[] = [];
      for (const path of combined ? [p.cert] : [p.key, p.cert]) {
        const up = await createParents(exec, path);
        if (up) undos.push(up);
        // The key's directory (/etc/ssl/private) must not be open to others.
        if (path === p.key && up && posix.dirname(path).endsWith("/private")) await exec.chmod(posix.dirname(path), 0o700);
        undos.push(await keepOld(exec, path));
      }
      // The key first and 0600 from creation: it is never readable by others, even briefly.
      if (combined) await exec.writeFile(p.cert, keyPem + certPem, { mode: KEY_MODE, ...ids });
      else {
        await exec.writeFile(p.key, keyPem, { mode: KEY_MODE, ...ids });
        await exec.writeFile(p.cert, certPem, { mode: CERT_MODE, ...ids });
      }
      return async () => {
        for (const u of undos.reverse()) await u();
      };
    },
  };
}
