/**
 * Files the operator names for a server reached with --ssh (the config
 * lint and doctor judge, /etc/os-release for --distro auto) are read on
 * the server, with the same limits and checks as local files.
 */
import { InputError } from "../core/errors.js";
import { distroFromOsRelease } from "../host/distro.js";
import { checkConfigShape, checkText, MAX_INPUT_BYTES } from "../lint/source.js";
import type { Executor } from "../provision/executor.js";
import type { Distro } from "../vsftpd/option-spec.js";

/** A config file on the server, refused unless it is text vsftpd could read (as readConfigFile). */
export async function readRemoteConfig(exec: Executor, file: string): Promise<Uint8Array> {
  let bytes: Buffer | undefined;
  try {
    bytes = await exec.readFile(file);
  } catch (err) {
    const reason = (err as Error).message.replace(`${file}: cannot read: `, "");
    throw new InputError(file, reason);
  }
  if (bytes === undefined) throw new InputError(file, "no such file (on the server)");
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(file, `larger than ${MAX_INPUT_BYTES / 2 ** 20} MiB, too large for a vsftpd config`);
  checkText(file, bytes);
  checkConfigShape(file, bytes);
  return bytes;
}

/** The server's build, from its /etc/os-release (upstream when it has none). */
export async function remoteDistro(exec: Executor): Promise<Distro> {
  const text = await exec.readFile("/etc/os-release").catch(() => undefined);
  return text !== undefined ? distroFromOsRelease(text.toString("utf8")) : "upstream";
}
