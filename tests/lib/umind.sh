# umind.sh — start and stop a private umind for tests: a temp dir with its
# YAML, store, API socket and fake clock file. Source it after assert.sh.
#   umind_start DIR [EXTRA_YAML]   -> UMIND_PID, CTL (uminctl command line)
#     (UMIND_API_EXTRA='socket_mode: 0600' adds keys to the api: section,
#      UMIND_ROLES='store, api, sync' replaces the roles,
#      UMIND_METRICS=127.0.0.1:PORT turns the metrics listener on)
#   set_clock ISO8601               moves the daemon's business clock
#   umind_stop / umind_kill
UMIND_BIN=${UMIND_BIN:-umind}
UMINCTL_BIN=${UMINCTL_BIN:-uminctl}

umind_start() {
  UMIND_DIR=$1
  local extra=${2:-}
  mkdir -p "$UMIND_DIR"
  [ -f "$UMIND_DIR/clock" ] || echo "2026-11-25T09:00:00Z" >"$UMIND_DIR/clock"
  cat >"$UMIND_DIR/umind.yaml" <<YAML
roles: [${UMIND_ROLES:-store, api}]
store: {path: $UMIND_DIR/umind.db}
api: {listen: 'unix:$UMIND_DIR/api.sock'${UMIND_API_EXTRA:+, $UMIND_API_EXTRA}}
metrics: {listen: '${UMIND_METRICS:-}'}
log: {target: stderr, level: info}
$extra
YAML
  "$UMIND_BIN" -c "$UMIND_DIR/umind.yaml" --fake-clock "$UMIND_DIR/clock" </dev/null >>"$UMIND_DIR/umind.log" 2>&1 &
  UMIND_PID=$!
  CTL="$UMINCTL_BIN -c $UMIND_DIR/umind.yaml"
  local i
  for i in $(seq 1 100); do
    [ -S "$UMIND_DIR/api.sock" ] && $CTL status >/dev/null 2>&1 && return 0
    kill -0 "$UMIND_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "umind did not come up; log:" >&2
  cat "$UMIND_DIR/umind.log" >&2
  return 1
}

set_clock() { echo "$1" >"$UMIND_DIR/clock"; }

umind_stop() {
  kill "$UMIND_PID" 2>/dev/null || return 0
  local i
  for i in $(seq 1 100); do kill -0 "$UMIND_PID" 2>/dev/null || { wait "$UMIND_PID" 2>/dev/null; return 0; }; sleep 0.05; done
  echo "umind ignored SIGTERM for 5 s" >&2
  kill -9 "$UMIND_PID" 2>/dev/null || true
  return 1
}

umind_kill() { kill -9 "$UMIND_PID" 2>/dev/null || true; wait "$UMIND_PID" 2>/dev/null || true; }

# umind_test_begin NAME [EXTRA_YAML]: a temp dir in $tmp (removed on exit,
# with umind stopped), and umind started in it.
umind_test_begin() {
  tmp=$(mktemp -d "/tmp/$1.XXXXXX")
  trap 'umind_stop; rm -rf "$tmp"' EXIT
  umind_start "$tmp" "${2:-}"
}
