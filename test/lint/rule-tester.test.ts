/**
 * The rule tester is as strict as ESLint's RuleTester: a wrong messageId
 * fails even where the message templates begin with a placeholder, and a
 * fixable rule's invalid case must say what the fix produces.
 */
import { describe, expect, it } from "vitest";
import VSF104 from "../../src/lint/rules/VSF104-trailing-whitespace.js";
import VSF202 from "../../src/lint/rules/VSF202-listen-neither.js";
import type { Rule } from "../../src/lint/rule.js";
import { checkInvalidShape, verifyInvalid, type InvalidCase } from "../helpers/rule-tester.js";

/** The rules with their message ids erased, for cases the type checker would refuse. */
const loose202: Rule = VSF202;
const loose104: Rule = VSF104;

describe("rule tester", () => {
  it("compares messageIds exactly, even when a template starts with a placeholder", () => {
    // inetdMode's template is "{listen} and ...": a prefix check would accept any message.
    expect(VSF202.messages.inetdMode.startsWith("{")).toBe(true);
    expect(() => verifyInvalid(VSF202, { conf: "", errors: [{ messageId: "listenDefault" }] })).not.toThrow();
    expect(() => verifyInvalid(VSF202, { conf: "", errors: [{ messageId: "inetdMode" }] })).toThrow(/messageIds/);
  });

  it("refuses an expected finding without a messageId", () => {
    const bare = { conf: "", errors: [{ line: 1 }] } as unknown as InvalidCase;
    expect(() => checkInvalidShape(loose202, bare)).toThrow(/without messageId/);
  });

  it("refuses a messageId the rule does not have", () => {
    // Never called: a table naming a message the rule lacks does not compile either.
    const typed = () =>
      // @ts-expect-error "inetMode" is not one of VSF202's message ids
      checkInvalidShape(VSF202, { conf: "", errors: [{ messageId: "inetMode" }] });
    void typed;
    const typo = { conf: "", errors: [{ messageId: "inetMode" }] } as InvalidCase;
    expect(() => checkInvalidShape(loose202, typo)).toThrow(/no message inetMode/);
  });

  it("refuses an invalid case of a fixable rule without output, and output for a rule that cannot fix", () => {
    const c: InvalidCase = { conf: "listen=YES \n", errors: [{ messageId: "refused" }] };
    expect(() => checkInvalidShape(loose104, c)).toThrow(/without output/);
    expect(() => checkInvalidShape(VSF202, { conf: "", errors: [{ messageId: "listenDefault" }], output: "" })).toThrow(/not fixable/);
  });

  it("checks the output, and null means the fixes leave the text alone", () => {
    expect(() => verifyInvalid(VSF104, { conf: "listen=YES \n", errors: [{ messageId: "refused" }], output: "listen=YES\n" })).not.toThrow();
    expect(() => verifyInvalid(VSF104, { conf: "listen=YES \n", errors: [{ messageId: "refused" }], output: null })).toThrow(/output/);
  });
});
