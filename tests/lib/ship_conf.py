#!/usr/bin/env python3
# ship_conf.py — a shipped YAML config (conf/umind.yaml, conf/umind-mx.yaml)
# for one test host: the file copied as it is, comments and all, with only
# the named values changed. Tests use it instead of writing a umind.yaml of
# their own, so what runs is what ships.
#
#   ship_conf.py SHIPPED EDIT... > OUT
#     KEY=VALUE        set the dotted KEY (e.g. ldap.uri=ldapi://%2Ftmp%2Fx%2Fldapi/,
#                      ldap.starttls=true, sync.heartbeat_interval=1s) to VALUE, read as YAML
#                      (a string is written single-quoted)
#     KEY@OLD=NEW      in KEY's string value replace the prefix OLD by NEW (a path
#                      moved to the host's directory: milter.listen@/var/spool/postfix=/tmp/x/queue)
#
# Fails (exit 2, nothing written) when a KEY is not in the file, is not a
# plain one-line scalar, a KEY@OLD value does not contain OLD, or the result
# differs from the shipped file anywhere but in the named keys.
import re
import sys

import yaml


def die(msg):
    print(f"ship_conf.py: {msg}", file=sys.stderr)
    sys.exit(2)


def leaves(node, prefix=""):
    out = {}
    for k, v in (node or {}).items():
        if isinstance(v, dict):
            out.update(leaves(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def quote(value):
    return "'" + str(value).replace("'", "''") + "'"


# A block-mapping line "  key: value   # comment": indent, key, value, rest.
LINE = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+):(?P<sep> +)(?P<value>'[^']*'|\"[^\"]*\"|[^#\s][^#]*?)"
                  r"(?P<rest>\s+#.*|\s*)$")
HEAD = re.compile(r"^(?P<indent> *)(?P<key>[a-z_]+):\s*(#.*)?$")


def locate(lines, dotted):
    """Index of the line holding the dotted key's scalar (block mappings only)."""
    path = dotted.split(".")
    stack = []  # (indent, key) of the enclosing block mappings
    for i, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = LINE.match(line) or HEAD.match(line)
        if not m:
            continue
        indent = len(m.group("indent"))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        keys = [k for _, k in stack] + [m.group("key")]
        if keys == path and LINE.match(line):
            return i
        if HEAD.match(line):
            stack.append((indent, m.group("key")))
    die(f"{dotted}: no such one-line key in the shipped file")


def main():
    if len(sys.argv) < 3:
        die("usage: ship_conf.py SHIPPED KEY=VALUE|KEY@OLD=NEW...")
    shipped = sys.argv[1]
    with open(shipped, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    before = leaves(yaml.safe_load(text))
    want = {}
    for edit in sys.argv[2:]:
        key, sep, value = edit.partition("=")
        if not sep:
            die(f"not KEY=VALUE or KEY@OLD=NEW: {edit}")
        key, at, old = key.partition("@")
        if key not in before:
            die(f"{key}: not in {shipped}")
        if at:
            current = before[key]
            if not isinstance(current, str) or old not in current:
                die(f"{key}: the shipped value {current!r} does not contain {old!r}")
            new = current.replace(old, value, 1)
            text_value = quote(new)
        else:
            new = yaml.safe_load(value)
            text_value = quote(new) if isinstance(new, str) else value
        i = locate(lines, key)
        m = LINE.match(lines[i])
        lines[i] = f"{m.group('indent')}{m.group('key')}:{m.group('sep')}{text_value}{m.group('rest')}"
        want[key] = new
    out = "\n".join(lines)
    after = leaves(yaml.safe_load(out))
    for k in sorted(set(before) | set(after)):
        expected = want.get(k, before.get(k))
        if after.get(k) != expected:
            die(f"{k}: the edited file says {after.get(k)!r}, expected {expected!r}")
    sys.stdout.write(out)


main()
