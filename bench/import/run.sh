#!/usr/bin/env bash
# run.sh — the import benchmark: `uminctl import` of N generated accounts into
# a private umind, end to end (upload, parse, checks, one transaction), and in
# the same run the anchor, sqlite3's `.import` of the same CSV into a plain
# table; prints rows/s and the ratio. Builds nothing, never touches a real store.
#   bench/import/run.sh BUILD_DIR [N]        (N defaults to 1000000)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [N]" >&2; exit 2; }
build=$(cd "$1" && pwd)
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
UMIND_BIN=$build/daemon/umind
UMINCTL_BIN=$build/cli/uminctl
for b in "$UMIND_BIN" "$UMINCTL_BIN"; do [ -x "$b" ] || { echo "no $b: build first" >&2; exit 2; }; done
command -v sqlite3 >/dev/null || { echo "sqlite3 (the CLI) is needed for the anchor" >&2; exit 2; }
. "$here/../../tests/lib/umind.sh"

work=$(mktemp -d /tmp/umbench.XXXXXX)
UMIND_PID=
trap '[ -n "$UMIND_PID" ] && umind_stop; rm -rf "$work"' EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

csv=$work/accounts.csv
t=$(now)
awk -v n="$n" -f "$here/gen_accounts.awk" >"$csv"
echo "generated $n accounts ($(du -m "$csv" | cut -f1) MB) in $(secs "$t" "$(now)") s"

# Anchor: the same bytes into one plain table, no checks, no indexes.
t=$(now)
sqlite3 "$work/anchor.db" ".import --csv $csv accounts"
anchor=$(secs "$t" "$(now)")
rows=$(sqlite3 "$work/anchor.db" "SELECT COUNT(*) FROM accounts")
[ "$rows" = "$n" ] || { echo "anchor imported $rows rows, expected $n" >&2; exit 1; }

umind_start "$work/umind"
cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$UMIND_PID/stat"; }  # utime + stime, s
cpu0=$(cpu)
t=$(now)
$CTL import "$csv"
ours=$(secs "$t" "$(now)")
umind_cpu=$(secs "$cpu0" "$(cpu)")
handler_ms=$(grep -o 'accounts imported from [0-9]* lines in [0-9]* ms' "$work/umind/umind.log" | grep -o '[0-9]* ms' || true)
$CTL status | sed -n 2p
db_mb=$(du -m "$work/umind/umind.db" | cut -f1)
peak_mb=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$UMIND_PID/status")
umind_stop
UMIND_PID=

echo
echo "machine: $(nproc) CPUs, load average$(uptime | sed 's/.*load average//'), SQLite $(sqlite3 --version | cut -d' ' -f1)"
printf '%-44s %8s s %10s rows/s\n' "sqlite3 .import (anchor, plain table)" "$anchor" "$(rate "$n" "$anchor")"
printf '%-44s %8s s %10s rows/s\n' "uminctl import (end to end)" "$ours" "$(rate "$n" "$ours")"
echo "umind's handler (parse + checks + transaction): ${handler_ms:-?}; umind CPU time ${umind_cpu} s;" \
     "umind peak RSS ${peak_mb} MB; store file ${db_mb} MB"
echo "ratio: uminctl import takes $(awk -v a="$ours" -v b="$anchor" 'BEGIN { printf "%.1f", a / b }')x the anchor's time"
