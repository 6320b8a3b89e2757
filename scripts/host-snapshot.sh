#!/usr/bin/env bash
# Prints what `npm test` must leave as it found it on this machine, as text
# to diff: the account files, the PAM directory, vsftpd's config, /etc/shells,
# the firewall rules of both families and of nftables, network namespaces,
# homes and ftpctl's state. .ci/run takes one before and one after the suite
# and fails on any difference:
#
#   scripts/host-snapshot.sh >before; npm test; scripts/host-snapshot.sh >after; diff -u before after
#
# Password hashes are shown as a short digest, so a diff in a CI log names
# the account without printing its hash. Needs root (shadow, iptables).
set -uo pipefail
export LC_ALL=C

section() { printf '## %s\n' "$*"; }

digest() { sha256sum | cut -c1-16; }

# A file's contents, or why there are none.
contents() {
  section "$1"
  if [ -f "$1" ]; then cat -- "$1"; else echo "(absent)"; fi
}

# shadow and gshadow: the second field is a hash; keep its shape, not its value.
hashed() {
  section "$1"
  if [ ! -f "$1" ]; then echo "(absent)"; return; fi
  while IFS=: read -r name hash rest; do
    case "${hash}" in
      "" | "!" | "*" | "!!" | "!*") shown="${hash}" ;;
      *) shown="<$(printf '%s' "${hash}" | digest)>" ;;
    esac
    printf '%s:%s:%s\n' "${name}" "${shown}" "${rest}"
  done <"$1"
}

# Every entry under a directory: type, mode, owner and a digest of its contents or link target.
tree() {
  section "$1 (tree)"
  if [ ! -e "$1" ]; then echo "(absent)"; return; fi
  find "$1" -xdev -printf '%p %y %m %u:%g %l\n' | sort | while read -r path type mode owner link; do
    case "${type}" in
      f) printf '%s f %s %s %s\n' "${path}" "${mode}" "${owner}" "$(digest <"${path}")" ;;
      l) printf '%s l -> %s\n' "${path}" "${link}" ;;
      *) printf '%s %s %s %s\n' "${path}" "${type}" "${mode}" "${owner}" ;;
    esac
  done
}

# A command's output without what changes by itself (timestamps, packet counters).
rules() {
  section "$*"
  if ! command -v "$1" >/dev/null; then echo "($1: not installed)"; return; fi
  "$@" 2>&1 | grep -v '^#' | sed -E 's/\[[0-9]+:[0-9]+\]/[counters]/; s/(packets|bytes) [0-9]+/\1 N/g'
  echo "(exit ${PIPESTATUS[0]})"
}

contents /etc/passwd
contents /etc/group
hashed /etc/shadow
hashed /etc/gshadow
tree /etc/pam.d
contents /etc/vsftpd.conf
contents /etc/shells
contents /etc/ftpusers
rules iptables-save
rules ip6tables-save
rules nft list ruleset
section "network namespaces"
ls -A /run/netns 2>/dev/null || echo "(none)"
section "/home"
ls -A /home 2>/dev/null || echo "(absent)"
tree /var/lib/ftpctl
tree /root/.cache/ftpctl
section "/run/lock"
ls -A /run/lock 2>/dev/null || echo "(absent)"
section "/run/ftpctl (apply locks)"
ls -A /run/ftpctl 2>/dev/null || echo "(absent)"
exit 0
