import type { Argv } from "yargs";
import { DISTRO_CHOICES } from "../../vsftpd/option-spec.js";

/** A flag given twice arrives as an array, whatever its declared type; the last one wins, as in most Unix tools. */
export function last<T>(v: T): T {
  return Array.isArray(v) ? (v[v.length - 1] as T) : v;
}

export const KEY_TYPES = ["rsa", "ec"] as const;

export const nameOptions = <T>(y: Argv<T>) =>
  y
    .option("cn", { type: "string", describe: "common name (default: this host's FQDN); always also written as a subjectAltName" })
    .option("san", { type: "string", array: true, default: [] as string[], describe: "another name clients may dial: DNS:name or IP:address (repeatable)" });

export const keyOptions = <T>(y: Argv<T>) =>
  y
    .option("key-type", { choices: KEY_TYPES, default: "rsa" as const, describe: "rsa, or ec for a P-256 key" })
    .option("bits", { type: "number", describe: "RSA key size: 2048, 3072 (default) or 4096" });

export function commonOptions<T>(y: Argv<T>) {
  return y
    .option("force", { type: "boolean", default: false, describe: "replace existing regular files (never a link), keeping each old one as <file>.bak with its mode and owner" })
    .option("profile", { type: "string", describe: "take the paths from this profile's tls.cert and tls.key" })
    .option("distro", { choices: DISTRO_CHOICES, default: "auto" as const, describe: "whose default paths to use; auto reads /etc/os-release" })
    .option("json", { type: "boolean", default: false, describe: "print the result as JSON" });
}

/** What generate's and csr's flags both become: the name, the key and where the paths come from. */
export function keyAndNameArgs(a: {
  readonly cn?: string | string[] | undefined;
  readonly san: string[];
  readonly keyType: string | string[];
  readonly bits?: number | number[] | undefined;
  readonly key?: string | string[] | undefined;
  readonly force: boolean;
  readonly profile?: string | string[] | undefined;
  readonly distro: string | string[];
  readonly json: boolean;
}) {
  return {
    cn: last(a.cn) as string | undefined,
    san: a.san,
    keyType: last(a.keyType) as string | undefined,
    bits: last(a.bits) as number | undefined,
    key: last(a.key) as string | undefined,
    force: a.force === true,
    profile: last(a.profile) as string | undefined,
    distro: (last(a.distro) as string | undefined) ?? "auto",
    json: a.json === true,
  };
}
