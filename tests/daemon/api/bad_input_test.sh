#!/usr/bin/env bash
# bad_input_test.sh — the bad-input rows of docs/BAD_INPUT.md ("Rules" part)
# through the real umind and uminctl: store files closed to others whatever
# the umask, unparsable recipients in our domains refused, the text rule at
# the API and in uminctl, and a search for NUL refused instead of matching all.
#   bad_input_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
# A umask systemd's UMask=0027 would have replaced: umind sets its own.
umask 0022
umind_test_begin umbad

# --- store files: db, -wal and -shm hold password hashes --------------------------
expect_exit 0 $CTL account create taro-tky --kind personal --name "Kiuchi Taro"
for f in umind.db umind.db-wal umind.db-shm; do
  [ -e "$tmp/$f" ] || fail "$f was not created"
  mode=$(stat -c %a "$tmp/$f")
  [ "$mode" = 600 ] || fail "$f has mode $mode under umask 0022; expected 600"
done

# --- recipients in our domains that do not parse: 550 5.1.3, never passed -------
for rcpt in '<@umin.ac.jp>' '<a b@umin.ac.jp>' '<"unterminated@umin.ac.jp>' '<taro-tky@UMIN.AC.JP.'; do
  expect_exit 0 $CTL route "$rcpt"
  expect_output "reject 550 5.1.3 Bad recipient address syntax (not a valid address, but aimed at one of mail.domains)"
done
expect_exit 0 $CTL route '<a b@example.org>'
expect_output "pass untouched (not one of mail.domains)"
expect_exit 0 $CTL route '<postmaster@umin.ac.jp>'
expect_output "pass untouched (mail.passthrough)"

# --- the text rule at the API: C1, bidi, zero-width, separators -------------------
# U+0085, U+202E, U+2066, U+200B, U+200F, U+FEFF, U+2028 as UTF-8 bytes
for bad in $'\xc2\x85' $'\xe2\x80\xae' $'\xe2\x81\xa6' $'\xe2\x80\x8b' $'\xe2\x80\x8f' $'\xef\xbb\xbf' \
           $'\xe2\x80\xa8'; do
  expect_exit 1 $CTL account set taro-tky --name "Kiuchi${bad}Taro"
  expect_output "[text.name]"
  expect_output "(byte 7); text must be UTF-8 without control, bidi or zero-width characters"
  expect_exit 1 $CTL account create hana-tky --kind personal --affiliation "Univ.${bad}"
  expect_output "[text.affiliation]"
  expect_exit 1 $CTL account delete taro-tky --reason "asked${bad}"
  expect_output "[text.reason]"
done
expect_exit 0 $CTL account show taro-tky
expect_output "name: Kiuchi Taro"          # nothing lost, nothing half-written
expect_exit 3 $CTL account show hana-tky
expect_exit 0 $CTL account set taro-tky --name $'木内 太郎' --affiliation $'東京大学'
expect_exit 0 $CTL account show taro-tky
expect_output $'name: 木内 太郎'

# --- uminctl refuses bytes that are not UTF-8 instead of sending U+FFFD ----------
expect_exit 2 $CTL account set taro-tky --name $'Kiuchi\xff'
expect_output "name: 'Kiuchi\\xff' is not valid UTF-8 (byte 7)"
expect_exit 2 $CTL account find $'\xe6\x9c'
expect_output "q: '\\xe6\\x9c' is not valid UTF-8 (byte 1)"
expect_exit 2 $CTL account show $'taro\xc0\xaf'
expect_output "is not valid UTF-8 (byte 5)"
expect_exit 0 $CTL account show taro-tky
expect_output $'name: 木内 太郎'
expect_no_output $'\xef\xbf\xbd'   # U+FFFD

# --- find: a NUL (or any text-rule fault) is refused, not "match everything" ------
expect_exit 0 $CTL account create hana-tky --kind personal --name "Hana"
run curl -sS --unix-socket "$tmp/api.sock" -o "$tmp/find.json" -w '%{http_code}' 'http://umind/v1/find?q=%00'
[ "$OUT" = 400 ] || fail "find q=%00: HTTP $OUT, expected 400: $(cat "$tmp/find.json")"
grep -q '"text.find"' "$tmp/find.json" || fail "find q=%00: no text.find rule in $(cat "$tmp/find.json")"
run curl -sS --unix-socket "$tmp/api.sock" -o "$tmp/find.json" -w '%{http_code}' 'http://umind/v1/find?q=%E2%80%AE'
[ "$OUT" = 400 ] || fail "find q=U+202E: HTTP $OUT, expected 400"
expect_exit 0 $CTL account find Hana
expect_output "hana-tky"
expect_no_output "taro-tky"

finish
