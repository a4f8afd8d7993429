#!/usr/bin/env bash
# install_test.sh — the Debian package as an operator meets it: builds it
# (scripts/package, lintian included), installs it with apt, checks the umind
# user and group, directory modes, conffiles, the installed units
# (systemd-analyze verify), the man pages, completion, `umind --version`,
# `--check-config` of the installed conffiles as user umind, `uminctl id
# check`; then purges it and checks that only the umind user and group stay
# (a kept account store is checked too). Needs root: exit 77 (skipped)
# otherwise. Changes the system, so CTest runs it alone (RUN_SERIAL).
#   install_test.sh SRC_DIR
# UMIND_DEB=FILE installs that .deb instead of building one (while iterating).
set -euo pipefail
. "$(dirname "$0")/../lib/assert.sh"
SRC=$(cd "$1" && pwd)
[ "$(id -u)" = 0 ] || { echo "install_test: needs root, skipped"; exit 77; }
export DEBIAN_FRONTEND=noninteractive
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# A clean start: no umind package and no umind user (purge keeps the user by
# design, so a previous run would hide whether postinst creates it).
if dpkg-query -W -f='${db:Status-Status}' umind 2>/dev/null | grep -qv not-installed; then
  apt-get purge -y -q umind >/dev/null
fi
if getent passwd umind >/dev/null; then userdel umind; fi
if getent group umind >/dev/null; then groupdel umind; fi
[ -e /var/lib/umind ] && fail "/var/lib/umind exists before the install; move it away first" && finish

if [ -n "${UMIND_DEB:-}" ]; then
  deb=$(realpath "$UMIND_DEB")
else
  echo "== build the package"
  "$SRC/scripts/package"
  deb=$(ls "$SRC"/build-deb/umind_*_"$(dpkg --print-architecture)".deb)
fi

echo "== apt-get install $(basename "$deb")"
expect_exit 0 apt-get install -y -q "$deb"
[ "$RC" = 0 ] || { echo "$OUT"; finish; }
version=$(dpkg-query -W -f='${Version}' umind)
dpkg -L umind | sort >"$tmp/files"

echo "== user, group, directories"
expect_exit 0 getent passwd umind
IFS=: read -r _ _ uid gid _ home shell <<<"$OUT"
[ "$uid" -lt 1000 ] || fail "umind is not a system user (uid $uid)"
[ "$(getent group umind | cut -d: -f3)" = "$gid" ] || fail "umind's primary group is not umind"
[ "$home" = /var/lib/umind ] || fail "umind's home is $home, expected /var/lib/umind"
case $shell in */nologin | */false) ;; *) fail "umind has a login shell: $shell" ;; esac
check_dir() {   # check_dir PATH MODE OWNER:GROUP
  local got; got=$(stat -c '%a %U:%G' "$1" 2>/dev/null || echo missing)
  [ "$got" = "$2 $3" ] || fail "$1 is '$got', expected '$2 $3'"
}
check_dir /etc/umind 750 root:umind
check_dir /var/lib/umind 750 umind:umind
check_dir /run/umind 750 umind:umind
for f in /etc/umind/umind.yaml /etc/umind/umind-mx.yaml; do
  grep -qx "$f" <(dpkg-query -W -f='${Conffiles}\n' umind | awk '{print $1}') || fail "$f is not a conffile"
done
for f in /usr/sbin/umind /usr/bin/uminctl /lib/systemd/system/umind.service \
         /lib/systemd/system/umind-milter.service /usr/lib/sysusers.d/umind.conf \
         /usr/lib/tmpfiles.d/umind.conf /usr/share/umind/ldap-schema/umin.schema \
         /usr/share/umind/ldap-schema/umin.ldif /usr/share/umind/ldap-schema/base.ldif \
         /usr/share/umind/ldap-schema/acl.conf /usr/share/umind/ldap-schema/acl.ldif \
         /usr/share/doc/umind/examples/postfix-main.cf.snippet \
         /usr/share/doc/umind/examples/sendmail.mc.snippet \
         /usr/share/doc/umind/examples/umind-rules.yml \
         /usr/share/bash-completion/completions/uminctl; do
  [ -e "$f" ] || fail "the package did not install $f"
done
# Installed, neither enabled nor started (debian/rules).
for u in umind umind-milter; do
  [ ! -e /etc/systemd/system/multi-user.target.wants/$u.service ] || fail "$u.service got enabled"
done

echo "== systemd-analyze verify of the installed units"
for u in /lib/systemd/system/umind.service /lib/systemd/system/umind-milter.service; do
  expect_exit 0 systemd-analyze verify "$u"
  expect_no_output "$(basename "$u"):"
done

echo "== man pages and completion"
expect_exit 0 man -w umind uminctl umind.yaml
[ "$(wc -l <<<"$OUT")" = 3 ] || fail "man -w found: $OUT"
expect_exit 0 env MANWIDTH=200 man --no-hyphenation --no-justification -P cat umind.yaml
page=$OUT
# Every key of the installed sample, in the page with its default.
python3 - "$page" <<'PY' || fail "man umind.yaml lacks keys or defaults (above)"
import sys, yaml
def leaves(n, p=""):
    for k, v in n.items():
        yield from leaves(v, f"{p}{k}.") if isinstance(v, dict) else [(f"{p}{k}", v)]
page, bad = sys.argv[1], 0
lines = page.splitlines()
for key, value in leaves(yaml.safe_load(open("/etc/umind/umind.yaml"))):
    at = [i for i, l in enumerate(lines) if l.strip() == key]
    got = lines[at[0] + 1].strip() if at else None
    if not got or not got.startswith("Default: ") or yaml.safe_load(got[9:]) != value:
        print(f"FAIL: man umind.yaml: {key}: {got!r}, expected the default {value!r}", file=sys.stderr)
        bad = 1
sys.exit(bad)
PY
expect_exit 0 bash -c '. /usr/share/bash-completion/completions/uminctl && complete -p uminctl'
expect_output "_uminctl"

echo "== umind and uminctl"
expect_exit 0 /usr/sbin/umind --version
expect_output "umind ${version%%-*}"
expect_exit 0 runuser -u umind -- /usr/sbin/umind -c /etc/umind/umind.yaml --check-config
# The MX sample names a secret the operator has not written yet.
expect_exit 2 runuser -u umind -- /usr/sbin/umind -c /etc/umind/umind-mx.yaml --check-config
expect_output "/etc/umind/ldap-milter.secret"
# Modes: other users cannot read /etc/umind.
expect_exit 2 runuser -u nobody -- /usr/sbin/umind -c /etc/umind/umind.yaml --check-config
expect_exit 0 /usr/bin/uminctl id check taro-tky --kind personal
expect_exit 1 /usr/bin/uminctl id check Taro-tky
expect_exit 0 runuser -u umind -- /usr/bin/uminctl id check taro-tky

echo "== purge"
expect_exit 0 apt-get purge -y -q umind
status=$(dpkg-query -W -f='${db:Status-Status}' umind 2>/dev/null || true)
[ -z "$status" ] || [ "$status" = not-installed ] || fail "after purge dpkg says: $status"
left=()
while read -r f; do
  case $f in /. | /etc | /lib | /lib/systemd | /lib/systemd/system | /usr | /usr/bin | /usr/sbin \
    | /usr/lib | /usr/lib/sysusers.d | /usr/lib/tmpfiles.d | /usr/share | /usr/share/doc \
    | /usr/share/man | /usr/share/man/man5 | /usr/share/man/man8 | /usr/share/bash-completion \
    | /usr/share/bash-completion/completions) continue ;;
  esac
  [ -e "$f" ] || [ -L "$f" ] && left+=("$f")
done <"$tmp/files"
[ ${#left[@]} = 0 ] || fail "left after purge: ${left[*]}"
for d in /etc/umind /var/lib/umind /run/umind; do [ ! -e $d ] || fail "$d is left after purge"; done
# What Debian keeps: the system user and group (files may still be theirs).
getent passwd umind >/dev/null || fail "purge removed the umind user"
getent group umind >/dev/null || fail "purge removed the umind group"

echo "== purge keeps an account store"
expect_exit 0 apt-get install -y -q "$deb"
echo data >/var/lib/umind/umind.db
expect_exit 0 apt-get purge -y -q umind
expect_output "keeping /var/lib/umind"
[ -s /var/lib/umind/umind.db ] || fail "purge deleted the account store"
rm -rf /var/lib/umind
finish
