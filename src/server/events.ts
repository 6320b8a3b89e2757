/** What a server tells its caller about sessions: one event per line `ftpctl serve` prints. Never a password. */
export type ServerEvent =
  | { readonly type: "connect"; readonly session: number; readonly address: string }
  | { readonly type: "login"; readonly session: number; readonly user: string; readonly anonymous: boolean }
  | { readonly type: "login-failed"; readonly session: number; readonly user: string }
  | { readonly type: "transfer"; readonly session: number; readonly direction: "download" | "upload"; readonly path: string; readonly bytes: number; readonly ok: boolean }
  | { readonly type: "refused"; readonly session: number; readonly command: string; readonly code: number; readonly text: string }
  | { readonly type: "disconnect"; readonly session: number };

export type EventSink = (event: ServerEvent) => void;

/** One line for a terminal or log; no quoting is needed because paths come from the session's own jail view. */
export function formatEvent(e: ServerEvent): string {
  switch (e.type) {
    case "connect": return `[${e.session}] connect from ${e.address}`;
    case "login": return `[${e.session}] login ${e.anonymous ? "anonymous" : e.user}`;
    case "login-failed": return `[${e.session}] login failed for ${JSON.stringify(e.user)}`;
    case "transfer": return `[${e.session}] ${e.direction} ${e.ok ? "ok" : "failed"} ${e.path} ${e.bytes} bytes`;
    case "refused": return `[${e.session}] refused ${e.command}: ${e.code} ${e.text}`;
    case "disconnect": return `[${e.session}] disconnect`;
  }
}
