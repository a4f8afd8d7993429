#!/bin/bash
# fill.sh — fill the @NAME@ placeholders of a shipped slapd file
# (slapd-provider.conf, slapd-consumer.conf, provider.ldif, consumer.ldif).
#
#   fill.sh TEMPLATE NAME=VALUE... [NAME<FILE...] > OUT
#
# NAME<FILE takes the value from the first line of FILE (a secret such as
# REPLICATOR_PASSWORD, so it is never on a command line). Fails (exit 1,
# nothing printed) when the template holds a placeholder not given, a NAME
# is not in the template, or a value holds a character that would break the
# file (newline, double quote, backslash). Touches nothing but stdout.
set -euo pipefail
die() { echo "fill.sh: $*" >&2; exit 1; }
[ $# -ge 1 ] || { echo "usage: $0 TEMPLATE NAME=VALUE... [NAME<FILE...]" >&2; exit 2; }
tmpl=$1; shift
[ -r "$tmpl" ] || die "cannot read $tmpl"
text=$(cat "$tmpl"; echo x); text=${text%x}      # keep trailing newlines
for arg in "$@"; do
  case $arg in
    *=*) name=${arg%%=*}; value=${arg#*=};;
    *'<'*) name=${arg%%<*}; file=${arg#*<}
           [ -r "$file" ] || die "$name: cannot read $file"
           IFS= read -r value <"$file" || [ -n "$value" ] || die "$name: $file is empty";;
    *) die "not NAME=VALUE or NAME<FILE: $arg";;
  esac
  case $name in ''|*[!A-Z0-9_]*) die "bad placeholder name '$name'";; esac
  case $value in *[\"\\]*|*$'\n'*) die "$name: value holds a quote, backslash or newline";; esac
  [[ $text == *"@$name@"* ]] || die "$tmpl has no @$name@"
  text=${text//@$name@/$value}
done
left=$(grep -o '@[A-Z0-9_]*@' <<<"$text" | sort -u | tr '\n' ' ' || true)
[ -z "$left" ] || die "$tmpl: not filled: $left"
printf '%s' "$text"
