/**
 * `--json` when the command cannot run at all (an unreadable file, a target
 * it refuses to replace): standard output still gets one JSON document, so a
 * script reading it never parses text, and standard error the one line
 * anyone else would see. The same shape plan and apply print: `ok: false`
 * and the message.
 */
import type { Io } from "../core/io.js";
import { FtpctlError } from "../core/errors.js";

export function jsonFailure(err: unknown, io: Io, fields: Readonly<Record<string, unknown>> = {}): number {
  if (!(err instanceof FtpctlError)) throw err;
  io.stderr(`ftpctl: ${err.message}\n`);
  io.stdout(`${JSON.stringify({ ...fields, ok: false, error: err.message }, null, 2)}\n`);
  return err.exitCode;
}

/** Runs `run`; under `json`, a typed failure becomes one JSON document (see above). */
export async function withJsonErrors(json: boolean, io: Io, fields: Readonly<Record<string, unknown>>, run: () => number | Promise<number>): Promise<number> {
  if (!json) return run();
  try {
    return await run();
  } catch (err) {
    return jsonFailure(err, io, fields);
  }
}
