#!/usr/bin/env bash
# check_config_test.sh — `umind --version` and `umind -c FILE --check-config`
# (exit 0 valid, 2 invalid with file:line:col and key), including the
# readability of the secret files the config names.
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
: >"$tmp/ldap.secret"
expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
expect_output "the file is empty"
echo 's3cret-value' >"$tmp/ldap.secret"
expect_exit 0 "$UMIND" -c "$tmp/secret.yaml" --check-config
expect_no_output "s3cret-value"
if [ "$(id -u)" != 0 ]; then   # root reads any file: only checkable unprivileged
  chmod 000 "$tmp/ldap.secret"
  expect_exit 2 "$UMIND" -c "$tmp/secret.yaml" --check-config
  expect_output "Permission denied"
fi

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
