#!/usr/bin/env python3
# docs_test.py — keeps the man pages (man/*.scd) and the bash completion
# (completion/uminctl) from drifting from the code. Modes:
#   config SRC UMIND     umind.yaml(5) lists every config key with the default
#                        conf/umind.yaml gives it; conf/umind.yaml lists every
#                        key the loader (core/config_load.cpp) accepts and
#                        passes `umind --check-config`; umind(8) has every
#                        option of `umind --help`.
#   uminctl SRC UMINCTL  uminctl(8) has every command of `uminctl --help`
#                        (walked recursively), each with its options.
#   completion SRC UMINCTL  the completion offers every command, subcommand
#                        and option, per command.
# Every page must also render with scdoc. Exit 0 ok, 1 with every problem listed.
import os, re, subprocess, sys
import yaml

problems = []
def problem(msg): problems.append(msg)

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

def render(src, page):
    r = subprocess.run(["scdoc"], input=read(f"{src}/man/{page}.scd"), capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"man/{page}.scd does not render: {r.stderr.strip()}")

# ---------------------------------------------------------------- config keys
def leaves(node, prefix=""):
    """Dotted key -> value for every non-mapping value of a YAML mapping."""
    out = {}
    for k, v in node.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(leaves(v, key + "."))
        else:
            out[key] = v
    return out

def loader_names(src):
    """Every key name in the loader's field tables: section("NAME", ...) and
    {"NAME", <lambda or line end>} (choice options are followed by a value)."""
    text = read(f"{src}/core/config_load.cpp")
    sections = set(re.findall(r'section\("([a-z_]+)"', text))
    fields = set(re.findall(r'\{"([a-z_]+)",\s*(?:\[|\n)', text))
    return sections, fields

# Names the loader accepts that are not keys of their own but a value form of
# a key: they must be explained in that key's entry.
VALUE_FORMS = {"delay": "passwords.apply"}

def check_config(src, umind):
    render(src, "umind.yaml.5")
    render(src, "umind.8")
    conf = leaves(yaml.safe_load(read(f"{src}/conf/umind.yaml")))
    conf_sections = {k.split(".")[0] for k in conf if "." in k}
    conf_names = {part for k in conf for part in k.split(".")}

    sections, fields = loader_names(src)
    if len(fields) < 30 or len(sections) < 8:
        problem(f"found only {len(fields)} fields and {len(sections)} sections in core/config_load.cpp: "
                "update loader_names() in tests/docs/docs_test.py to the loader's new shape")
    for s in sorted(sections - conf_sections):
        problem(f"the loader accepts section '{s}', conf/umind.yaml does not list it")
    for f in sorted(fields - conf_names - set(VALUE_FORMS)):
        problem(f"the loader accepts key '{f}', conf/umind.yaml does not list it (add it with its default)")
    for k in sorted(conf):
        if k.split(".")[-1] not in fields:
            problem(f"conf/umind.yaml lists '{k}', the loader has no such field")

    r = subprocess.run([umind, "-c", f"{src}/conf/umind.yaml", "--check-config"], capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"umind --check-config conf/umind.yaml: exit {r.returncode}: {r.stdout}{r.stderr}")
    mx = leaves(yaml.safe_load(read(f"{src}/conf/umind-mx.yaml")))
    for k in sorted(set(mx) - set(conf)):
        problem(f"conf/umind-mx.yaml has '{k}', which conf/umind.yaml (every key) lacks")

    page = read(f"{src}/man/umind.yaml.5.scd")
    entries = {m.group(1): m.group(2) for m in
               re.finditer(r"^\*([a-z_.]+)\*\n\tDefault: (.*)$", page, re.M)}
    for k in sorted(set(conf) - set(entries)):
        problem(f"umind.yaml(5) has no entry '*{k}*' + 'Default: ...' for a key of conf/umind.yaml")
    for k in sorted(set(entries) - set(conf)):
        problem(f"umind.yaml(5) documents '{k}', which conf/umind.yaml does not have")
    for k in sorted(set(entries) & set(conf)):
        try:
            documented = yaml.safe_load(entries[k])
        except yaml.YAMLError as e:
            problem(f"umind.yaml(5): the default of {k} is not YAML: {entries[k]!r} ({e})")
            continue
        if documented != conf[k]:
            problem(f"umind.yaml(5) says {k} defaults to {entries[k]!r}, conf/umind.yaml has {conf[k]!r}")
    for name, key in VALUE_FORMS.items():
        block = page.split(f"*{key}*", 1)[-1].split("\n*", 1)[0]
        if f"*{key}*" not in page or name not in block:
            problem(f"umind.yaml(5): the entry of {key} must explain its form '{name}'")

    umind_page = read(f"{src}/man/umind.8.scd")
    for opt in help_tree([umind])[1]:
        if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", umind_page):
            problem(f"umind(8) lacks the option {opt} of `umind --help`")

# ----------------------------------------------------------- uminctl commands
def help_sections(text):
    """(subcommands, options) of one CLI11 --help text."""
    subs, opts, where = [], set(), None
    for line in text.splitlines():
        if re.match(r"^\S.*:$", line):
            where = line[:-1]
            continue
        m = re.match(r"^  (\S+)", line)
        if not m:
            continue
        if where == "Subcommands":
            subs.append(m.group(1))
        elif where == "Options":
            opts.update(t for t in m.group(1).split(",") if t.startswith("-"))
    return subs, opts

def help_tree(cmd, path=()):
    """Returns ({command path: its options}, options of `cmd path --help`)."""
    r = subprocess.run(cmd + list(path) + ["--help"], capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"{' '.join(cmd + list(path))} --help: exit {r.returncode}")
    subs, opts = help_sections(r.stdout)
    tree = {}
    for s in subs:
        sub_tree, sub_opts = help_tree(cmd, path + (s,))
        tree.update(sub_tree if sub_tree else {" ".join(path + (s,)): sub_opts})
    return tree, opts

def commands(uminctl):
    tree, globals_ = help_tree([uminctl])
    if len(tree) < 25:
        problem(f"`uminctl --help` walk found only {len(tree)} commands")
    return tree, globals_

def check_uminctl(src, uminctl):
    render(src, "uminctl.8")
    page = read(f"{src}/man/uminctl.8.scd")
    tree, globals_ = commands(uminctl)
    options_part = page.split("# OPTIONS", 1)[-1].split("# COMMANDS", 1)[0]
    for opt in sorted(globals_):
        if not re.search(rf"\*{re.escape(opt)}\*", options_part):
            problem(f"uminctl(8) OPTIONS lacks the global option {opt}")
    for path, opts in sorted(tree.items()):
        m = re.search(rf"^\*{re.escape(path)}\*.*?(?=^\*[a-z]|^#|\Z)", page, re.M | re.S)
        if not m:
            problem(f"uminctl(8) has no entry '*{path}*' for the command `uminctl {path}`")
            continue
        for opt in sorted(opts - {"-h", "--help"}):
            if not re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", m.group(0)):
                problem(f"uminctl(8): the entry of `{path}` lacks its option {opt}")
    print(f"{len(tree)} commands checked")

# --------------------------------------------------------------- completion
def complete(src, words):
    """COMPREPLY of the completion for `uminctl WORDS...` (the last is the
    word being completed)."""
    script = (f'. "{src}/completion/uminctl" || exit 3; COMP_WORDS=(uminctl "$@"); '
              'COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _uminctl; printf "%s\\n" "${COMPREPLY[@]}"')
    r = subprocess.run(["bash", "-c", script, "complete"] + list(words), capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"completion of {words}: bash exit {r.returncode}: {r.stderr}")
    return set(r.stdout.split())

def check_completion(src, uminctl):
    tree, globals_ = commands(uminctl)
    paths = [p.split() for p in tree]
    top = {p[0] for p in paths}
    if (got := complete(src, [""])) != top:
        problem(f"`uminctl <TAB>` offers {sorted(got)}, expected {sorted(top)}")
    for g in sorted({p[0] for p in paths if len(p) > 1}):
        want = {p[1] for p in paths if p[0] == g and len(p) > 1}
        if (got := complete(src, [g, ""])) != want:
            problem(f"`uminctl {g} <TAB>` offers {sorted(got)}, expected {sorted(want)}")
    want = {o for o in globals_ if o.startswith("--")}
    if not want <= (got := complete(src, ["--"])):
        problem(f"`uminctl --<TAB>` lacks {sorted(want - got)}")
    for p in paths:
        want = {o for o in tree[" ".join(p)] if o.startswith("--")}
        got = complete(src, p + ["--"])
        if want - got:
            problem(f"`uminctl {' '.join(p)} --<TAB>` lacks {sorted(want - got)}")
        if got - want:
            problem(f"`uminctl {' '.join(p)} --<TAB>` offers {sorted(got - want)}, which it does not take")
    if complete(src, ["forward", "taro-tky", ""]) != {"on", "off"}:
        problem("`uminctl forward ID <TAB>` should offer on and off")
    if complete(src, ["account", "create", "x", "--kind", ""]) != {"personal", "ctr", "group", "contractor", "role"}:
        problem("`uminctl account create x --kind <TAB>` should offer the five kinds")
    print(f"{len(paths)} commands checked")

if __name__ == "__main__":
    mode, src, binary = sys.argv[1:4]
    {"config": check_config, "uminctl": check_uminctl, "completion": check_completion}[mode](src, binary)
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("all checks passed")
