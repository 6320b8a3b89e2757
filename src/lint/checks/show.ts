/** A config value as it can be quoted in a one-line message: control bytes escaped, as in JSON. */
export function show(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
