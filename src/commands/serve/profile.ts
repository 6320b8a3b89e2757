/**
 * `ftpctl serve PROFILE`: the profile half of serve, which run.ts
 * imports only when given a profile, so a plain vsftpd.conf starts without
 * the profile machinery (more than half of serve's bundle). Loading and
 * reporting live in one module: a ProfileError is recognised by the copy of
 * its class that threw it.
 */
import type { Io } from "../../core/io.js";
import { ProfileError } from "../../profile/errors.js";
import { reportProfileError } from "../profile-report.js";

export { loadServedConfig } from "../../server/config.js";

/** A bad profile's report and exit code; undefined for any other error. */
export function reportProfileFailure(err: unknown, io: Io): number | undefined {
  return err instanceof ProfileError ? reportProfileError(err, io) : undefined;
}
