/**
 * The effective vsftpd options a server runs with, from a profile or a
 * vsftpd.conf, through the same code `lint`, `render` and `explain` use:
 * a profile is rendered and the rendered text is read back by vsftpd's
 * interpreter, so both inputs reach the server the same way. A config
 * vsftpd would refuse (a lint error) is refused here with that finding.
 */
import { checkRendered, renderPipeline, runPipeline } from "../profile/pipeline.js";
import { isProfilePath } from "../profile/profile-path.js";
import type { Distro } from "../vsftpd/option-spec.js";
import { configFromBytes, plainServedConfig, type ServedConfig } from "./plain-config.js";

export { configFromBytes, RefusedConfigError, type ServedConfig } from "./plain-config.js";

/** A profile (YAML/JSON) or a vsftpd.conf; none: the build's compiled defaults. */
export function loadServedConfig(file: string | undefined, o: { set?: readonly string[]; distro: Distro }): ServedConfig {
  if (file === undefined || !isProfilePath(file)) return plainServedConfig(file, o.distro);
  const p = runPipeline(file, { ...(o.set ? { set: o.set } : {}), distro: o.distro });
  const rendered = renderPipeline(p, "serve");
  checkRendered(p, rendered);
  return configFromBytes(file, Buffer.from(rendered.text), o.distro);
}
