#!/usr/bin/env bash
# transport_test.sh — the admin API transport in the real umind (issue 12):
# the journal's actor is the user the kernel names on the unix socket and
# "token" on TCP, a client's X-Umind-Actor only a claim beside it (finding
# 7); imports that declare 4 GiB and send 2 bytes take no address space for
# the 4 GiB (finding 5).
#   transport_test.sh UMIND UMINCTL
set -euo pipefail
HERE=$(dirname "$0")
. "$HERE/../../lib/assert.sh"
UMIND_BIN=$1 UMINCTL_BIN=$2
. "$HERE/../../lib/umind.sh"
umind_test_begin umtransport
db=$tmp/umind.db
me=$(id -un)
actor_of() {  # the journal's actor for the creation of account $1
  sqlite3 -readonly "$db" "SELECT actor FROM journal WHERE op='account.create' AND json_extract(data,'\$.id')='$1'"
}
create() {  # create ID CURL_ARGS...: POST /v1/accounts with curl
  local id=$1; shift
  curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"id\":\"$id\",\"kind\":\"personal\"}" "$@"
}

# Finding 7, unix socket: uminctl sends no claim; umind names the user.
expect_exit 0 $CTL account create actor-one --kind personal
[ "$(actor_of actor-one)" = "$me" ] || fail "uminctl's actor is '$(actor_of actor-one)', expected '$me'"
# A client that says it is someone else is recorded as a claim only.
[ "$(create actor-two --unix-socket "$tmp/api.sock" -H 'X-Umind-Actor: root' http://localhost/v1/accounts)" = 201 ] ||
  fail "create over the unix socket with a claim"
[ "$(actor_of actor-two)" = "$me (claimed: root)" ] || fail "claimed actor is '$(actor_of actor-two)'"

# Finding 5: 8 imports declaring 4 GiB each and sending 2 bytes.
read -r size0 rss0 size1 rss1 < <(python3 "$HERE/held_bodies.py" "$tmp/api.sock" "$UMIND_PID" 8)
echo "umind while 8 imports declaring 4 GiB hold 2 bytes each: VmSize $((size0 / 1024)) -> $((size1 / 1024)) MiB," \
  "VmRSS $((rss0 / 1024)) -> $((rss1 / 1024)) MiB"
[ $((size1 - size0)) -lt $((256 * 1024)) ] || fail "VmSize grew by $(((size1 - size0) / 1024)) MiB"
expect_exit 0 $CTL status
umind_stop

# Finding 7, TCP: the token's holder, and the claim beside it.
port=$((20000 + RANDOM % 20000))
umask 077
echo "transport-test-token-0123456789" >"$tmp/token"
cat >"$tmp/tcp.yaml" <<YAML
roles: [store, api]
store: {path: $db}
api: {listen: 'inet:127.0.0.1:$port', token_file: $tmp/token}
metrics: {listen: ''}
log: {target: stderr, level: info}
YAML
"$UMIND_BIN" -c "$tmp/tcp.yaml" --fake-clock "$tmp/clock" </dev/null >>"$tmp/umind.log" 2>&1 &
UMIND_PID=$!
bearer=(-H "Authorization: Bearer $(cat "$tmp/token")")
for _ in $(seq 1 100); do
  curl -s -o /dev/null "${bearer[@]}" "http://127.0.0.1:$port/v1/status" && break
  sleep 0.05
done
[ "$(create actor-three "${bearer[@]}" -H 'X-Umind-Actor: web:alice' "http://127.0.0.1:$port/v1/accounts")" = 201 ] ||
  fail "create over TCP with a claim"
[ "$(actor_of actor-three)" = "token (claimed: web:alice)" ] || fail "TCP actor is '$(actor_of actor-three)'"
[ "$(create actor-four "${bearer[@]}" "http://127.0.0.1:$port/v1/accounts")" = 201 ] || fail "create over TCP"
[ "$(actor_of actor-four)" = "token" ] || fail "TCP actor without a claim is '$(actor_of actor-four)'"
finish
