import { describe, expect, it } from "vitest";
import { debianHost, dir, fakeHostFacts, file, link, special, unreachable, unreadableFile } from "../helpers/fake-facts.js";
import type { FileInfo, Lookup } from "../../src/host/facts.js";

/** What a lookup found, or undefined for "missing" and errors alike. */
const found = (l: Lookup): FileInfo | undefined => (l.state === "found" ? l.info : undefined);

describe("fakeHostFacts", () => {
  const host = fakeHostFacts({
    files: {
      "/srv/data/a.txt": file("A", { uid: 1000, mode: 0o600 }),
      "/srv/up": dir({ uid: 1000, gid: 1000, mode: 0o775 }),
      "/srv/abs": link("/srv/data"),
      "/srv/rel": link("data/a.txt"),
      "/srv/loop": link("/srv/loop"),
      "/dev/null": special({ mode: 0o666 }),
      "/etc/motd": "hi\n",
    },
    users: [{ name: "alice", uid: 1000 }],
    groups: [{ gid: 50, members: ["alice"] }],
  });

  it("creates parent directories, root-owned 0755", () => {
    expect(found(host.lookup("/srv"))).toEqual({ type: "dir", uid: 0, gid: 0, mode: 0o755 });
    expect(found(host.lookup("/"))?.type).toBe("dir");
  });

  it("keeps owner, mode and content", () => {
    expect(found(host.lookup("/srv/data/a.txt"))).toEqual({ type: "file", uid: 1000, gid: 0, mode: 0o600 });
    expect(host.readText("/srv/data/a.txt")).toBe("A");
    expect(host.readText("/etc/motd")).toBe("hi\n");
    expect(found(host.lookup("/etc/motd"))).toMatchObject({ uid: 0, mode: 0o644 });
    expect(found(host.lookup("/dev/null"))?.type).toBe("other");
    expect(host.readText("/srv/up")).toBeUndefined();
  });

  it("reads files, and says why it read nothing", () => {
    const h = fakeHostFacts({ files: { "/etc/key": unreadableFile("EACCES"), "/srv/a": "A", "/dev/null": special(), "/srv/loop": link("/srv/loop") } });
    expect(h.read("/srv/a")).toEqual({ state: "found", text: "A" });
    expect(h.read("/srv/none")).toEqual({ state: "missing" });
    expect(h.read("/srv")).toEqual({ state: "notFile", type: "dir" });
    expect(h.read("/dev/null")).toEqual({ state: "notFile", type: "other" });
    expect(h.read("/etc/key")).toEqual({ state: "error", code: "EACCES" });
    expect(found(h.lookup("/etc/key"))).toMatchObject({ type: "file", mode: 0o600 });
    expect(h.read("/srv/loop")).toEqual({ state: "error", code: "ELOOP" });
    expect(h.readText("/etc/key")).toBeUndefined();
  });

  it("answers as the daemon unless told otherwise, and the resolver can be down", () => {
    expect(host.asDaemon).toBe(true);
    expect(fakeHostFacts({ asDaemon: false }).asDaemon).toBe(false);
    expect(host.resolves("localhost")).toBe(true);
    expect(host.resolves("nowhere.example")).toBe(false);
    expect(fakeHostFacts({ resolverDown: true }).resolves("localhost")).toBeUndefined();
  });

  it("normalises paths", () => {
    expect(found(host.lookup("/srv//data/./a.txt/"))?.type).toBe("file");
    expect(found(host.lookup("/srv/up/../data/a.txt"))?.type).toBe("file");
  });

  it("follows symlinks with stat and in the middle of paths, not with lstat", () => {
    expect(found(host.lookup("/srv/abs/a.txt"))?.uid).toBe(1000);
    expect(host.readText("/srv/rel")).toBe("A");
    expect(found(host.lookupLink("/srv/rel"))?.type).toBe("other");
    expect(found(host.lookupLink("/srv/abs/a.txt"))?.type).toBe("file");
    expect(host.lookup("/srv/loop")).toEqual({ state: "error", code: "ELOOP" });
    expect(found(host.lookupLink("/srv/loop"))?.type).toBe("other");
  });

  it("cannot walk through a file", () => {
    expect(host.lookup("/etc/motd/x")).toEqual({ state: "missing" });
  });

  it("fills in users and groups", () => {
    expect(host.user("alice")).toEqual({ name: "alice", uid: 1000, gid: 1000, home: "/home/alice", shell: "/bin/bash" });
    expect(host.groupsOf(host.user("alice")!)).toEqual([1000, 50]);
    expect(host.shells()).toContain("/bin/bash");
    expect(host.daemonUid).toBe(0);
    expect(host.now().toISOString()).toBe("2025-06-01T00:00:00.000Z");
  });
});

describe("fakeHostFacts lookups and log opens", () => {
  const host = fakeHostFacts({
    files: {
      "/proc/1/fd/1": unreachable("EACCES"),
      "/var/log/loop": link("loop"),
      "/var/log/app.log": "",
      "/run/log.fifo": special({ kind: "fifo", openError: "ENXIO" }),
      "/mnt/ro": dir(),
    },
    mounts: [{ point: "/mnt/ro", fsType: "ext4", readOnly: true }],
  });

  it("tells missing from a lookup error", () => {
    expect(host.lookup("/var/log/none")).toEqual({ state: "missing" });
    expect(host.lookup("/proc/1/fd/1")).toEqual({ state: "error", code: "EACCES" });
    expect(host.lookup("/proc/1/fd/1/below")).toEqual({ state: "error", code: "EACCES" });
    expect(host.lookup("/var/log/loop")).toEqual({ state: "error", code: "ELOOP" });
  });

  it("predicts the log open from the tree and its mounts", () => {
    expect(host.appendOpen("/var/log/app.log")).toEqual({ outcome: "opens" });
    expect(host.appendOpen("/var/log/new.log")).toEqual({ outcome: "creates" });
    expect(host.appendOpen("/run/log.fifo")).toMatchObject({ outcome: "fails", code: "ENXIO", fileType: "fifo" });
    expect(host.appendOpen("/mnt/ro/x.log")).toMatchObject({ outcome: "fails", cause: "readOnly", code: "EROFS" });
    expect(host.appendOpen("/proc/1/fd/1")).toMatchObject({ outcome: "fails", cause: "lookup", code: "EACCES" });
  });
});

describe("debianHost", () => {
  it("looks like a Debian 12 machine with vsftpd", () => {
    const host = debianHost();
    expect(found(host.lookup("t.conf"))).toEqual({ type: "file", uid: 0, gid: 0, mode: 0o600 });
    expect(host.user("ftp")).toMatchObject({ uid: 102, home: "/srv/ftp" });
    expect(found(host.lookup("/srv/ftp"))).toMatchObject({ type: "dir", uid: 0, gid: 105 });
    expect(host.readText("/etc/pam.d/vsftpd")).toContain("pam_shells.so");
    expect(found(host.lookup("/var/run/vsftpd/empty"))?.type).toBe("dir");
    expect(host.appendOpen("/dev/pts/x.log")).toMatchObject({ outcome: "fails", cause: "noCreate", fsType: "devpts" });
  });

  it("takes overrides by path and user name, and removals", () => {
    const host = debianHost({ files: { "/srv/ftp": null, "/etc/extra": "x" }, users: [{ name: "alice", uid: 1234 }], removeUsers: ["nobody"] });
    expect(host.lookup("/srv/ftp")).toEqual({ state: "missing" });
    expect(host.readText("/etc/extra")).toBe("x");
    expect(host.user("alice")?.uid).toBe(1234);
    expect(host.user("nobody")).toBeUndefined();
    expect(host.user("root")?.uid).toBe(0);
  });
});
