#!/usr/bin/env bash
# import_test.sh — `uminctl import` (DESIGN §2) through the real umind: CSV and
# JSONL with renames and services, old addresses forwarding for a year from the
# rename date, legacy IDs only with the flag, all or nothing on bad lines (each
# named FILE:LINE: field), dry runs, IDs already used; a hash is never printed.
#   import_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umimp
set_clock 2026-11-25T09:00:00Z
H='{CRYPT}$6$abcdefghijklmnop$zvvUv7Yhc.GWQAMkELZWMo0deEfHPxsp3ZZaXilVHo4h9R59DVwxQO5xS.TrA3vS4wBvN48kLpld32R1F5j4X.'

# --- CSV: accounts, a rename with its date, services, hashes as they are -------------
cat >"$tmp/users.csv" <<CSV
id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from
kiuchi-tky,personal,,Kiuchi Taro,t@example.org,"Univ. of Tokyo, Faculty of Medicine",MD-1,$H,$H,epoc;ctr,kiuchi-old@2026-03-01T09:00:00Z@on
hana-osk,personal,active,Sato Hana,h@example.org,Osaka Univ.,MD-2,$H,,,
jsxx-soc,group,,JSXX office,office@jsxx.example.org,,,$H,,epoc,
acme-com,contractor,,,,,,,,,
gone-tky,personal,deleted,,,,,$H,,epoc,gone-old@2025-01-10T00:00:00Z
CSV
expect_exit 0 $CTL import "$tmp/users.csv"
expect_output "imported 5 accounts from $tmp/users.csv"
expect_exit 0 $CTL account show kiuchi-tky
expect_output "general password: set"
expect_output "INDICE password: set"
expect_output "services: ctr, epoc"
expect_output "affiliation: Univ. of Tokyo, Faculty of Medicine"
expect_output "old address kiuchi-old (rename): forwarding on until 2027-03-01T09:00:00Z"
expect_no_output '$6$'
expect_exit 0 $CTL account show acme-com
expect_output "general password: none"
expect_exit 0 $CTL account show gone-tky
expect_output "gone-tky (personal, deleted)"
expect_output "general password: none"
expect_output "services: -"
expect_exit 0 $CTL status
expect_output "4 active, 0 merged, 1 deleted accounts; 2 old addresses"

# The old address forwards for forward_period from the rename date in the file.
expect_exit 0 $CTL route kiuchi-old@umin.ac.jp
expect_output "rewrite to <kiuchi-tky@umin.ac.jp>"
set_clock 2027-03-01T08:59:59Z
expect_exit 0 $CTL route kiuchi-old@umin.ac.jp
expect_output "rewrite to <kiuchi-tky@umin.ac.jp>"
set_clock 2027-03-01T09:00:01Z
expect_exit 0 $CTL route kiuchi-old@umin.ac.jp
expect_output "reject 550 5.1.1"
set_clock 2026-11-25T09:00:00Z
expect_exit 0 $CTL route gone-tky@umin.ac.jp
expect_output "reject 550 5.1.1"

# Re-importing the same file: every ID and old ID is used now; nothing happens.
expect_exit 1 $CTL import "$tmp/users.csv"
expect_output "$tmp/users.csv:2: id: 'kiuchi-tky' is already in the store (the ID of an active account)"
expect_output "$tmp/users.csv:2: renamed_from: entry 1: 'kiuchi-old' is already in the store (an old ID of 'kiuchi-tky')"
expect_output "$tmp/users.csv:6: id: 'gone-tky' is already in the store (the ID of a deleted account)"
expect_output "7 error(s); nothing was imported"
expect_exit 0 $CTL status
expect_output "4 active, 0 merged, 1 deleted accounts; 2 old addresses"

# --- JSONL, forwarding off by the holder's choice in the old system ------------------
cat >"$tmp/more.jsonl" <<JSONL
{"id":"mori-kyt","kind":"personal","name":"Mori Ken","contact":"m@example.org","person_key":"MD-3","password_hash":"$H","indice_hash":null,"services":["epoc"],"renamed_from":[{"id":"mori-old","at":"2026-06-01T00:00:00Z","forward":false}]}
{"id":"desk-role","kind":"role","status":"active","password_hash":null}
JSONL
expect_exit 0 $CTL import "$tmp/more.jsonl"
expect_output "imported 2 accounts from $tmp/more.jsonl"
expect_exit 0 $CTL route mori-old@umin.ac.jp
expect_output "reject 550 5.1.1"
expect_output "forwarding off"
expect_exit 0 $CTL --json account show mori-kyt
expect_output '"services":["epoc"]'
expect_output '"general_password":"crypt"'
expect_no_output '$6$'

# --- legacy IDs only with --allow-legacy-ids ------------------------------------------
printf 'id,kind,password_hash\nold_style.id,group,%s\n' "$H" >"$tmp/legacy.csv"
expect_exit 1 $CTL import "$tmp/legacy.csv"
expect_output "$tmp/legacy.csv:2: id:"
expect_output "use --allow-legacy-ids"
expect_output "1 error(s); nothing was imported"
expect_exit 3 $CTL account show old_style.id
expect_exit 0 $CTL import "$tmp/legacy.csv" --allow-legacy-ids
expect_output "imported 1 account from $tmp/legacy.csv (1 legacy ID)"
expect_exit 0 $CTL --json account show old_style.id
expect_output '"legacy":true'

# --- three bad lines: all three named, nothing imported --------------------------------
cat >"$tmp/bad.csv" <<CSV
id,kind,contact,password_hash
good-tky,personal,g@example.org,$H
Bad-tky,personal,,
ok-tky,wizard,,
fine-tky,personal,no-at-sign,
last-tky,personal,,
CSV
expect_exit 1 $CTL import "$tmp/bad.csv"
expect_output "$tmp/bad.csv:3: id: 'Bad-tky'"
expect_output "$tmp/bad.csv:4: kind: 'wizard' is not a kind"
expect_output "$tmp/bad.csv:5: contact: 'no-at-sign' is not a mail address"
expect_output "3 error(s); nothing was imported"
expect_no_output "$tmp/bad.csv:2:"
expect_exit 3 $CTL account show good-tky
expect_exit 3 $CTL account show last-tky
expect_exit 1 $CTL --json import "$tmp/bad.csv"
expect_output '"error":"import.invalid"'
expect_output '"error_count":3'

# --- the store's own checks: ID in use, one personal ID per person, hash form ---------
expect_exit 0 $CTL account create taken-tky --kind personal
cat >"$tmp/clash.csv" <<CSV
id,kind,person_key,password_hash
new-tky,personal,,$H
taken-tky,personal,,
twin-osk,personal,MD-2,
odd-tky,personal,,{CRYPT}\$6\$short\$notasecretdigest
CSV
expect_exit 1 $CTL import "$tmp/clash.csv"
expect_output "$tmp/clash.csv:3: id: 'taken-tky' is already in the store"
expect_output "$tmp/clash.csv:4: person_key: person 'MD-2' already has the active personal ID 'hana-osk' in the store"
expect_output "$tmp/clash.csv:5: password_hash: is not a {CRYPT} value slapd can verify"
expect_output "3 error(s); nothing was imported"
expect_no_output "notasecretdigest"
expect_exit 3 $CTL account show new-tky

# --- dry run: every check, nothing written ---------------------------------------------
printf 'id,kind,password_hash\ndry-tky,personal,%s\ndry-osk,ctr,\n' "$H" >"$tmp/dry.csv"
expect_exit 0 $CTL import --dry-run "$tmp/dry.csv"
expect_output "$tmp/dry.csv is valid: 2 accounts would be imported (dry run)"
expect_exit 3 $CTL account show dry-tky
expect_exit 1 $CTL import --dry-run "$tmp/clash.csv"
expect_output "3 error(s); nothing was imported"
expect_exit 0 $CTL --json import --dry-run "$tmp/dry.csv"
expect_output '"dry_run":true'
expect_output '"imported":2'
expect_exit 0 $CTL import "$tmp/dry.csv"
expect_output "imported 2 accounts"

# --- usage ------------------------------------------------------------------------------
cp "$tmp/dry.csv" "$tmp/dry.txt"
expect_exit 2 $CTL import "$tmp/dry.txt"
expect_output "unknown format"
expect_exit 2 $CTL import "$tmp/nonexistent.csv"
expect_exit 2 $CTL import

# --- umind gone: exit 4 ------------------------------------------------------------------
umind_stop
expect_exit 4 $CTL import "$tmp/dry.csv"
finish
