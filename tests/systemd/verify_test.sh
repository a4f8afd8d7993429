#!/usr/bin/env bash
# verify_test.sh — `systemd-analyze verify` of every unit in systemd/, as
# shipped. verify also checks that ExecStart's program exists, so each unit is
# copied with /usr/sbin/umind pointing at the binary under test; nothing else
# in the unit changes. And the sysusers snippet, parsed by systemd-sysusers.
#   verify_test.sh UMIND SYSTEMD_DIR
set -euo pipefail
. "$(dirname "$0")/../lib/assert.sh"
UMIND=$1 units=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

n=0
for unit in "$units"/*.service; do
  sed "s#/usr/sbin/umind#$UMIND#g" "$unit" >"$tmp/$(basename "$unit")"
  n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "expected the two units in $units, found $n"
for unit in "$tmp"/*.service; do
  expect_exit 0 systemd-analyze verify "$unit"
  expect_no_output "$(basename "$unit"):"   # verify prints problems as "UNIT: ..." even with exit 0
done
expect_exit 0 systemd-sysusers --dry-run "$units/umind.sysusers.conf"
finish
