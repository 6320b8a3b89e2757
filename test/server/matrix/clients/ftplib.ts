/**
 * Python 3's ftplib (FTP, or FTP_TLS with PROT P), run by Debian's
 * /usr/bin/python3. The script reads its orders, password included, as
 * JSON on stdin and prints one JSON object: command → [allowed, code].
 */
import { execa } from "execa";
import { LOCAL, REMOTE, scriptOrder, type Driver, type Outcome } from "../target.js";
import type { Command } from "../table.js";

export const PYTHON = "/usr/bin/python3";

const SCRIPT = String.raw`
import ftplib, json, os, ssl, sys
o = json.load(sys.stdin)
out = {}
def code(e):
    s = str(e)[:3]
    return int(s) if s.isdigit() else None
try:
    if o.get("ca"):
        f = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=o["ca"]), timeout=10)
    else:
        f = ftplib.FTP(timeout=10)
    f.connect("127.0.0.1", o["port"])
    f.login(o["user"], o["password"])
    if o.get("ca"):
        f.prot_p()
    refused = None
except ftplib.all_errors as e:
    refused = [False, code(e)]
local = lambda n: os.path.join(o["local"], n)
def get(name):
    with open(local(name), "wb") as fh:
        f.retrbinary("RETR " + name, fh.write)
def put(name):
    with open(local(name), "rb") as fh:
        f.storbinary("STOR " + name, fh)
def mget():
    names = [n for n in f.nlst("m*.txt") if n in ("m1.txt", "m2.txt")]
    if len(names) < 2:
        raise ftplib.error_perm("--- no files to get")
    for n in names:
        get(n)
R = o["remote"]
ops = {
    "pwd": lambda: f.pwd(),
    "cd": lambda: f.cwd(o["dir"]),
    "ls": lambda: f.retrlines("LIST", lambda l: None),
    "get": lambda: get(R["get"]),
    "mget": mget,
    "put": lambda: put(o["put"]),
    "mput": lambda: [put(n) for n in o["mput"]],
    "delete": lambda: f.delete(R["del"]),
    "mkdir": lambda: f.mkd(R["mkdir"]),
    "rmdir": lambda: f.rmd(R["rmdir"]),
    "binary": lambda: f.sendcmd("TYPE I"),
    "ascii": lambda: f.sendcmd("TYPE A"),
}
for c in o["commands"]:
    if refused:
        out[c] = refused
        continue
    try:
        ops[c]()
        out[c] = [True, None]
    except ftplib.all_errors as e:
        out[c] = [False, code(e)]
print(json.dumps(out))
`;

export const ftplib: Driver = async (t, commands) => {
  const orders = { port: t.port, user: t.user, password: t.password, dir: t.dir, local: t.local, ca: t.caFile, commands: scriptOrder(commands), remote: REMOTE, put: LOCAL.put, mput: LOCAL.mput };
  const r = await execa(PYTHON, ["-c", SCRIPT], { input: JSON.stringify(orders), reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`ftplib driver failed: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as Record<string, [boolean, number | null]>;
  return new Map(commands.map((c): [Command, Outcome] => {
    const [allow, code] = parsed[c]!;
    return [c, code === null ? { allow } : { allow, code }];
  }));
};
