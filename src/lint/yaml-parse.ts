/** yaml's parser behind a lazy boundary: lint loads it only when a .ftpctl-lint.yaml exists. */
export { parse } from "yaml";
