# common.sh — sourced by repro.sh and repro_drop.sh: the test fixture's
# slapd, the C client built into $bin, and what became of slapd.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FIX=${FIX:-$here/../../tests/fixtures/slapd.sh}
bin=${TMPDIR:-/tmp}/umind-txn-repro
build() { mkdir -p "$bin" && gcc -O1 -g -o "$bin/$1" "$here/$1.c" -lldap -llber; }
slapd_alive() { ps -o stat= -p "$SLAPD_PID" 2>/dev/null | grep -qv Z; }
# where its core went, if kernel.core_pattern put it in one of these
slapd_core() { ls -t /tmp/cores/core.slapd."$SLAPD_PID" "$D"/core 2>/dev/null | head -1; }
ulimit -c unlimited
