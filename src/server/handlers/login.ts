/** USER and PASS, before and after login, with vsftpd's replies (prelogin.c, postlogin.c). */
import { realpathSync } from "node:fs";
import { timingSafeEqual, createHash } from "node:crypto";
import { reply, TEXT } from "../replies.js";
import type { Session } from "../session.js";
import { userCanWrite } from "../write-access.js";
import { tlsLoginRefusal } from "../tls-options.js";

const isAnonymousName = (name: string) => /^(ftp|anonymous)$/i.test(name);

/** vsftpd's userlist: listed names refused (userlist_deny=YES), or only listed names let in (NO). */
function userlistRefuses(s: Session, name: string): boolean {
  const l = s.opts.userlist;
  if (!l) return false;
  return l.names.includes(name) === l.deny;
}

export async function user(s: Session, arg: string): Promise<void> {
  if (s.loggedIn) {
    // postlogin.c: an anonymous session may not even name itself again.
    if (s.anonymous) return s.reply(530, "Can't change from guest user.");
    if (arg === s.user) return s.reply(331, "Any password will do.");
    return s.reply(530, "Can't change to another user.");
  }
  if (!s.opts.localEnable && !isAnonymousName(arg)) {
    s.user = "";
    return s.reply(530, TEXT.anonOnly);
  }
  const tls = tlsLoginRefusal(s.opts.tls, isAnonymousName(arg), s.controlTls);
  if (tls) {
    s.user = "";
    s.emit({ type: "refused", session: s.id, command: "USER", code: 530, text: tls.text });
    return tls.fatal ? s.end(reply(530, tls.text)) : s.reply(530, tls.text);
  }
  if (userlistRefuses(s, arg)) {
    s.user = "";
    s.emit({ type: "login-failed", session: s.id, user: arg });
    if (s.opts.delayFailedLoginMs > 0) await s.sleep(s.opts.delayFailedLoginMs);
    s.reply(530, TEXT.permissionDenied);
    if (++s.loginFails >= s.opts.maxLoginFails && s.opts.maxLoginFails > 0) s.end();
    return;
  }
  s.user = arg;
  // no_anon_password: vsftpd runs PASS at once with a made-up password, so the lists below still apply.
  if (isAnonymousName(arg) && s.opts.noAnonPassword) return pass(s, "<no password>");
  s.reply(331, TEXT.givePassword);
}

/** vsftpd's anonymous password rules (privops.c): a banned line refuses, a secure list admits only its lines. */
function anonPasswordRefused(s: Session, password: string): boolean {
  const { bannedEmails, emailPasswords } = s.opts;
  if (bannedEmails?.includes(password)) return true;
  return emailPasswords !== undefined && (password === "" || !emailPasswords.includes(password));
}

/** Compares through digests, so the time taken says nothing about the password. */
function samePassword(a: string, b: string): boolean {
  const h = (x: string) => createHash("sha256").update(x).digest();
  return timingSafeEqual(h(a), h(b));
}

interface Landing {
  readonly root: string;
  readonly cwd: string;
}

/** Where a login lands, or undefined when the password or the setup says no. */
function authenticate(s: Session, password: string): { anonymous: boolean; landing: Landing } | undefined {
  const o = s.opts;
  if (isAnonymousName(s.user) && o.anonymousEnable) {
    if (o.anonRoot === undefined || anonPasswordRefused(s, password)) return undefined;
    return { anonymous: true, landing: { root: realpathSync(o.anonRoot), cwd: "/" } };
  }
  if (!o.localEnable || o.localRoot === undefined) return undefined;
  const account = o.users.find((u) => u.name === s.user);
  // Compare even for an unknown name, so the reply time does not tell names apart.
  const matches = samePassword(password, account?.password ?? "\0no such user");
  if (!account || !matches) return undefined;
  const home = realpathSync(o.localRoot);
  // vsftpd's inverted list: a listed user gets the opposite of chroot_local_user.
  const jailed = o.chrootLocalUser !== (o.chrootList?.includes(account.name) ?? false);
  return { anonymous: false, landing: jailed ? { root: home, cwd: "/" } : { root: "/", cwd: home } };
}

export async function pass(s: Session, arg: string): Promise<void> {
  if (s.loggedIn) return s.reply(230, "Already logged in.");
  if (s.user === "") return s.reply(503, TEXT.needUser);
  const who = authenticate(s, arg);
  if (!who) {
    const name = s.user;
    s.user = "";
    s.emit({ type: "login-failed", session: s.id, user: name });
    if (s.opts.delayFailedLoginMs > 0) await s.sleep(s.opts.delayFailedLoginMs);
    s.reply(530, TEXT.loginIncorrect);
    // vsftpd ends the session quietly once max_login_fails is reached.
    if (++s.loginFails >= s.opts.maxLoginFails && s.opts.maxLoginFails > 0) s.end();
    return;
  }
  // vsftpd (secutil.c) will not chroot a session into a root its user can write; allow_writeable_chroot
  // lifts that for local users only, never for anonymous ones (twoprocess.c: !was_anon).
  const root = who.landing.root;
  const refused = who.anonymous ? userCanWrite(root, s.opts.ftpUsername) : root !== "/" && !s.opts.allowWriteableChroot && userCanWrite(root, s.user);
  if (refused) return s.end(reply(500, "OOPS: vsftpd: refusing to run with writable root inside chroot()"));
  s.loggedIn = true;
  s.anonymous = who.anonymous;
  s.umask = who.anonymous ? s.opts.anonUmask : s.opts.localUmask;
  s.jail = { root: who.landing.root };
  s.cwd = who.landing.cwd;
  s.emit({ type: "login", session: s.id, user: s.user, anonymous: who.anonymous });
  s.send(reply(230, TEXT.loginOk));
}
