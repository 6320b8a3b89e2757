/**
 * The profile's JSON Schema (draft 2020-12). The `vsftpd` escape hatch is
 * generated from the option registry, so every option the registry knows is
 * typed and documented for editors. scripts/gen-profile-schema.mjs writes it
 * to schemas/profile.schema.json and compiles the standalone validator.
 */
import { OPTIONS, PATH_BYTES, TEXT_BYTES } from "../vsftpd/options.js";
import type { OptionSpec } from "../vsftpd/option-spec.js";

export const SCHEMA_ID = "https://ftpctl.dev/schemas/profile.schema.json";

/**
 * A string vsftpd.conf can hold safely: no newline, CR or NUL (each would
 * end the line and inject a setting) and no leading or trailing whitespace
 * (vsftpd keeps it as part of the value).
 */
const SAFE = "^(?:[^\\s\\x00]|[^\\s\\x00][^\\n\\r\\x00]*[^\\s\\x00])$";
/** No "." or ".." component: a path says where it points, and cannot climb out of the directory it names something in. */
const NO_DOTS = "(?!(?:.*/)?\\.\\.?(?:/|$))";
/** An absolute path, written plainly. */
export const ABSOLUTE = `^${NO_DOTS}/(?:[^\\s\\x00]|[^\\n\\r\\x00]*[^\\s\\x00])$`;
/** A path inside another directory: relative, and staying inside. */
export const RELATIVE = `^${NO_DOTS}(?!/)(?:[^\\s\\x00]|[^\\s\\x00][^\\n\\r\\x00]*[^\\s\\x00])$`;

/** The registry's limit for the option a field renders to. */
const bytesOf = (option: string): number => {
  const limit = OPTIONS.find((o) => o.name === option)?.maxBytes;
  if (limit === undefined) throw new Error(`no length limit for ${option} in the registry`);
  return limit;
};
// maxLength counts characters, the registry bytes: the schema's limit is what an editor can
// check, and the profile layer checks the bytes of what it renders (cross-checks.ts).
const safe = (description: string, option: string) => ({ type: "string", pattern: SAFE, maxLength: bytesOf(option), description });
const path = (description: string, option?: string) => ({ type: "string", pattern: ABSOLUTE, maxLength: option ? bytesOf(option) : PATH_BYTES, description });
const relative = (description: string) => ({ type: "string", pattern: RELATIVE, maxLength: PATH_BYTES, description });
const port = (description: string) => ({ type: "integer", minimum: 1, maximum: 65535, description });
const bool = (description: string) => ({ type: "boolean", description });
const seconds = (description: string) => ({ type: "integer", minimum: 0, maximum: 4294967295, description });
const octal = (description: string) => ({ type: "string", pattern: "^0[0-7]{1,4}$", description });

/** One shared definition per kind (and per string length limit) keeps the compiled validator small. */
function kindDefs(): Record<string, unknown> {
  const defs: Record<string, unknown> = {
    bool: { type: "boolean" },
    uint: { type: "integer", minimum: 0, maximum: 4294967295 },
    mode: { type: "string", pattern: "^0[0-7]{1,4}$" },
  };
  for (const o of OPTIONS) if (o.kind === "string") defs[defName(o)] = { anyOf: [{ type: "string", pattern: SAFE, maxLength: o.maxBytes ?? TEXT_BYTES }, { type: "null" }] };
  return defs;
}

const defName = (o: OptionSpec): string => (o.kind === "string" ? `string${o.maxBytes ?? TEXT_BYTES}` : o.kind);

function optionSchema(o: OptionSpec): Record<string, unknown> {
  const note = o.kind === "mode" ? ' Write it as a quoted octal string, e.g. "022".' : o.kind === "string" ? " null unsets it." : "";
  return { $ref: `#/$defs/${defName(o)}`, description: o.doc + note };
}

export const USER_NAME = "^[a-z_][a-z0-9_-]{0,30}\\$?$";

export function profileSchema(): Record<string, unknown> {
  const vsftpdProps = Object.fromEntries(OPTIONS.map((o) => [o.name, optionSchema(o)]));
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_ID,
    title: "ftpctl profile",
    description: "A declarative vsftpd server: ftpctl renders, lints and provisions it.",
    type: "object",
    additionalProperties: false,
    $defs: kindDefs(),
    properties: {
      $schema: { type: "string", pattern: SAFE, maxLength: TEXT_BYTES, description: "The schema's URL, for editors." },
      extends: {
        type: "array",
        items: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
        description: "Built-in profiles to start from, composed in order (anonymous, local, jailed, ftps, dropbox).",
      },
      banner: safe("Text of the 220 greeting (ftpd_banner).", "ftpd_banner"),
      listen: {
        type: "object",
        additionalProperties: false,
        properties: {
          address: safe("Numeric address to bind (IPv4 literal, or IPv6 literal when ipv6 is true).", "listen_address"),
          port: port("Control port (listen_port)."),
          ipv6: bool("Listen on an IPv6 socket, which on Linux also accepts IPv4 (listen_ipv6)."),
        },
      },
      anonymous: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: bool("Allow anonymous logins (anonymous_enable)."),
          root: path("Directory anonymous sessions are jailed in (anon_root); must not be writable by the ftp user.", "anon_root"),
          upload: bool("Let anonymous users upload (anon_upload_enable; also turns on write_enable)."),
          mkdir: bool("Let anonymous users create directories (anon_mkdir_write_enable)."),
          dropbox: relative("Upload-only incoming directory, relative to the anonymous root and inside it: uploads are accepted but cannot be listed or downloaded."),
        },
      },
      local: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: bool("Allow local (system) users to log in (local_enable)."),
          write: bool("Let local users change files (write_enable)."),
          umask: octal('umask for files local users create (local_umask), as a quoted octal string such as "022".'),
          root: path("Directory local users start in, or are jailed in (local_root); $USER is replaced by the user name.", "local_root"),
        },
      },
      users: {
        type: "array",
        description: "FTP accounts ftpctl manages.",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: {
            name: { type: "string", pattern: USER_NAME, description: "A valid Linux user name." },
            jailed: bool("Jail this user even if jail.enabled is false, or exempt them if it is true."),
            home: path("Home directory."),
            password: {
              type: "object",
              additionalProperties: false,
              minProperties: 1,
              maxProperties: 1,
              description: "Where apply reads the password; it never appears on a command line or in output.",
              properties: {
                file: path("A file readable only by root holding the password."),
                env: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "An environment variable holding the password." },
                stdin: { const: true, description: "Read the password from standard input." },
              },
            },
          },
        },
      },
      jail: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: bool("Jail (chroot) local users in their root (chroot_local_user)."),
          exceptions: { type: "array", items: { type: "string", pattern: USER_NAME }, description: "Users NOT jailed; written to the chroot list." },
        },
      },
      tls: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: bool("Offer explicit FTPS, AUTH TLS (ssl_enable)."),
          cert: path("PEM certificate (rsa_cert_file).", "rsa_cert_file"),
          key: path("PEM private key (rsa_private_key_file).", "rsa_private_key_file"),
          requireForLogin: bool("Local users must use TLS before sending a password (force_local_logins_ssl)."),
          requireForData: bool("Local users' data connections must use TLS (force_local_data_ssl)."),
          anonymous: { enum: ["allow", "require", "deny"], description: "Whether anonymous users may, must or may not use TLS." },
          ciphers: safe("OpenSSL cipher list for TLS 1.2 and below (ssl_ciphers).", "ssl_ciphers"),
          reuse: bool("Require TLS session reuse on data connections (require_ssl_reuse); some clients cannot do it."),
        },
      },
      passive: {
        type: "object",
        additionalProperties: false,
        properties: {
          enabled: bool("Allow passive (PASV/EPSV) data connections (pasv_enable)."),
          minPort: { type: "integer", minimum: 1025, maximum: 65534, description: "Lowest passive port (pasv_min_port); vsftpd ignores values up to 1024." },
          maxPort: { type: "integer", minimum: 1025, maximum: 65534, description: "Highest passive port (pasv_max_port); vsftpd ignores 65535." },
          address: safe("IPv4 address to advertise in PASV replies, for servers behind NAT (pasv_address).", "pasv_address"),
        },
      },
      active: {
        type: "object",
        additionalProperties: false,
        properties: { enabled: bool("Allow active (PORT/EPRT) data connections (port_enable).") },
      },
      limits: {
        type: "object",
        additionalProperties: false,
        properties: {
          maxClients: seconds("Maximum concurrent sessions, 0 for no limit (max_clients)."),
          maxPerIp: seconds("Maximum concurrent sessions per client address (max_per_ip)."),
          idleTimeout: seconds("Seconds an idle session is kept (idle_session_timeout)."),
          dataTimeout: seconds("Seconds a stalled transfer is kept (data_connection_timeout)."),
          maxLoginFails: seconds("Failed logins before the session is closed (max_login_fails)."),
        },
      },
      logging: {
        type: "object",
        additionalProperties: false,
        properties: { transfers: bool("Log uploads and downloads (xferlog_enable).") },
      },
      directories: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["path"],
          properties: {
            path: path("Directory to create."),
            owner: { type: "string", pattern: USER_NAME },
            group: { type: "string", pattern: USER_NAME },
            mode: octal('Mode as a quoted octal string, e.g. "0755".'),
          },
        },
      },
      firewall: { type: "object", additionalProperties: false, properties: { manage: bool("Let apply open the control port and passive range.") } },
      service: { type: "object", additionalProperties: false, properties: { manage: bool("Let apply enable and restart vsftpd.") } },
      vsftpd: {
        type: "object",
        additionalProperties: false,
        description: "Raw vsftpd options, applied last. Typed from the option registry.",
        properties: vsftpdProps,
      },
    },
  };
}
