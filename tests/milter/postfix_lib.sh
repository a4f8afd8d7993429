# postfix_lib.sh — the frame of the tests that send mail through a real
# Postfix (tests/fixtures/postfix.sh) to a milter-only umind and a private
# slapd: skip unless root, a temp dir, and a trap that stops all three and
# removes the dir (kept when a check failed). Set `here` to the test's
# directory, then source it.
#   postfix_test_begin WHAT FIXTURE_DIR   -> $tmp (mode 755) under FIXTURE_DIR; exits 77 unless root
fixtures="$here/../fixtures"
. "$here/../lib/assert.sh"
. "$here/milter_lib.sh"

postfix_test_begin() {
  skip_unless_root "$1 needs root (Postfix runs its daemons as user postfix)"
  mkdir -p "$2"
  tmp=$(mktemp -d "$2/pf.XXXXXX")
  chmod 755 "$tmp"
  trap postfix_test_end EXIT
}

postfix_test_end() {
  "$fixtures/postfix.sh" stop "$tmp/p" || true
  milter_stop || true
  "$fixtures/slapd.sh" stop "$tmp/s" || true
  [ "$failures" = 0 ] && rm -rf "$tmp" || echo "kept $tmp for inspection" >&2
}
