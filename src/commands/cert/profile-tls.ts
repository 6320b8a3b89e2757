/**
 * A profile's tls.cert and tls.key. Its own file, imported only for
 * --profile: the profile loader (YAML, schema) is most of a bundle that
 * `cert generate` rarely needs, and keeping the loader and the error
 * report in one bundle keeps `instanceof ProfileError` true.
 */
import type { Io } from "../../core/io.js";
import { ExitError } from "../../core/errors.js";
import { ProfileError } from "../../profile/errors.js";
import { loadProfile } from "../../profile/load.js";
import { reportProfileError } from "../profile-report.js";

export function profileTls(file: string, io: Io): { readonly cert?: string; readonly key?: string } {
  try {
    const tls = loadProfile(file).profile.tls;
    return { ...(tls?.cert ? { cert: tls.cert } : {}), ...(tls?.key ? { key: tls.key } : {}) };
  } catch (err) {
    if (!(err instanceof ProfileError)) throw err;
    // The problems are printed with their file:line:col; the exit code is all that is left to say.
    throw new ExitError(reportProfileError(err, io));
  }
}
