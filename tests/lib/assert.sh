# assert.sh — tiny assertions for the shell tests that drive umind's real
# binaries. Source it; every check prints what failed and counts failures;
# finish() exits non-zero if any check failed.
failures=0
OUT=""

# run CMD...: runs it, keeps stdout+stderr in $OUT and the exit code in $RC.
run() {
  set +e
  OUT=$("$@" 2>&1)
  RC=$?
  set -e
}

# expect_exit CODE CMD...
expect_exit() {
  local want=$1; shift
  run "$@"
  if [ "$RC" != "$want" ]; then
    echo "FAIL: exit $RC, expected $want: $*" >&2
    echo "      output: $OUT" >&2
    failures=$((failures + 1))
  fi
}

# expect_output TEXT: the last run's output contains TEXT (fixed string).
expect_output() {
  if ! grep -qF -- "$1" <<<"$OUT"; then
    echo "FAIL: output lacks: $1" >&2
    echo "      output: $OUT" >&2
    failures=$((failures + 1))
  fi
}

# expect_no_output TEXT: the last run's output does not contain TEXT.
expect_no_output() {
  if grep -qF -- "$1" <<<"$OUT"; then
    echo "FAIL: output contains: $1" >&2
    failures=$((failures + 1))
  fi
}

# fail MESSAGE: a failed check that is not an exit code or output.
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# skip_unless_root WHY: a test that needs root exits 77 (ctest: skipped)
# and says why when it is not root. CI runs as root.
skip_unless_root() {
  [ "$(id -u)" = 0 ] && return 0
  echo "SKIP: $*"
  exit 77
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}
