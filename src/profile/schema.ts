/**
 * The profile's JSON Schema (draft 2020-12). The `vsftpd` escape hatch is
 * generated from the option registry, so every option the registry knows is
 * typed and documented for editors. scripts/gen-profile-schema.mjs writes it
 * to schemas/profile.schema.json and compiles the standalone validator.
 */
import { OPTIONS, PATH_BYTES, TEXT_BYTES } from "../vsftpd/options.js";
import type { OptionSpec } from "../vsftpd/option-spec.js";
import { DEFAULT_CIPHERS, DEFAULT_PASSIVE } from "./to-options.js";

export const SCHEMA_ID = "https://ftpctl.dev/schemas/profile.schema.json";

/**
 * A string vsftpd.conf can hold safely: no newline, CR or NUL (each would
 * end the line and inject a setting) and no leading or trailing whitespace
 * (vsftpd keeps it as part of the value).
 */
export const SAFE = "^(?:[^\\s\\x00]|[^\\s\\x00][^\\n\\r\\x00]*[^\\s\\x00])$";
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
/**
 * A key's default (what the profile layer uses when the key is absent; test/profile/reference.test.ts
 * checks it against to-options.ts) and one example, for editors and docs/profiles.md.
 */
const ex = <T extends object>(schema: T, example: unknown, def?: unknown) => ({ ...schema, ...(def !== undefined ? { default: def } : {}), examples: [example] });

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
      $schema: ex({ type: "string", pattern: SAFE, maxLength: TEXT_BYTES, description: "The schema's URL, for editors." }, SCHEMA_ID),
      extends: ex(
        {
          type: "array",
          items: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
          description: "Built-in profiles to start from, composed in order (anonymous, local, jailed, ftps, dropbox).",
        },
        ["local", "jailed", "ftps"],
        [],
      ),
      banner: ex(safe("Text of the 220 greeting (ftpd_banner); unset, vsftpd greets with its name and version.", "ftpd_banner"), "Authorised use only."),
      listen: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Where the control connection is accepted.",
          properties: {
            address: ex(safe("Numeric address to bind (IPv4 literal, or IPv6 literal when ipv6 is true); unset, every address.", "listen_address"), "192.0.2.10"),
            port: ex(port("Control port (listen_port)."), 2121, 21),
            ipv6: ex(bool("Listen on an IPv6 socket, which on Linux also accepts IPv4 (listen_ipv6)."), true, false),
          },
        },
        { port: 2121 },
      ),
      anonymous: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Anonymous logins (user names ftp and anonymous).",
          properties: {
            enabled: ex(bool("Allow anonymous logins (anonymous_enable)."), true, false),
            root: ex(path("Directory anonymous sessions are jailed in (anon_root); must not be writable by the ftp user. Unset, the ftp user's home.", "anon_root"), "/srv/ftp"),
            upload: ex(bool("Let anonymous users upload (anon_upload_enable; also turns on write_enable)."), true, false),
            mkdir: ex(bool("Let anonymous users create directories (anon_mkdir_write_enable)."), true, false),
            dropbox: ex(relative("Upload-only incoming directory, relative to the anonymous root and inside it: uploads are accepted but cannot be listed or downloaded."), "incoming"),
          },
        },
        { enabled: true, root: "/srv/ftp" },
      ),
      local: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Logins by local (system) users, with their system passwords.",
          properties: {
            enabled: ex(bool("Allow local (system) users to log in (local_enable)."), true, false),
            write: ex(bool("Let local users change files (write_enable)."), true, false),
            umask: ex(octal('umask for files local users create (local_umask), as a quoted octal string such as "022".'), "027", "022"),
            root: ex(path("Directory local users start in, or are jailed in (local_root); $USER is replaced by the user name. Unset, each user's home.", "local_root"), "/srv/ftp-users/$USER"),
          },
        },
        { enabled: true, write: true },
      ),
      users: ex(
        {
          type: "array",
          description: "FTP accounts ftpctl manages; with users listed, only they may log in (the user list is an allow-list).",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name"],
            properties: {
              name: ex({ type: "string", pattern: USER_NAME, description: "A valid Linux user name." }, "alice"),
              jailed: ex(bool("Jail this user even if jail.enabled is false, or exempt them if it is true. Unset, jail.enabled decides."), true),
              home: ex(path("Home directory. Unset, local.root for this user when it names $USER, else /home/<name>."), "/srv/ftp/alice"),
              password: ex(
                {
                  type: "object",
                  additionalProperties: false,
                  minProperties: 1,
                  maxProperties: 1,
                  description: "Where apply reads the password (one of file, env, stdin); it never appears on a command line or in output. Unset, a new account stays locked (it cannot log in) and an existing account's password is left alone.",
                  properties: {
                    file: ex(path("A file readable only by root holding the password."), "/root/alice.password"),
                    env: ex({ type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$", description: "An environment variable holding the password." }, "ALICE_PASSWORD"),
                    stdin: ex({ const: true, description: "Read the password from standard input." }, true),
                  },
                },
                { file: "/root/alice.password" },
              ),
            },
          },
        },
        [{ name: "alice", password: { file: "/root/alice.password" } }],
        [],
      ),
      jail: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "chroot jails for local users.",
          properties: {
            enabled: ex(bool("Jail (chroot) local users in their root (chroot_local_user)."), true, false),
            exceptions: ex({ type: "array", items: { type: "string", pattern: USER_NAME }, description: "Users NOT jailed; written to the chroot list." }, ["admin"], []),
          },
        },
        { enabled: true, exceptions: ["admin"] },
      ),
      tls: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Explicit FTPS (AUTH TLS).",
          properties: {
            enabled: ex(bool("Offer explicit FTPS, AUTH TLS (ssl_enable); needs cert."), true, false),
            cert: ex(path("PEM certificate (rsa_cert_file).", "rsa_cert_file"), "/etc/ssl/certs/vsftpd.pem"),
            key: ex(path("PEM private key (rsa_private_key_file); unset, vsftpd reads the key from the certificate file.", "rsa_private_key_file"), "/etc/ssl/private/vsftpd.key"),
            requireForLogin: ex(bool("Local users must use TLS before sending a password (force_local_logins_ssl)."), false, true),
            requireForData: ex(bool("Local users' data connections must use TLS (force_local_data_ssl)."), false, true),
            anonymous: ex({ enum: ["allow", "require", "deny"], description: "Whether anonymous users may, must or may not use TLS." }, "require", "deny"),
            ciphers: ex(safe("OpenSSL cipher list for TLS 1.2 and below (ssl_ciphers).", "ssl_ciphers"), "ECDHE+AESGCM:!aNULL", DEFAULT_CIPHERS),
            reuse: ex(bool("Require TLS session reuse on data connections (require_ssl_reuse); some clients cannot do it."), true, false),
          },
        },
        { enabled: true, cert: "/etc/ssl/certs/vsftpd.pem", key: "/etc/ssl/private/vsftpd.key" },
      ),
      passive: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Passive data connections, and the port range a firewall must open for them.",
          properties: {
            enabled: ex(bool("Allow passive (PASV/EPSV) data connections (pasv_enable)."), false, true),
            minPort: ex({ type: "integer", minimum: 1025, maximum: 65534, description: "Lowest passive port (pasv_min_port); vsftpd ignores values up to 1024. Set both ports or neither." }, 50000, DEFAULT_PASSIVE.minPort),
            maxPort: ex({ type: "integer", minimum: 1025, maximum: 65534, description: "Highest passive port (pasv_max_port); vsftpd ignores 65535. Set both ports or neither." }, 50100, DEFAULT_PASSIVE.maxPort),
            address: ex(safe("IPv4 address to advertise in PASV replies, for servers behind NAT (pasv_address); unset, the control connection's address.", "pasv_address"), "203.0.113.7"),
          },
        },
        { minPort: 50000, maxPort: 50100 },
      ),
      active: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Active data connections, which the server opens to the client.",
          properties: { enabled: ex(bool("Allow active (PORT/EPRT) data connections (port_enable)."), true, false) },
        },
        { enabled: true },
      ),
      limits: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Session limits; each unset one keeps vsftpd's default.",
          properties: {
            maxClients: ex(seconds("Maximum concurrent sessions, 0 for no limit (max_clients)."), 50),
            maxPerIp: ex(seconds("Maximum concurrent sessions per client address, 0 for no limit (max_per_ip)."), 5),
            idleTimeout: ex(seconds("Seconds an idle session is kept (idle_session_timeout)."), 600),
            dataTimeout: ex(seconds("Seconds a stalled transfer is kept (data_connection_timeout)."), 120),
            maxLoginFails: ex(seconds("Failed logins before the session is closed (max_login_fails)."), 5),
          },
        },
        { maxClients: 50, maxPerIp: 5 },
      ),
      logging: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "What vsftpd logs.",
          properties: { transfers: ex(bool("Log uploads and downloads (xferlog_enable)."), false, true) },
        },
        { transfers: false },
      ),
      directories: ex(
        {
          type: "array",
          description: "Directories apply creates, with their owner, group and mode.",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["path"],
            properties: {
              path: ex(path("Directory to create."), "/srv/ftp/pub"),
              owner: ex({ type: "string", pattern: USER_NAME, description: "Owning user; unset, any owner is left as it is." }, "root"),
              group: ex({ type: "string", pattern: USER_NAME, description: "Owning group; unset, any group is left as it is." }, "ftp"),
              mode: ex(octal('Mode as a quoted octal string, e.g. "0755"; unset, any mode is left as it is.'), "0755"),
            },
          },
        },
        [{ path: "/srv/ftp/pub", owner: "root", group: "root", mode: "0755" }],
        [],
      ),
      firewall: ex(
        { type: "object", additionalProperties: false, description: "The firewall rules apply manages.", properties: { manage: ex(bool("Let apply open the control port and passive range; false removes the rules it added earlier."), false, true) } },
        { manage: false },
      ),
      service: ex(
        { type: "object", additionalProperties: false, description: "The vsftpd service.", properties: { manage: ex(bool("Let apply enable and restart vsftpd."), false, true) } },
        { manage: false },
      ),
      vsftpd: ex(
        {
          type: "object",
          additionalProperties: false,
          description: "Raw vsftpd options, applied last. Typed from the option registry.",
          properties: vsftpdProps,
        },
        { max_login_fails: 2 },
      ),
    },
  };
}
