# config_diff.py — compares two `slapcat -n0` dumps (shipped_test.sh same): the
# filled slapd.conf converted by slaptest against the filled .ldif + acl.ldif.
# Exit 0 when every setting either side states is the same; prints the rest.
import sys, re
# Attributes slaptest writes for every converted slapd.conf although they are
# defaults are ignored unless the LDIF side names them; these are always compared.
KEEP = re.compile(r'^(olcDbIndex|olcSyncrepl|olcSp[A-Za-z]*|olcModule(Path|Load)|olcTLS(CA|Cert|Protocol)[A-Za-z]*|olcAuthzRegexp|olcPasswordHash|olcSuffix|olcRootDN|olcRootPW|olcDb(Directory|MaxSize)|olcOverlay|olcPidFile|olcArgsFile|olcSecurity|olcUpdateRef|olcSizeLimit|olcTimeLimit|olcDatabase|objectClass)$')
# what slaptest writes into a converted syncrepl line although slapd.conf
# did not say it (defaults; tls_cert/tls_key are copied from the global TLS
# settings, and slapd uses those for a consumer without them anyway)
SYNCREPL_DEFAULTS = {('filter', '(objectclass=*)'), ('keepalive', '0:0:0'), ('schemachecking', 'off'),
                     ('scope', 'sub'), ('tcp-user-timeout', '0'), ('tls_reqsan', 'allow')}
SKIP = {'olcAccess', 'olcLimits'}   # acl.conf == acl.ldif: ldap_schema.in_sync
def entries(path):
    out = {}
    for block in open(path).read().split('\n\n'):
        lines = [l for l in block.split('\n') if l and not l.startswith('#')]
        if lines: out[lines[0]] = lines[1:]
    return out
def norm(line):
    name, val = line.split(':', 1)
    val = re.sub(r'\s+', ' ', val.strip())
    if name == 'olcDbIndex':
        attrs, _, kind = val.partition(' ')
        return ['olcDbIndex: %s %s' % (a, kind) for a in attrs.split(',')]
    if name == 'olcSyncrepl':   # key=value pairs, unquoted, without what slaptest adds
        val = re.sub(r'^\{\d+\}', '', val)
        kv = [(k, v.strip('"')) for k, v in re.findall(r'(\S+?)=("[^"]*"|\S+)', val)]
        return ['olcSyncrepl: ' + ' '.join(sorted('%s=%s' % (k, v) for k, v in kv
                                                  if (k, v) not in SYNCREPL_DEFAULTS and k not in ('tls_cert', 'tls_key')))]
    return ['%s: %s' % (name, val)]
def view(es, names):
    res = {}
    for dn, ls in es.items():
        if dn.endswith('cn=schema,cn=config') or dn.startswith('dn: olcDatabase={0}config'):
            res[dn] = []; continue
        keep = []
        for l in ls:
            n = l.split(':', 1)[0]
            if n in SKIP or not (n in names or KEEP.match(n)): continue
            keep += norm(l)
        res[dn] = sorted(keep)
    return res
a, b = entries(sys.argv[1]), entries(sys.argv[2])
names = {l.split(':', 1)[0] for v in b.values() for l in v}
va, vb = view(a, names), view(b, names)
bad = 0
for dn in sorted(set(va) | set(vb)):
    if dn not in va or dn not in vb:
        print('only in', sys.argv[1] if dn in va else sys.argv[2], dn); bad = 1; continue
    for l in sorted(set(va[dn]) ^ set(vb[dn])):
        print(dn, '|', '<' if l in va[dn] else '>', l); bad = 1
for dn in a:
    if sum(l.startswith('olcAccess:') for l in a[dn]) != sum(l.startswith('olcAccess:') for l in b.get(dn, [])) \
       and 'olcDatabase={0}config' not in dn:
        print(dn, '| a different number of olcAccess rules'); bad = 1
sys.exit(bad)
