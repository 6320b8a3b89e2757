import type { Interpreted } from "../../vsftpd/interpret.js";
import { show } from "./show.js";

/** A uint setting as written, with the number vsftpd read when the two differ ("070000 (read as 28672)"). */
export function uintText(it: Interpreted): string {
  const written = show(it.setting.value ?? "");
  return String(it.value) === written ? written : `${written} (read as ${String(it.value)})`;
}
