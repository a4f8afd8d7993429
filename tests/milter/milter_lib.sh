# milter_lib.sh — start and stop a private milter-only umind for the milter
# tests, bound to the fixture slapd as cn=milter,ou=system (read-only ACL).
# Source it after assert.sh and the slapd env file.
#   load_routes                    ldapadd routes.ldif once per slapd
#   milter_start DIR LISTEN [URI]  -> MILTER_PID; waits (MILTER_LOAD_WAIT s, 5) until the replica is loaded
#                                     (URI other than the fixture's: no wait)
#   milter_stop                    SIGTERM, bounded wait, checks exit 0
#   free_port                      a port nobody listens on
#   socketmap_hookup SOCK          the socketmap lines of conf/postfix-main.cf.snippet, for socket SOCK
#   milter_hookup                  the active lines of the snippet (section B, the milter), but smtpd_milters
#   shipped_milter_socket QUEUE USER   the shipped milter socket moved into QUEUE -> MILTER_SOCK, PF_MILTER
here_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
UMIND_BIN=${UMIND_BIN:-umind}

. "$(dirname "${BASH_SOURCE[0]}")/../lib/free_port.sh"

load_routes() {
  ldapsearch -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -b "cn=milter,ou=system,$LDAP_BASE" -s base \
    -LLL dn >/dev/null 2>&1 && return 0
  ldapadd -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" -f "$here_lib/routes.ldif" >/dev/null
}

ldap_root() {  # ldapadd|ldapmodify|ldapdelete ARGS... as the rootdn
  local tool=$1; shift
  "$tool" -x -H "$LDAP_URI" -D "$LDAP_ROOTDN" -w "$LDAP_ROOTPW" "$@"
}

#   (MILTER_ROLES='store, milter' runs the milter beside the store; MILTER_MAIL='expired_alias_reply: moved'
#    adds keys to mail:; MILTER_SOCKETMAP=unix:/path also serves the socketmap, DESIGN §6a)
milter_start() {
  MILTER_DIR=$1
  local listen=$2 uri=${3:-$LDAP_URI} i
  mkdir -p "$MILTER_DIR"
  printf 'milter-test-secret\n' >"$MILTER_DIR/bind.pw"; chmod 600 "$MILTER_DIR/bind.pw"
  cat >"$MILTER_DIR/umind.yaml" <<YAML
roles: [${MILTER_ROLES:-milter}]
store: {path: '$MILTER_DIR/umind.db'}
mail: {${MILTER_MAIL:-}}
ldap: {uri: '$uri', base_dn: '$LDAP_BASE', bind_dn: 'cn=milter,ou=system,$LDAP_BASE', bind_password_file: '$MILTER_DIR/bind.pw', timeout: 2s}
milter: {listen: '$listen', max_staleness: ${MILTER_MAX_STALENESS:-10m}, socketmap_listen: '${MILTER_SOCKETMAP:-}'}
metrics: {listen: '${MILTER_METRICS:-}'}
log: {target: stderr, level: info}
YAML
  "$UMIND_BIN" -c "$MILTER_DIR/umind.yaml" </dev/null >>"$MILTER_DIR/umind.log" 2>&1 &
  MILTER_PID=$!
  [ "$uri" = "$LDAP_URI" ] || { sleep 0.3; return 0; }
  for i in $(seq 1 $((${MILTER_LOAD_WAIT:-5} * 20))); do
    grep -q "replica loaded" "$MILTER_DIR/umind.log" && return 0
    kill -0 "$MILTER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "umind (milter) did not load its replica; log:" >&2
  cat "$MILTER_DIR/umind.log" >&2
  return 1
}

milter_stop() {
  [ -n "${MILTER_PID:-}" ] || return 0
  kill "$MILTER_PID" 2>/dev/null || return 0
  local i rc
  for i in $(seq 1 200); do
    if ! kill -0 "$MILTER_PID" 2>/dev/null; then
      rc=0; wait "$MILTER_PID" || rc=$?
      MILTER_PID=
      [ "$rc" = 0 ] || fail "umind (milter) exited $rc after SIGTERM"
      return 0
    fi
    sleep 0.05
  done
  fail "umind (milter) still running 10 s after SIGTERM"
  kill -9 "$MILTER_PID" 2>/dev/null || true
  MILTER_PID=
}

# socketmap_hookup SOCK: the main.cf lines of the snippet's socketmap hook-up
# (its "#name = value" lines, uncommented), the socket's path replaced by SOCK.
socketmap_hookup() {
  sed -n 's/^#\([a-z_]* = \)/\1/p' "$here_lib/../../conf/postfix-main.cf.snippet" |
    sed "s|unix:/umind/socketmap.sock|unix:$1|g"
}

# expect_log TEXT: the milter's log has a line containing TEXT.
expect_log() {
  grep -qF -- "$1" "$MILTER_DIR/umind.log" || fail "umind log lacks: $1"
}

# milter_answer RCPT: what the milter answers at RCPT TO (socket $SOCK):
# "continue", or the SMTP code of the refusal as its log line gives it
# ("550 5.1.1", "451 4.3.0"; umind logs a refusal before it replies).
milter_answer() {
  local rcpt=$1 before out
  before=$(grep -cF -- "'$rcpt':" "$MILTER_DIR/umind.log" || true)
  out=$(miltertest -D "sock=$SOCK" -D "lib=$here_lib/steps.lua" -D "rcpt=$rcpt" -s "$here_lib/answer.lua" 2>&1) ||
    { echo "miltertest failed: $out"; return 0; }
  case $out in *"ANSWER continue"*) echo continue; return 0 ;; esac
  grep -F -- "'$rcpt':" "$MILTER_DIR/umind.log" | tail -n +"$((before + 1))" | tail -n 1 |
    grep -oE '(reject|tempfail) [0-9]{3} [0-9]\.[0-9]+\.[0-9]+' | cut -d' ' -f2-
}

# expect_answer WANT RCPT: the milter answers WANT now.
expect_answer() {
  local got
  got=$(milter_answer "$2")
  [ "$got" = "$1" ] || fail "$2: answered '$got', want '$1'"
}

# wait_answer WANT RCPT SECONDS: milliseconds until the milter answers WANT
# for RCPT (checked every 0.1 s); a failure after SECONDS.
wait_answer() {
  local want=$1 rcpt=$2 t0 i
  t0=$(date +%s%3N)
  for i in $(seq 1 $(($3 * 10))); do
    [ "$(milter_answer "$rcpt")" = "$want" ] && { echo $(( $(date +%s%3N) - t0 )); return 0; }
    sleep 0.1
  done
  fail "$rcpt: not '$want' within $3 s (now '$(milter_answer "$rcpt")')"
  echo 99999
}

# milter_hookup: the snippet's active main.cf lines (section B, the milter
# hook-up) except smtpd_milters, which tests/fixtures/postfix.sh writes itself
# (its MILTER argument: PF_MILTER).
milter_hookup() {
  grep -E '^[a-z_]+ =( |$)' "$here_lib/../../conf/postfix-main.cf.snippet" | grep -v '^smtpd_milters = '
}

# shipped_milter_socket QUEUE USER: the milter socket as shipped, for a
# Postfix whose queue_directory is QUEUE (instead of /var/spool/postfix):
# conf/umind-mx.yaml's default milter.listen must be the path that the
# snippet's smtpd_milters names from a chrooted smtpd; its directory is made
# in QUEUE with the mode and group of systemd/umind.tmpfiles.conf (owner
# USER for umind). Sets MILTER_SOCK (the socket's path) and PF_MILTER (the
# snippet's smtpd_milters value).
shipped_milter_socket() {
  local queue=$1 user=$2 src listen sockdir mode owner group spool=/var/spool/postfix
  src=$(cd "$here_lib/../.." && pwd)
  listen=$(sed -n 's/^  listen: \(unix:[^ ]*\).*/\1/p' "$src/conf/umind-mx.yaml")
  PF_MILTER=$(sed -n 's/^smtpd_milters = //p' "$src/conf/postfix-main.cf.snippet")
  [ "$listen" = "unix:$spool${PF_MILTER#unix:}" ] ||
    fail "umind-mx.yaml listens on '$listen', but the Postfix snippet's chrooted smtpd connects to '$PF_MILTER'"
  sockdir=$(dirname "${listen#unix:}")
  read -r _ _ mode owner group _ < <(awk -v d="$sockdir" '$1 == "d" && $2 == d' "$src/systemd/umind.tmpfiles.conf") || true
  [ "${mode:-}" = 2750 ] && [ "${owner:-}" = umind ] && [ "${group:-}" = postfix ] ||
    fail "umind.tmpfiles.conf makes $sockdir as '${mode:-} ${owner:-} ${group:-}', want 2750 umind postfix"
  mkdir -p "$queue${sockdir#"$spool"}"
  chown "$user:$group" "$queue${sockdir#"$spool"}"; chmod "$mode" "$queue${sockdir#"$spool"}"
  MILTER_SOCK=$queue${listen#"unix:$spool"}
}
