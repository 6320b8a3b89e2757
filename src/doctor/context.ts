/** What doctor's checks share: the live config's options, the host, and a way to run read-only probes. */
import type { HostFacts } from "../host/facts.js";
import type { Listener } from "../host/listeners.js";
import type { Executor } from "../provision/executor.js";
import type { OptionGetter } from "../server/options.js";
import type { Distro } from "../vsftpd/option-spec.js";

export interface DoctorContext {
  /** The config vsftpd runs with (the distro's vsftpd.conf, or --config). */
  readonly configPath: string;
  readonly configBytes: Uint8Array;
  readonly get: OptionGetter;
  readonly distro: Distro;
  readonly host: HostFacts;
  /** Read-only probes (systemctl is-active, iptables -S): never a change. */
  readonly exec: Executor;
  /** The FTP users to check: the profile's, else userlist_file's when it lists who may log in. */
  readonly users: readonly string[];
  /** Files under /proc, /etc: read through here so tests can point elsewhere. */
  readonly procRoot: string;
  /** Who listens on a port, when not this machine's /proc (a server reached with --ssh). */
  readonly listeners?: (port: number) => Promise<Listener[]>;
  /** Whether the host is a container, when not this machine (--ssh). */
  readonly inContainer?: () => Promise<boolean>;
}
