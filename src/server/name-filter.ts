/**
 * vsftpd's file name patterns (ls.c, vsf_filename_passes_filter), used for
 * LIST filters, deny_file and hide_file: `*`, `?` and one level of `{a,b}`.
 * It is not fnmatch: a literal after `*` matches at its FIRST occurrence
 * with no backtracking (so `*.txt` does not match `a.txt.txt`), an empty
 * alternative ends a brace list, and after 1000 steps nothing matches.
 */

const MAX_STEPS = 1000;

function passes(name: string, filter: string, steps: { n: number }): boolean {
  let f = filter;
  let rest = name;
  let last = "";
  let anchored = true;
  while (f !== "" && steps.n < MAX_STEPS) {
    steps.n++;
    const m = /[*?{]/.exec(f);
    const needed = m ? f.slice(0, m.index) : f;
    last = m ? m[0] : "";
    f = m ? f.slice(m.index + 1) : "";
    if (needed !== "") {
      const at = rest.indexOf(needed);
      if (at < 0 || (anchored && at > 0)) return false;
      rest = rest.slice(at + needed.length);
    }
    if (last === "?") {
      if (rest === "") return false;
      rest = rest.slice(1);
      anchored = true;
    } else if (last === "{") {
      anchored = true;
      const end = f.indexOf("}");
      if (end >= 0) {
        const alternatives = f.slice(0, end).split(",");
        const after = f.slice(end + 1);
        for (const alt of alternatives) {
          if (alt === "") break;
          if (passes(rest, alt + after, steps)) return true;
        }
        return false;
      }
      if (!rest.startsWith("{")) return false;
      rest = rest.slice(1);
    } else {
      anchored = false;
    }
  }
  if (rest.length > 0 && last !== "*") return false;
  return steps.n !== MAX_STEPS;
}

export function filenamePassesFilter(name: string, filter: string): boolean {
  return passes(name, filter, { n: 0 });
}

/** deny_file and hide_file: the pattern matches, or its text appears anywhere in the name (vsftpd's access.c). */
export function matchesAccessPattern(name: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return false;
  return filenamePassesFilter(name, pattern) || name.includes(pattern);
}
