import type { Formatter } from "./index.js";

// Placeholder until the sarif formatter lands.
const format: Formatter = (results) => JSON.stringify(results.map((r) => r.findings));
export default format;
