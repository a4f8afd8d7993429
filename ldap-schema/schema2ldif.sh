#!/bin/bash
# schema2ldif.sh — regenerate umin.ldif (cn=config form) from umin.schema.
#
#   schema2ldif.sh [-o OUT] [SCHEMA]     # default SCHEMA: umin.schema next to
#                                        # this script; default OUT: stdout
#   ./schema2ldif.sh -o umin.ldif        # after every edit of umin.schema
#
# slaptest converts a minimal slapd.conf (core.schema + SCHEMA) into a
# throw-away slapd.d; we take its cn={N}umin entry, keep only dn, objectClass,
# cn and the olc* schema attributes (no operational attributes), drop the {N}
# ordering prefixes, name the entry cn=umin,cn=schema,cn=config and fold each
# definition one keyword per line. The output depends only on SCHEMA, so the
# committed umin.ldif must be byte-identical to it (a CTest test checks this).
# Touches nothing outside its own temp dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=-
if [ "${1:-}" = -o ]; then
  [ $# -ge 2 ] || { echo "usage: $0 [-o OUT] [SCHEMA]" >&2; exit 2; }
  out=$2; shift 2
fi
schema=${1:-$here/umin.schema}
[ -r "$schema" ] || { echo "$0: cannot read schema $schema" >&2; exit 2; }
core=${CORE_SCHEMA:-/etc/ldap/schema/core.schema}

tmp=$(mktemp -d /tmp/s2l.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The entry's cn comes from the included file's base name: always "umin".
cp "$schema" "$tmp/umin.schema"
mkdir "$tmp/slapd.d"
cat >"$tmp/slapd.conf" <<EOF
include $core
include $tmp/umin.schema
EOF
if ! slaptest -Q -f "$tmp/slapd.conf" -F "$tmp/slapd.d" >"$tmp/slaptest.log" 2>&1; then
  echo "$0: slaptest rejected $schema:" >&2
  cat "$tmp/slaptest.log" >&2
  exit 1
fi
set -- "$tmp"/slapd.d/cn=config/cn=schema/cn=\{*\}umin.ldif
if [ $# -ne 1 ] || [ ! -f "$1" ]; then echo "$0: slaptest wrote no cn={N}umin entry" >&2; exit 1; fi
entry=$1

{
  cat <<'EOF'
# umin.ldif — umind's LDAP schema (DESIGN §5) in cn=config form.
# GENERATED from umin.schema by schema2ldif.sh: do not edit, regenerate with
#     ldap-schema/schema2ldif.sh -o ldap-schema/umin.ldif
# Load into a running cn=config slapd (after core, cosine, inetorgperson):
#     ldapadd -Y EXTERNAL -H ldapi:/// -f umin.ldif
# OID arc 2.25.45656736342847005305881790465103417197 (.1.N attributes,
# .2.N object classes).
EOF
  # 1) unfold LDIF continuation lines, drop slapd.d's comment header
  awk '
    /^#/ { next }
    /^ / { line = line substr($0, 2); next }
    { if (have) print line; line = $0; have = 1 }
    END { if (have) print line }
  ' "$entry" |
  # 2) keep the schema attributes only; fix dn/cn; strip {N}; fold by keyword
  awk '
    function fold(v,   out, i, c, inq) {
      out = ""; inq = 0
      for (i = 1; i <= length(v); i++) {
        c = substr(v, i, 1)
        if (c == "\047") inq = !inq
        if (!inq && c == " " &&
            substr(v, i + 1) ~ /^(DESC|SUP|EQUALITY|ORDERING|SUBSTR|SYNTAX|MUST|MAY) /) {
          out = out "\n  "       # continuation line: one space + the separator
          continue
        }
        out = out c
      }
      return out
    }
    /^[A-Za-z0-9-]+::/ { print "schema2ldif: base64 value, cannot fold: " $0 > "/dev/stderr"; bad = 1; next }
    /^dn: /          { print "dn: cn=umin,cn=schema,cn=config"; next }
    /^cn: /          { print "cn: umin"; next }
    /^objectClass: / { print; next }
    /^olc(ObjectIdentifier|AttributeTypes|ObjectClasses|LdapSyntaxes|DitContentRules): / {
      name = substr($0, 1, index($0, ":") - 1)
      val = substr($0, length(name) + 3)
      sub(/^\{[0-9]+\}/, "", val)
      print name ": " fold(val)
      next
    }
    END { exit bad }
  '
} >"$tmp/umin.ldif"

if [ "$out" = - ]; then cat "$tmp/umin.ldif"; else cp "$tmp/umin.ldif" "$out"; fi
