import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planCommand, type PlanCommandOptions } from "../../src/commands/plan/run.js";
import { captureIo } from "./helpers.js";

describe("plan --json when the plan cannot be made", () => {
  const dir = mkdtempSync(join(tmpdir(), "ftpctl-json-err-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const o = (file: string): PlanCommandOptions => ({
    file,
    set: [],
    distro: "debian",
    root: dir,
    only: [],
    json: true,
    detailedExitcode: false,
    color: false,
  });

  it("still prints one JSON document for a missing profile", async () => {
    const io = captureIo();
    expect(await planCommand(o(join(dir, "missing.yaml")), io)).toBe(2);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, error: expect.stringContaining("no such profile file") });
  });

  it("lists an invalid profile's problems with their locations", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "listen:\n  port: banana\n");
    const io = captureIo();
    expect(await planCommand(o(file), io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(doc.ok).toBe(false);
    expect(doc.problems[0]).toMatchObject({ pointer: "/listen/port", location: `${file}:2:9` });
  });
});
