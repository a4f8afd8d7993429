#!/usr/bin/env bash
# socket_test.sh — who may use the admin API's unix socket (DESIGN §8: access
# by file mode and group): the file gets api.socket_mode and api.socket_group,
# a member of that group gets in, anybody else is refused by the kernel, and a
# group the host does not know stops umind before it listens.
#   socket_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umsock
sock=$tmp/api.sock

# Defaults: 0660, the process's own group.
[ "$(stat -c %a "$sock")" = 660 ] || fail "default mode is $(stat -c %a "$sock"), expected 660"
[ "$(stat -c %G "$sock")" = "$(id -gn)" ] || fail "default group is $(stat -c %G "$sock")"
umind_stop

# A configured mode and group (one that exists on every Debian: daemon).
UMIND_API_EXTRA="socket_mode: 0660, socket_group: daemon" umind_start "$tmp"
[ "$(stat -c %a:%G "$sock")" = 660:daemon ] || fail "socket is $(stat -c %a:%G "$sock"), expected 660:daemon"
expect_exit 0 $CTL status

# The kernel applies the mode: only checkable when we can become someone else.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  chmod 755 "$tmp"   # let the other user reach the socket file itself
  as() { setpriv --reuid=nobody --regid="$1" --clear-groups "$UMINCTL_BIN" --api "unix:$sock" status; }
  expect_exit 0 as daemon
  expect_output "active"
  expect_exit 4 as nogroup
  expect_output "Permission denied"
fi
umind_stop

UMIND_API_EXTRA="socket_mode: 0600" umind_start "$tmp"
[ "$(stat -c %a "$sock")" = 600 ] || fail "mode is $(stat -c %a "$sock"), expected 600"
umind_stop

# An unknown group: umind refuses to start (exit 2) and says which key.
: >"$tmp/umind.log"
UMIND_API_EXTRA="socket_group: no-such-group-umind" umind_start "$tmp" 2>/dev/null && fail "umind started with an unknown group"
wait "$UMIND_PID" && rc=0 || rc=$?
[ "$rc" = 2 ] || fail "umind exited $rc with an unknown group, expected 2"
grep -q "api.socket_group: cannot use group 'no-such-group-umind': no such group" "$tmp/umind.log" ||
  fail "no error naming api.socket_group in: $(cat "$tmp/umind.log")"
finish
