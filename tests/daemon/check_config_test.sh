#!/usr/bin/env bash
# check_config_test.sh — `umind --version` and `umind -c FILE --check-config`
# (exit 0 valid, 2 invalid with file:line:col and key), including the
# readability, modes and content of the secret files the config names.
#   check_config_test.sh UMIND SAMPLE_CONFIG
set -euo pipefail
. "$(dirname "$0")/../lib/assert.sh"
UMIND=$1
SAMPLE=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

expect_exit 0 "$UMIND" --version
expect_output "umind 0."

: >"$tmp/empty.yaml"
expect_exit 0 "$UMIND" -c "$tmp/empty.yaml" --check-config
expect_output "configuration is valid"
expect_exit 0 "$UMIND" -c "$SAMPLE" --check-config

printf 'sync:\n  batch_size: many\n' >"$tmp/bad.yaml"
expect_exit 2 "$UMIND" -c "$tmp/bad.yaml" --check-config
expect_output "$tmp/bad.yaml:2:3: sync.batch_size: expected a positive integer (at most 1000000), got \"many\""

expect_exit 2 "$UMIND" -c "$tmp/nope.yaml" --check-config
expect_output "nope.yaml:1:1: (file): cannot read: No such file or directory"

# secret files must exist, be regular, readable and non-empty
cat >"$tmp/secret.yaml" <<YAML
ldap:
  bind_dn: cn=umind,ou=system,dc=umin,dc=ac,dc=jp
  bind_password_file: $tmp/ldap.secret
YAML
expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
expect_output "secret.yaml:3:3: ldap.bind_password_file: cannot use secret file '$tmp/ldap.secret': No such file or directory"
: >"$tmp/ldap.secret"; chmod 600 "$tmp/ldap.secret"
expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
expect_output "the file is empty"
echo 's3cret-value' >"$tmp/ldap.secret"; chmod 600 "$tmp/ldap.secret"
expect_exit 0 "$UMIND" -c "$tmp/secret.yaml" --check-config
expect_no_output "s3cret-value"
if [ "$(id -u)" != 0 ]; then   # root reads any file: only checkable unprivileged
  chmod 000 "$tmp/ldap.secret"
  expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
  expect_output "Permission denied"
fi

# secret files open to others are refused, naming key, file and mode
# (OpenSSH's rule for key files; group read stays allowed for group umind)
echo 's3cret-value' >"$tmp/ldap.secret"
for mode in 0644 0604 0601 0660 0666; do
  chmod "$mode" "$tmp/ldap.secret"
  expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
  expect_output "secret.yaml:3:3: ldap.bind_password_file: cannot use secret file '$tmp/ldap.secret': mode $mode"
  expect_output "chmod it to 0600"
  expect_no_output "s3cret-value"
done
for mode in 0600 0640 0400 0440; do
  chmod "$mode" "$tmp/ldap.secret"
  expect_exit 0 "$UMIND" -c "$tmp/secret.yaml" --check-config
done
# ... and umind refuses to start with one, before it touches anything
chmod 0644 "$tmp/ldap.secret"
printf 'roles: [store]\nstore: {path: %s/loose.db}\nlog: {target: stderr}\nldap:\n  bind_dn: cn=umind,ou=system,dc=umin,dc=ac,dc=jp\n  bind_password_file: %s\n' \
  "$tmp" "$tmp/ldap.secret" >"$tmp/loose.yaml"
expect_exit 2 timeout 10 "$UMIND" -c "$tmp/loose.yaml"   # a start that goes on is a failure
expect_output "ldap.bind_password_file: cannot use secret file '$tmp/ldap.secret': mode 0644"
[ ! -e "$tmp/loose.db" ] || fail "umind created its store despite a world-readable secret"

# api.token_file: the same mode rule, and the content rule the API role
# applies at start (daemon/http/token_file.cpp, via core/token_text)
tok() { printf "api: {listen: 'inet:127.0.0.1:1', token_file: %s}\n" "$tmp/api.token" >"$tmp/tok.yaml"; }
tok
printf 'good-token-value\n' >"$tmp/api.token"; chmod 0600 "$tmp/api.token"
expect_exit 0 "$UMIND" -c "$tmp/tok.yaml" --check-config
chmod 0604 "$tmp/api.token"
expect_exit 2 "$UMIND" -c "$tmp/tok.yaml" --check-config
expect_output "tok.yaml:1:35: api.token_file: cannot use secret file '$tmp/api.token': mode 0604 gives every local user access"
for content in 'two words' $'\n \n' "$(head -c 5000 /dev/zero | tr '\0' a)"; do
  printf '%s' "$content" >"$tmp/api.token"; chmod 0600 "$tmp/api.token"
  expect_exit 2 "$UMIND" -c "$tmp/tok.yaml" --check-config
  expect_output "api.token_file: cannot use secret file '$tmp/api.token': "
  expect_no_output "two words"
done

# a config path that is a directory is not an empty (all-defaults) config
mkdir "$tmp/conf.d"
expect_exit 2 "$UMIND" -c "$tmp/conf.d" --check-config
expect_output "conf.d:1:1: (file): cannot read: it is a directory, not a YAML file"

# the API socket's group must exist on this host
printf 'api: {socket_group: no-such-group-umind}\n' >"$tmp/group.yaml"
expect_exit 2 "$UMIND" -c "$tmp/group.yaml" --check-config
expect_output "group.yaml:1:7: api.socket_group: cannot use group 'no-such-group-umind': no such group"
printf 'api: {socket_group: %s, socket_mode: 0640}\n' "$(id -gn)" >"$tmp/group.yaml"
expect_exit 0 "$UMIND" -c "$tmp/group.yaml" --check-config

expect_exit 2 "$UMIND" --no-such-option
# a valid config whose store cannot be opened: umind says why and exits 1
printf 'roles: [store]\nstore: {path: %s/no/such/dir/u.db}\nlog: {target: stderr}\n' "$tmp" >"$tmp/nostore.yaml"
expect_exit 1 "$UMIND" -c "$tmp/nostore.yaml"
expect_output "cannot start: store role: cannot open store $tmp/no/such/dir/u.db"

# role sets the daemon cannot run are refused by --check-config (so that
# ExecStartPre catches them), at the position of the list, naming roles
for set in "" "api" "sync" "api, sync" "sync, milter" "api, milter" "milter, api, sync"; do
  printf '# roles\nroles: [%s]\n' "$set" >"$tmp/roles.yaml"
  expect_exit 2 "$UMIND" -c "$tmp/roles.yaml" --check-config
  if [ -n "$set" ]; then
    expect_output "$tmp/roles.yaml:2:8: roles: [$set] cannot run"
    expect_output "only [milter] alone is possible"
  else
    expect_output "$tmp/roles.yaml:2:1: roles: expected a non-empty list"
  fi
done
for set in "milter" "store" "store, api" "store, sync" "api, store, milter" "milter, sync, store, api"; do
  printf 'roles: [%s]\n' "$set" >"$tmp/roles.yaml"
  expect_exit 0 "$UMIND" -c "$tmp/roles.yaml" --check-config
done

finish
