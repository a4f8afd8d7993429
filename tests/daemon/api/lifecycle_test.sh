#!/usr/bin/env bash
# lifecycle_test.sh — the account lifecycle of DESIGN §3–§4 through the real
# umind and the real uminctl: every rule refused and allowed at its boundary,
# with the daemon's clock moved through --fake-clock.
#   lifecycle_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umlc "passwords: {apply: hourly}
id_policy: {reserved: ['admin-.*']}"

# --- create: policy, person key, random password printed once -------------------
expect_exit 0 $CTL account create taro-tky --kind personal --name "Kiuchi Taro" --person-key MD-1
expect_output "password (shown once, note it now):"
expect_exit 1 $CTL account create Taro-x --kind personal
expect_output "IDs are lowercase"
expect_exit 1 $CTL account create acme-com --kind personal
expect_output "[kind.com-suffix]"
expect_exit 1 $CTL account create admin-x --kind role
expect_output "[id.reserved]"
expect_exit 1 $CTL account create taro-osk --kind personal --person-key MD-1
expect_output "already has the personal ID 'taro-tky'"
expect_exit 2 $CTL account create x-y --kind wizard
expect_exit 0 sh -c "echo 'Initial-Passw0rd' | $CTL account create hana-tky --kind personal --password-stdin"
expect_no_output "Initial-Passw0rd"
expect_exit 1 sh -c "echo 'short' | $CTL account create ken-tky --kind personal --password-stdin"
expect_output "[password.length]"
expect_exit 0 $CTL account show taro-tky
expect_output "name: Kiuchi Taro"
expect_no_output '$6$'
expect_exit 3 $CTL account show nobody-here

# --- list: a cut list says so (two accounts exist here) ----------------------------
expect_exit 0 $CTL account list --limit 1
expect_output "more accounts exist than shown"
expect_exit 0 $CTL --json account list --limit 1
expect_output '"truncated":true'
expect_exit 0 $CTL account list --limit 2
expect_no_output "more accounts exist"
expect_exit 0 $CTL --json account list --limit 2
expect_output '"truncated":false'

# --- rename: lock boundary 364 vs 366 days, forwarding window, never reissued -----
set_clock 2026-01-10T12:00:00Z
expect_exit 0 $CTL account rename taro-tky taro-a
expect_exit 0 $CTL route taro-tky@umin.ac.jp
expect_output "rewrite to <taro-a@umin.ac.jp>"
set_clock 2027-01-09T12:00:00Z           # day 364
expect_exit 1 $CTL account rename taro-a taro-b
expect_output "[rename.lock]"
expect_exit 0 $CTL route taro-tky@umin.ac.jp
expect_output "rewrite to <taro-a@umin.ac.jp>"
set_clock 2027-01-11T12:00:00Z           # day 366
expect_exit 0 $CTL account rename taro-a taro-b
expect_exit 0 $CTL route taro-tky@umin.ac.jp
expect_output "reject 550 5.1.1"          # its year is over
expect_exit 0 $CTL route taro-a@umin.ac.jp
expect_output "rewrite to <taro-b@umin.ac.jp>"
expect_exit 1 $CTL account create taro-tky --kind personal
expect_output "[id.used]"
expect_exit 0 $CTL forward taro-b off
expect_exit 0 $CTL route taro-a@umin.ac.jp
expect_output "the holder turned forwarding off"
expect_exit 0 $CTL forward taro-a on
expect_exit 0 $CTL account show taro-a
expect_output "looked up by old ID taro-a"

# --- merge: personal only, grants and lists united --------------------------------
expect_exit 0 $CTL account create dup-tky --kind personal
expect_exit 0 $CTL account create grp-office --kind group
expect_exit 0 $CTL grant dup-tky epoc
expect_exit 0 $CTL grant taro-b ctr
expect_exit 0 $CTL list create news-ml --deliver-to news@lists.example.org
expect_exit 0 $CTL list add news-ml dup-tky
expect_exit 1 $CTL account merge grp-office --into taro-b
expect_output "[merge.kind]"
expect_exit 0 $CTL account merge dup-tky --into taro-b
expect_exit 0 $CTL --json account show taro-b
expect_output '"services":["ctr","epoc"]'
expect_output '"lists":["news-ml"]'
expect_exit 0 $CTL route dup-tky@umin.ac.jp
expect_output "rewrite to <taro-b@umin.ac.jp>"

# --- handover: non-personal only, new passwords printed once ----------------------
expect_exit 1 $CTL account handover taro-b --contact next@example.org
expect_output "[handover.personal]"
expect_exit 0 $CTL account handover grp-office --contact next@example.org
expect_output "INDICE password (shown once"

# --- delete: reason, protected lists, override, stays reserved --------------------
expect_exit 0 $CTL list create tetsumon-ml --deliver-to tetsumon@lists.example.org --protect-members
expect_exit 0 $CTL list add tetsumon-ml hana-tky
expect_exit 1 $CTL account delete hana-tky --reason "left"
expect_output "[delete.protected-list]"
expect_exit 0 $CTL account delete hana-tky --reason "deceased" --third-party --override-protection
expect_exit 0 $CTL route hana-tky@umin.ac.jp
expect_output "reject 550 5.1.1"
expect_exit 1 $CTL account create hana-tky --kind personal
expect_output "[id.used]"
expect_exit 0 $CTL route tetsumon-ml@umin.ac.jp
expect_output "rewrite to <tetsumon@lists.example.org>"

# --- passwords: pending until the hour, then applied by the schedule --------------
set_clock 2027-02-01T10:17:00Z
expect_exit 0 sh -c "echo 'N3w-Passw0rd-x' | $CTL passwd taro-b"
expect_output "takes effect at 2027-02-01T11:00:00Z"
expect_exit 0 $CTL passwd taro-b --indice --random
expect_output "password (shown once, note it now):"
expect_exit 0 $CTL account show taro-b
expect_output "pending: new general password takes effect at 2027-02-01T11:00:00Z"
expect_output "pending: new indice password"
set_clock 2027-02-01T11:00:00Z
sleep 1.5                                   # the schedule looks at least once a second
expect_exit 0 $CTL account show taro-b
expect_no_output "pending:"
expect_exit 0 $CTL passwd taro-b --random --now
expect_output "takes effect at 2027-02-01T11:00:00Z"

# --- status, reload -----------------------------------------------------------------
expect_exit 0 $CTL status
expect_output "passwords: hourly"
cp "$tmp/umind.yaml" "$tmp/good.yaml"     # uminctl keeps a valid copy to reach the API
echo "sync: {batch_size: many}" >>"$tmp/umind.yaml"
CTL_GOOD="$UMINCTL_BIN -c $tmp/good.yaml"
expect_exit 1 $CTL_GOOD reload
expect_output "reload refused, keeping the running configuration"
expect_output "sync.batch_size: expected a positive integer"
kill -USR1 "$UMIND_PID"; sleep 0.3
expect_exit 0 $CTL_GOOD status
expect_output "passwords: hourly"
grep -q "reload refused" "$tmp/umind.log" || { echo "FAIL: SIGUSR1 reload refusal not logged" >&2; failures=$((failures+1)); }
sed -i 's/apply: hourly/apply: {delay: 2s}/; /batch_size: many/d' "$tmp/umind.yaml"
kill -USR1 "$UMIND_PID"; sleep 0.3
expect_exit 0 $CTL status
expect_output "passwords: delay 2s"
# a reload says which changed settings wait for a restart, and keeps the running ones
echo "sync: {batch_size: 10}" >>"$tmp/umind.yaml"
expect_exit 0 $CTL reload
expect_output "(sync.batch_size takes effect only on restart)"
expect_exit 0 $CTL status

finish
