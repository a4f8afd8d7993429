#!/usr/bin/env bash
# id_check_test.sh — `uminctl id check` as operators run it: exit codes
# 0/1/2 (DESIGN §2), the reason in words, --json, and the ID policy coming
# from the YAML given with -c.
#   id_check_test.sh UMINCTL
set -euo pipefail
. "$(dirname "$0")/../lib/assert.sh"
UMINCTL=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"   # no /etc/umind/umind.yaml is assumed; -c is explicit where it matters

expect_exit 0 "$UMINCTL" id check kiuchi-tky
expect_output "'kiuchi-tky' is acceptable as: personal, ctr, group, role"
expect_exit 0 "$UMINCTL" id check kiuchi-tky --kind personal
expect_exit 0 "$UMINCTL" id check abc-com --kind contractor
expect_exit 0 "$UMINCTL" id check abc-com
expect_output "acceptable as: contractor"

expect_exit 1 "$UMINCTL" id check Kiuchi-tky
expect_output "IDs are lowercase: use 'kiuchi-tky'"
expect_output "[id.uppercase]"
expect_exit 1 "$UMINCTL" id check ab
expect_output "'ab' has 2 characters; an ID has 3 to 20 characters"
expect_exit 1 "$UMINCTL" id check abcdefghij-klmnopqrst
expect_output "has 21 characters"
expect_exit 1 "$UMINCTL" id check abc-com --kind personal
expect_output "only contractor IDs may use"
expect_exit 1 "$UMINCTL" id check taro-tky --kind contractor
expect_output "contractor IDs have the form NAME-com"
expect_exit 1 "$UMINCTL" id check xgakkai-com
expect_output "looks like a society or conference name"
expect_exit 1 "$UMINCTL" id check $'evil\n-id'
expect_output "'evil\\x0a-id'"

# --json: one object, machine-readable, on stdout
expect_exit 1 "$UMINCTL" --json id check abc-com --kind group
expect_output '"rule":"kind.com-suffix"'
expect_output '"valid":false'
expect_exit 0 "$UMINCTL" --json id check taro-tky --kind role
expect_output '{"id":"taro-tky","kind":"role","valid":true}'
expect_exit 1 "$UMINCTL" --json id check $'\xff\xfe-ab'
expect_output '"valid":false'

# usage errors are exit 2
expect_exit 2 "$UMINCTL" id check
expect_exit 2 "$UMINCTL" id check taro-tky --kind wizard
expect_output "expected one of personal, ctr, group, contractor, role"
expect_exit 2 "$UMINCTL" id
expect_exit 2 "$UMINCTL" frobnicate
expect_exit 2 "$UMINCTL" id check taro-tky --no-such-flag

# the policy comes from the YAML: reserved patterns and society patterns
cat >policy.yaml <<'YAML'
id_policy:
  reserved: ['admin-.*']
  society_patterns: ['med']
YAML
expect_exit 1 "$UMINCTL" -c policy.yaml id check admin-x
expect_output "is reserved by id_policy.reserved (pattern 'admin-.*')"
expect_exit 0 "$UMINCTL" -c policy.yaml id check xgakkai-com
expect_exit 1 "$UMINCTL" -c policy.yaml id check somemed-com
# an explicit config that is absent or broken is a usage/config error
expect_exit 2 "$UMINCTL" -c missing.yaml id check taro-tky
expect_output "missing.yaml:1:1: (file): cannot read"
printf 'id_policy:\n  reserved: ["(x"]\n' >broken.yaml
expect_exit 2 "$UMINCTL" -c broken.yaml id check taro-tky
expect_output "broken.yaml:2:14: id_policy.reserved[0]: invalid regular expression"

finish
