/**
 * The declarative profile, as written in ftpctl.yaml. The JSON Schema in
 * schema.ts describes the same shape; keep the two in step (the schema test
 * checks every key here is in the schema).
 */
export type OptionValue = boolean | number | string | null;

export interface PasswordSource {
  readonly file?: string;
  readonly env?: string;
  readonly stdin?: boolean;
}

export interface ProfileUser {
  readonly name: string;
  /** Overrides `jail.enabled` for this user (the chroot list records the exceptions). */
  readonly jailed?: boolean;
  readonly home?: string;
  readonly password?: PasswordSource;
}

export interface ProfileDirectory {
  readonly path: string;
  readonly owner?: string;
  readonly group?: string;
  /** Octal string, e.g. "0755". */
  readonly mode?: string;
}

export interface Profile {
  readonly $schema?: string;
  readonly extends?: readonly string[];
  readonly banner?: string;
  readonly listen?: { readonly address?: string; readonly port?: number; readonly ipv6?: boolean };
  readonly anonymous?: {
    readonly enabled?: boolean;
    readonly root?: string;
    readonly upload?: boolean;
    readonly mkdir?: boolean;
    /** Upload-only incoming directory, relative to the anonymous root. */
    readonly dropbox?: string;
  };
  readonly local?: { readonly enabled?: boolean; readonly write?: boolean; readonly umask?: string; readonly root?: string };
  readonly users?: readonly ProfileUser[];
  readonly jail?: { readonly enabled?: boolean; readonly exceptions?: readonly string[] };
  readonly tls?: {
    readonly enabled?: boolean;
    readonly cert?: string;
    readonly key?: string;
    readonly requireForLogin?: boolean;
    readonly requireForData?: boolean;
    /** allow: anonymous may use TLS; require: must; deny: may not. */
    readonly anonymous?: "allow" | "require" | "deny";
    readonly ciphers?: string;
    readonly reuse?: boolean;
  };
  readonly passive?: { readonly enabled?: boolean; readonly minPort?: number; readonly maxPort?: number; readonly address?: string };
  readonly active?: { readonly enabled?: boolean };
  readonly limits?: {
    readonly maxClients?: number;
    readonly maxPerIp?: number;
    readonly idleTimeout?: number;
    readonly dataTimeout?: number;
    readonly maxLoginFails?: number;
  };
  readonly logging?: { readonly transfers?: boolean };
  readonly directories?: readonly ProfileDirectory[];
  readonly firewall?: { readonly manage?: boolean };
  readonly service?: { readonly manage?: boolean };
  /** The typed escape hatch: any registry option, applied last. */
  readonly vsftpd?: Readonly<Record<string, OptionValue>>;
}
