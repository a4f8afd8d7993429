#!/usr/bin/env bash
# run.sh — the sync benchmarks (issue "sync engine"), each with its anchor in
# the same run, printing times and ratios:
#   1. initial online sync of N imported accounts into an empty slapd
#      vs sequential `ldapadd` of the same entries (export-ldif's LDIF);
#   2. `export-ldif` + `slapadd -q` vs plain `slapadd -q` of that LDIF;
#   3. P password changes applied in one hourly batch: from the hour until
#      LDAP holds them all (goal <= 10 s);
#   4. a no-op `sync reconcile` over the whole tree (goal <= 10 s).
# Private slapd and umind in a temp dir; builds nothing. BENCH_SKIP_ONLINE=1
# skips 1 (the longest) and loads the directory for 3 and 4 with slapadd.
#   bench/sync/run.sh BUILD_DIR [N] [P]      (N defaults to 1000000, P to 50000)
# BENCH_TRANSPORT=ldapi (default) or tcp: how umind and the anchor ldapadd
# reach slapd — ldapi:/// is DESIGN's default (umind beside the provider),
# tcp is ldap://127.0.0.1. Either way umind binds as cn=umind (simple bind),
# so the production ACLs are evaluated as in the sync tests.
# SLAPD_DBNOSYNC=1 runs every slapd of the bench (anchor and ours alike) with
# mdb's `dbnosync`: without an fsync per write both sides are CPU-bound, so
# the ratios show what each side costs rather than the disk's fsync rate.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [N] [P]" >&2; exit 2; }
build=$(cd "$1" && pwd)
n=${2:-1000000}
p=${3:-50000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
UMIND_BIN=$build/daemon/umind
UMINCTL_BIN=$build/cli/uminctl
BURST=$build/bench/sync/sync_passwd_burst
for b in "$UMIND_BIN" "$UMINCTL_BIN" "$BURST"; do [ -x "$b" ] || { echo "no $b: build first" >&2; exit 2; }; done
. "$root/tests/lib/assert.sh"
. "$root/tests/lib/umind.sh"
. "$root/tests/daemon/sync/sync_lib.sh"
export SLAPD_MAXSIZE=$((16 * 1024 * 1024 * 1024))

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
lag() { $CTL --json sync status | sed -n 's/.*"lag":\([0-9]*\).*/\1/p'; }
wait_caught_up() {   # until sync status says lag 0 with a non-zero head
  while :; do
    local s; s=$($CTL --json sync status 2>/dev/null || true)
    case $s in *'"lag":0'*) case $s in *'"journal_head":0,'*) ;; *) return 0 ;; esac ;; esac
    sleep 0.2
  done
}
transport=${BENCH_TRANSPORT:-ldapi}
case $transport in ldapi|tcp) ;; *) echo "BENCH_TRANSPORT: expected ldapi or tcp, not $transport" >&2; exit 2;; esac
fresh_slapd() {   # a new empty directory (base.ldif) in $tmp/ldap; LDAP_URI as BENCH_TRANSPORT says
  "$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null 2>&1 || true
  rm -rf "$tmp/ldap"
  sync_slapd
  [ "$transport" = tcp ] || LDAP_URI=$LDAPI_URI
}

sync_tmp umbsync
echo "machine: $(nproc) CPUs, load average$(uptime | sed 's/.*load average//'); N=$n accounts, P=$p password changes;" \
     "slapd $(slapd -VV 2>&1 | grep -o 'slapd [0-9.]*' | head -1)$([ "${SLAPD_DBNOSYNC:-0}" = 1 ] && echo ', dbnosync'), over $transport"

# The store: N generated accounts (bench/import's generator), umind without sync.
awk -v n="$n" -f "$root/bench/import/gen_accounts.awk" >"$tmp/accounts.csv"
umind_start "$tmp/umind" "passwords: {scheme: ssha512, apply: hourly}"
$CTL import "$tmp/accounts.csv" >/dev/null 2>&1
echo "store: $($CTL status | sed -n 2p | sed 's/^ *//')"

# 2. export-ldif (+ slapadd -q) vs plain slapadd -q of the same LDIF
t=$(now); $CTL export-ldif --out "$tmp/tree.ldif" >/dev/null; export_s=$(secs "$t" "$(now)")
entries=$(grep -c '^dn: ' "$tmp/tree.ldif")
umind_stop
slapadd_once() {
  "$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null 2>&1 || true
  rm -rf "$tmp/ldap"
  local t0; t0=$(now)
  UMIN_BASE_LDIF="$tmp/tree.ldif" "$SLAPD_FIXTURE" start "$tmp/ldap" >/dev/null
  secs "$t0" "$(now)"
}
slapadd_s=$(slapadd_once)
"$SLAPD_FIXTURE" stop "$tmp/ldap" >/dev/null

if [ "${BENCH_SKIP_ONLINE:-0}" != 1 ]; then
# 1a. anchor: sequential ldapadd of the same entries (no base entries) as the rootdn
awk 'BEGIN { RS = ""; ORS = "\n\n" } !/^dn: (dc=|ou=|cn=umind,ou=system)/' "$tmp/tree.ldif" >"$tmp/data.ldif"
data_entries=$(grep -c '^dn: ' "$tmp/data.ldif")
fresh_slapd
t=$(now)
ldapadd -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -f "$tmp/data.ldif" >/dev/null
ldapadd_s=$(secs "$t" "$(now)")

# 1b. ours: umind's sync role from watermark 0 into an empty directory
fresh_slapd
t=$(now)
sync_start_umind "passwords: {scheme: ssha512, apply: hourly}"
wait_caught_up
sync_s=$(secs "$t" "$(now)")
[ "$($CTL --json sync status | sed -n 's/.*"failed_ops":\([0-9]*\).*/\1/p')" = 0 ] || echo "WARNING: sync had refused writes" >&2
else   # BENCH_SKIP_ONLINE=1: the directory from export-ldif + slapadd; sync resumes at its watermark
UMIN_BASE_LDIF="$tmp/tree.ldif" fresh_slapd
sync_start_umind "passwords: {scheme: ssha512, apply: hourly}"
$CTL sync now >/dev/null
fi

# 4. no-op reconcile of the whole tree
t=$(now)
$CTL sync reconcile --dry-run >"$tmp/reconcile.out"
reconcile_s=$(secs "$t" "$(now)")
tail -1 "$tmp/reconcile.out"

# 3. P password changes in one hourly batch
awk -F, -v p="$p" 'NR > 1 && ($3 == "" || $3 == "active") && ++k <= p { print $1 }' "$tmp/accounts.csv" >"$tmp/ids.txt"
t=$(now)
"$BURST" "unix:$tmp/umind/api.sock" 4 <"$tmp/ids.txt"
queue_s=$(secs "$t" "$(now)")
wait_caught_up
set_clock "2026-11-25T10:00:00Z"   # the next full hour: the batch is due
t=$(now)
until $CTL --json status | grep -q '"pending_passwords":0[,}]'; do sleep 0.1; done
until $CTL sync now >/dev/null 2>&1; do :; done   # LDAP holds every row written so far
batch_s=$(secs "$t" "$(now)")
grep -o "password schedule: applied [0-9]* pending change(s)" "$tmp/umind/umind.log" | tail -1 || true

echo
[ "${BENCH_SKIP_ONLINE:-0}" = 1 ] || {
printf '%-58s %9s s %10s entries/s\n' "1. sequential ldapadd, rootdn (anchor), $data_entries entries" "$ldapadd_s" "$(rate "$data_entries" "$ldapadd_s")"
printf '%-58s %9s s %10s entries/s\n' "   umind initial online sync, as cn=umind, $data_entries entries" "$sync_s" "$(rate "$data_entries" "$sync_s")"
echo "   ratio: umind's sync is $(ratio "$ldapadd_s" "$sync_s")x as fast as sequential ldapadd (goal >= 5x)"
}
printf '%-58s %9s s\n' "2. plain slapadd -q of the LDIF (anchor), $entries entries" "$slapadd_s"
printf '%-58s %9s s\n' "   uminctl export-ldif + slapadd -q" "$(awk -v a="$export_s" -v b="$slapadd_s" 'BEGIN { printf "%.2f", a + b }')"
echo "   export-ldif alone: $export_s s; ratio (export + slapadd) / slapadd: $(ratio "$(awk -v a="$export_s" -v b="$slapadd_s" 'BEGIN { print a + b }')" "$slapadd_s")"
printf '%-58s %9s s\n' "3. $p password changes, hour -> all in LDAP (goal <= 10 s)" "$batch_s"
echo "   (queueing them through the API took $queue_s s, not counted)"
printf '%-58s %9s s\n' "4. no-op reconcile, $entries entries (goal <= 10 s)" "$reconcile_s"
