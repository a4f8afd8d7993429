# hosts_lib.sh — the deployment test's hosts, set up as README "Deployment"
# says, from the shipped files only: slapd from ldap-schema/slapd-provider.conf
# and slapd-consumer.conf (tests/fixtures/slapd.sh fills them with fill.sh),
# umind from conf/umind.yaml / conf/umind-mx.yaml with only named values
# changed (tests/lib/ship_conf.py), Postfix with conf/postfix-main.cf.snippet's
# milter hook-up (tests/fixtures/postfix.sh, chrooted smtpd). Each host lives
# in its network namespace (netns_lib.sh) and in DEPLOY_TMP/HOST: s/ (slapd),
# etc/ (for /etc/umind and /etc/ldap/ldap.conf), lib/ and run/ (for
# /var/lib/umind and /run/umind), p/ (Postfix; p/queue for /var/spool/postfix),
# umind.yaml, umind.log. umind runs as its unit does: as an unprivileged user
# (nobody here, for the umind user), with a clean environment and the host's
# ldap.conf (LDAPCONF: libldap's TLS CA for StartTLS).
# Source after assert.sh, netns_lib.sh and tests/milter/milter_lib.sh; set
# DEPLOY_TMP, UMIND_BIN, UMINCTL_BIN.
#   central_up                 provider slapd (also on ldap://ADDR_c/) with cn=milter,
#                              umind with all four roles; CTL = uminctl there
#   mx_up HOST ldapi|starttls  consumer slapd (also on ldap://ADDR/), umind (roles [milter])
#                              reading it over ldapi:/// or ldap://ADDR/ + StartTLS, Postfix
#   umind_start HOST [LDAPCONF] start HOST's umind (the command line is kept for restarts)
#   umind_restart HOST         the same command line again, as systemd's Restart= would
#   umind_stop HOST / umind_sigkill HOST
#   replica_loads HOST         how many "replica loaded" lines HOST's umind log has
#   wait_replica_loads HOST N  until it has N (<= 15 s)
#   mx_ctl HOST [LDAPCONF] ARGS...  uminctl on an MX host (reads its replica)
#   mx_use HOST                mail_lib.sh's send & co. now go through HOST's Postfix
#   tls_client CA CMD...       an LDAP client trusting only CA (StartTLS, demand); CMD is a
#                              program (ip netns exec NS ldapwhoami …), not a function
#   dump_logs                  the ends of every log (on failure)
ADDR_c=10.231.0.1 ADDR_m1=10.231.0.2 ADDR_m2=10.231.0.3
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FIXTURES=$SRC/tests/fixtures
UMIND_UID=$(id -u nobody) UMIND_GID=$(getent group nogroup | cut -d: -f3)
MILTER_PW=milter-deploy-secret
export LDAPNOINIT=1   # our own ldapsearch & co. read no ldap.conf (tls_client and umind set theirs)

hdir() { echo "$DEPLOY_TMP/$1"; }
addr() { local v="ADDR_$1"; echo "${!v}"; }
envval() { sed -n "s/^$1=//p" "$2"; }
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }
AS_UMIND=(setpriv --reuid="$UMIND_UID" --regid="$UMIND_GID" --clear-groups)   # the unit's User=/Group=
tls_client() { local ca=$1; shift; env -u LDAPNOINIT LDAPCONF=/dev/null HOME="$DEPLOY_TMP" LDAPTLS_CACERT="$ca" LDAPTLS_REQCERT=demand "$@"; }

# ship_yaml HOST SHIPPED EDIT...: HOST's umind.yaml from a shipped file, then
# `umind --check-config` as the unit's ExecStartPre runs it.
ship_yaml() {
  local h=$1 shipped=$2 d; d=$(hdir "$1"); shift 2
  "$SRC/tests/lib/ship_conf.py" "$SRC/$shipped" "$@" >"$d/umind.yaml"
  on "$h" "${AS_UMIND[@]}" "$UMIND_BIN" -c "$d/umind.yaml" --check-config >"$d/check-config.log" 2>&1 ||
    { cat "$d/check-config.log" >&2; fail "$h: umind --check-config refused its umind.yaml"; return 1; }
}

# ldap_conf FILE CA: an ldap.conf (as /etc/ldap/ldap.conf) naming CA for TLS.
ldap_conf() { printf 'TLS_CACERT %s\nTLS_REQCERT demand\n' "$2" >"$1"; }

umind_start() {   # HOST [LDAPCONF]
  local h=$1 d; d=$(hdir "$1")
  local conf=${2:-$d/etc/ldap.conf}
  printf '%q ' ip netns exec "$(ns "$h")" "${AS_UMIND[@]}" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LDAPCONF="$conf" "$UMIND_BIN" -c "$d/umind.yaml" >"$d/umind.cmd"
  umind_restart "$h"
}
umind_restart() {   # HOST: the kept command line, log appended
  local d; d=$(hdir "$1")
  eval "$(cat "$d/umind.cmd")" '</dev/null >>"$d/umind.log" 2>&1 &'
  echo $! >"$d/umind.pid"
  disown $!   # no job notices ("Killed"); stopped by its PID
}
umind_pid() { cat "$(hdir "$1")/umind.pid" 2>/dev/null; }
umind_sigkill() {
  local pid; pid=$(umind_pid "$1")
  kill -9 "$pid"
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.02; done
  fail "$1: umind $pid still alive after SIGKILL"
}
umind_stop() {   # HOST: SIGTERM, bounded wait; a connection to the milter socket wakes libmilter's listener
  local h=$1 pid sock; pid=$(umind_pid "$1")
  [ -n "$pid" ] && alive "$pid" || return 0
  kill "$pid"
  sock=$(sed -n "s/^  listen: 'unix:\(.*\)'.*/\1/p" "$(hdir "$h")/umind.yaml" | head -1)
  # (refused once umind has closed it: fine, and not a failure under set -e)
  [ -S "$sock" ] && python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$sock" 2>/dev/null || true
  for _ in $(seq 1 200); do alive "$pid" || return 0; sleep 0.05; done
  fail "$h: umind $pid ignored SIGTERM for 10 s"
  kill -9 "$pid" 2>/dev/null || true
}
replica_loads() { grep -c "replica loaded" "$(hdir "$1")/umind.log" 2>/dev/null || true; }
wait_replica_loads() {   # HOST N
  for _ in $(seq 1 300); do
    [ "$(replica_loads "$1")" -ge "$2" ] && return 0
    alive "$(umind_pid "$1")" || break
    sleep 0.05
  done
  fail "$1: umind did not load its replica (want $2 \"replica loaded\" lines)"
  tail -n 5 "$(hdir "$1")/umind.log" >&2
  return 1
}

# umind_dirs HOST: what systemd/umind.tmpfiles.conf and the unit make, with
# the umind user: /run/umind, /var/lib/umind (0750), /etc/umind (0750 root:umind).
umind_dirs() {
  local d; d=$(hdir "$1")
  install -d -m 0750 -o "$UMIND_UID" -g "$UMIND_GID" "$d/run" "$d/lib"
  install -d -m 0750 -o root -g "$UMIND_GID" "$d/etc"
  ldap_conf "$d/etc/ldap.conf" "$DEPLOY_TMP/ca/ca.crt"
}

# on_replica HOST DN: HOST's slapd holds DN (asked as root over its ldapi
# socket; a unix socket is reachable from any namespace).
on_replica() {
  local uri; uri=$(envval LDAPI_URI "$(hdir "$1")/s/env")
  ldapsearch -Q -Y EXTERNAL -H "$uri" -LLL -b "$2" -s base dn 2>/dev/null | grep -q '^dn:'
}

central_up() {
  local d; d=$(hdir c)
  SLAPD_ADDR=$ADDR_c SLAPD_UMIND_UID=$UMIND_UID SLAPD_TLS_CA_DIR=$DEPLOY_TMP/ca \
    on c "$FIXTURES/slapd.sh" start "$d/s" >/dev/null
  BASE=$(envval LDAP_BASE "$d/s/env")
  local ldapi; ldapi=$(envval LDAPI_URI "$d/s/env")
  # the service DN the MX hosts' umind binds as (README / ldap-schema/README.md "Service DNs");
  # cn=replicator is in the fixture's seed. They replicate.
  on c ldapadd -Q -Y EXTERNAL -H "$ldapi" >/dev/null <<LDIF
dn: cn=milter,ou=system,$BASE
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: milter
userPassword: $(slappasswd -o module-load=pw-sha2 -h '{SSHA512}' -s "$MILTER_PW")
LDIF
  umind_dirs c
  # the milter role's socket directory (umind.tmpfiles.conf); no Postfix on this host
  shipped_milter_socket "$d/spool" nobody
  ship_yaml c conf/umind.yaml "ldap.uri=$ldapi" \
    "store.path@/var/lib/umind=$d/lib" "api.listen@/run/umind=$d/run" \
    "milter.listen@/var/spool/postfix=$d/spool" \
    sync.heartbeat_interval=1s milter.max_staleness=3s log.target=stderr || return 1
  umind_start c
  CTL="on c $UMINCTL_BIN -c $d/umind.yaml"
  for _ in $(seq 1 200); do
    [ -S "$d/run/api.sock" ] && $CTL status >/dev/null 2>&1 && break
    alive "$(umind_pid c)" || break
    sleep 0.05
  done
  $CTL status >/dev/null 2>&1 || { fail "central: umind's API did not answer"; tail -n 20 "$d/umind.log" >&2; return 1; }
  wait_replica_loads c 1
}

mx_up() {   # HOST ldapi|starttls
  local h=$1 mode=$2 d a uri
  d=$(hdir "$h") a=$(addr "$h")
  SLAPD_PROVIDER=ldap://$ADDR_c/ SLAPD_TLS_CA_DIR=$DEPLOY_TMP/ca SLAPD_ADDR=$a \
    on "$h" "$FIXTURES/slapd.sh" start "$d/s" >/dev/null
  for _ in $(seq 1 150); do on_replica "$h" "cn=milter,ou=system,$BASE" && break; sleep 0.1; done
  on_replica "$h" "cn=milter,ou=system,$BASE" || { fail "$h: the replica has no cn=milter after 15 s"; return 1; }
  umind_dirs "$h"
  install -m 0640 -o root -g "$UMIND_GID" /dev/null "$d/etc/ldap-milter.secret"
  echo "$MILTER_PW" >"$d/etc/ldap-milter.secret"
  shipped_milter_socket "$d/p/queue" nobody
  case $mode in
    ldapi) uri=("ldap.uri=$(envval LDAPI_URI "$d/s/env")");;
    starttls) uri=("ldap.uri=ldap://$a/" ldap.starttls=true);;
  esac
  ship_yaml "$h" conf/umind-mx.yaml "${uri[@]}" "ldap.bind_password_file@/etc/umind=$d/etc" \
    "milter.listen@/var/spool/postfix=$d/p/queue" milter.max_staleness=3s log.target=stderr || return 1
  grep -q "^  listen: 'unix:$MILTER_SOCK'" "$d/umind.yaml" ||
    fail "$h: umind.yaml's milter.listen is not the shipped socket $MILTER_SOCK"
  umind_start "$h"
  wait_replica_loads "$h" 1 || return 1
  POSTFIX_SMTPD_CHROOT=y POSTFIX_EXTRA="$(milter_hookup)" on "$h" "$FIXTURES/postfix.sh" start "$d/p" "$PF_MILTER"
}

# mx_ctl HOST [LDAPCONF] ARGS...: uminctl on an MX host with its umind.yaml (it reads
# the replica with the config's LDAP settings) and that host's ldap.conf.
mx_ctl() {
  local h=$1 conf; shift
  conf=$(hdir "$h")/etc/ldap.conf
  case ${1:-} in /*) conf=$1; shift;; esac
  on "$h" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LDAPCONF="$conf" "$UMINCTL_BIN" -c "$(hdir "$h")/umind.yaml" "$@"
}

mx_use() {
  local env; env=$(hdir "$1")/p/env
  SMTP_PORT=$(envval SMTP_PORT "$env") SINK_DIR=$(envval SINK_DIR "$env")
  MAIL_EXEC="ip netns exec $(ns "$1")" MAIL_HOST=$1
}

# hosts_down: Postfix, then the umind processes, then slapd, each by the PID it recorded.
hosts_down() {
  local h
  for h in m1 m2; do "$FIXTURES/postfix.sh" stop "$(hdir "$h")/p" >/dev/null 2>&1 || true; done
  for h in m1 m2 c; do umind_stop "$h" || true; done
  for h in x m1 m2 c; do "$FIXTURES/slapd.sh" stop "$(hdir "$h")/s" >/dev/null 2>&1 || true; done
}

dump_logs() {
  local f
  for f in "$DEPLOY_TMP"/*/umind.log "$DEPLOY_TMP"/*/s/slapd.log "$DEPLOY_TMP"/*/p/maillog; do
    [ -s "$f" ] || continue
    echo "--- $f (last 15 lines)" >&2
    tail -n 15 "$f" >&2
  done
}
