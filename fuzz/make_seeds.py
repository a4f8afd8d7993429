#!/usr/bin/env python3
"""fuzz/make_seeds.py — writes the seed corpora in fuzz/corpus/<target>/ from
cases of the unit tests (tests/core, tests/core/import, tests/daemon/http,
tests/milter) and the admin API's routes (tests/daemon/api).
Committed output; rerun after changing a case here: python3 fuzz/make_seeds.py"""
import hashlib
import pathlib
import shutil

root = pathlib.Path(__file__).resolve().parent / "corpus"

def write(target, items):
    d = root / target
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    for item in items:
        data = item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item
        (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)

# tests/core/test_address.cpp, test_routing.cpp: recipients of every §6 row.
recipients = [
    "<taro-tky@umin.ac.jp>", "taro-tky@UMIN.AC.JP", "<Taro-Tky+news@umin.ac.jp.>", "<taro-old@umin.ac.jp>",
    "<chain-1+x@umin.ac.jp>", "<loop-a@umin.ac.jp>", "<gone-old@umin.ac.jp>", "<expired@umin.ac.jp>",
    "<quiet@umin.ac.jp>", "<ml-x@umin.ac.jp>", "<ml-nodest@umin.ac.jp>", "<nobody-tky@umin.ac.jp>",
    "<Bad_Syntax!@umin.ac.jp>", "<postmaster@umin.ac.jp>", "<someone@example.org>", "<@a,@b:taro-tky@umin.ac.jp>",
    "<\"quoted @ local\"@umin.ac.jp>", "<taro-tky>", "<>", "<@umin.ac.jp>", "<a b@umin.ac.jp>", "<\"open@umin.ac.jp>",
    "<taro-tky@umin.ac.jp", "<hanako-osk-news@example.jp>",
]
write("address_routing", [chr(rb) + chr(fb) + r for rb in (0, 0x11, 0x07) for fb in (0, 2) for r in recipients][:60])

# tests/milter/test_milter_session.cpp: connections to a MilterSession over
# the routes of session_harness.hpp. Rules byte, replica byte (0 live,
# 1 stale link, 2 stale heartbeat, 3 lost but fresh, 7 not loaded), then
# events: RCPT (0) + argument + NUL, EOM (5), ABORT (6), switch (7: | 0x08
# new rules byte follows, | 0x30 clock fails, | 0x40 MTA refuses changes).
RCPT, EOM, ABORT = b"\x00", b"\x05", b"\x06"
def session(rules, replica, *events):
    out = bytes([rules, replica])
    for e in events:
        out += e if isinstance(e, bytes) else RCPT + e.encode() + b"\x00"
    return out
rows = ["<kiuchi-tky@umin.ac.jp>", "<KIUCHI-TKY@Umin.AC.JP>", "<kiuchi-tky+news@umin.ac.jp>", "<legacy_id@umin.ac.jp>",
        "<soc-list@umin.ac.jp>", "<old-x@umin.ac.jp>", "<old-x+news@umin.ac.jp>", "<TwoHop-X@umin.ac.jp>",
        "<new-x@umin.ac.jp>", "<members@lists.example.org>", "<off-x@umin.ac.jp>", "<expired-x@umin.ac.jp>",
        "<gone-x@umin.ac.jp>", "<deleted-x@umin.ac.jp>", "<nobody-x@umin.ac.jp>", "<x@umin.ac.jp>",
        "<\"kiuchi tky\"@umin.ac.jp>", "<+news@umin.ac.jp>", "<loop-a@umin.ac.jp>", "<ch1-x@umin.ac.jp>",
        "<someone@example.org>", "<postmaster@umin.ac.jp>", "<Abuse@UMIN.AC.JP>", "<>", "<@umin.ac.jp>"]
write("milter_rcpt", [session(0, 0, *rows[i:i + 5], EOM) for i in range(0, len(rows), 5)] + [
    session(0, 0, "<old-x@umin.ac.jp>", "<new-x@umin.ac.jp>", EOM, "<NEW-X@umin.ac.jp>", "<old-x@umin.ac.jp>", EOM,
            "<old-x@umin.ac.jp>", "<twohop-x@umin.ac.jp>", EOM, "<members@lists.example.org>", "<soc-list@umin.ac.jp>", EOM),
    session(0x04, 1, "<kiuchi-tky@umin.ac.jp>", "<nobody-x@umin.ac.jp>", "<expired-x@umin.ac.jp>", "<x@umin.ac.jp>",
            "<old-x+news@umin.ac.jp>", "<soc-list@umin.ac.jp>", EOM),
    session(0x10, 2, "<off-x@umin.ac.jp>", "<loop-a@umin.ac.jp>", "<old-x@umin.ac.jp>", EOM),
    session(0x14, 3, "<expired-x@umin.ac.jp>", "<nobody-x@umin.ac.jp>", EOM),
    session(0, 7, "<kiuchi-tky@umin.ac.jp>", "<postmaster@umin.ac.jp>", "<x@umin.ac.jp>", EOM),
    session(0x01, 0, "<old-x@umin.ac.jp>", ABORT, "<kiuchi-tky@umin.ac.jp>", EOM, "<nobody-x@umin.ac.jp>", ABORT,
            "<soc-list@umin.ac.jp>", EOM),
    session(0x02, 0, b"\x37", "<old-x@umin.ac.jp>", "<kiuchi-tky@umin.ac.jp>", b"\x07", "<soc-list@umin.ac.jp>", EOM),
    session(0x03, 0, b"\x47", "<old-x@umin.ac.jp>", EOM, b"\x07", "<kiuchi-tky@umin.ac.jp>", EOM),
    session(0, 0, "<expired-x@umin.ac.jp>", b"\x0f\x04", "<expired-x@umin.ac.jp>", EOM),
])

# tests/core/test_config.cpp
write("config_load", [
    "roles: [store, api]\n",
    """roles: [milter]
domain: UMIN.AC.JP
store: {path: /tmp/u.db}
ldap:
  uri: ldap://127.0.0.1:389 ldaps://replica.example
  base_dn: dc=example,dc=org
  bind_dn: cn=milter,ou=system,dc=example,dc=org
  bind_password_file: /etc/umind/ldap.secret
  timeout: 30s
  starttls: false
sync: {batch_size: 50, reconcile_interval: 0s, max_delete_fraction: 0}
passwords: {scheme: argon2id, apply: {delay: 2s}}
id_policy:
  rename_lock: 365d
  forward_period: 2y
  society_patterns: []
  reserved: ['admin-.*']
mail:
  domains: [umin.ac.jp, Umin.JP]
  recipient_delimiter: ''
  passthrough: [Postmaster, hostmaster]
  expired_alias_reply: moved_to
milter: {listen: 'unix:/run/umind/milter.sock', max_staleness: 1h, on_directory_unavailable: accept}
api: {listen: 'inet:127.0.0.1:8080', token_file: /etc/umind/api.token}
metrics: {listen: ''}
log: {level: debug, target: stderr}
""",
    "passwords: {scheme: sha512crypt, apply: hourly}\napi: {listen: 'unix:/run/umind/api.sock', socket_group: nogroup}\n",
    "sync: {batch_size: many}\nunknown_key: 1\nmail: {domains: []}\n",
    "roles: [store, sync, milter, api]\nldap: {uri: 'ldapi:///', bind_password_file: /bad/secret}\n",
    "id_policy: {society_patterns: ['(unclosed'], reserved: ['a{2,5}x']}\n",
    "&a [*a, *a]\n", "- !!binary aGVsbG8=\n", "{",
])

# tests/core/import/test_import.cpp, test_import_csv.cpp
jsonl = [
    '{"id":"kiuchi-tky","kind":"personal","status":"active","name":"Kiuchi Taro","contact":"kiuchi@example.org",'
    '"password_hash":"{CRYPT}$6$salt$abcdefghijklmnop","services":["mail","vpn"],"renamed_from":[{"id":"kiuchi-old","at":"2025-04-01T00:00:00Z","forward":true}]}',
    '{"id":"hanako-tky","kind":"personal","password_hash":"x"}',
    '{"id":"Kiuchi-tky","kind":"personal"}', '{"id":"kiuchi-tky","kind":"role"}', '{"id":"jiro-tky")',
    '# users exported from the old system', '', '{"id":"taro-tky","kind":"personal","contact":"taro"}',
    '\ufeff{"id":"a-soc","kind":"society","indice_hash":"{SSHA512}aGFzaGhhc2hoYXNoaGFzaA=="}', '[1,2]', '{"id":null}',
]
# found by the fuzzer (CI, 2026-12-03): a hash value that is part of an
# error's fixed wording is not a leak (import_jsonl.cpp, echoes_value)
jsonl_found = ['{"id":"a-soc","kind":"society","indice_hash":"SHA512} or {SHA} (the value is no"}']
write("import_jsonl", ["\x00" + "\n".join(jsonl[i:i + 3]) for i in range(0, len(jsonl), 3)] + ["\x01" + "\n".join(jsonl)]
      + ["\x00" + line for line in jsonl_found])
csv = [
    "id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from",
    "kiuchi-tky,personal,active,Kiuchi Taro,kiuchi@example.org,UMIN,MD-1,{CRYPT}$6$s$h,,mail;vpn,kiuchi-old@2025-04-01T00:00:00Z@on",
    '"taro-tky",personal,,"Taro, ""the"" one",,,,,,,',
    "hanako-tky,personal,deleted,,,,,,,,old-1@2024-01-01T00:00:00Z@off;old-2@2024-02-01T00:00:00Z",
    "Bad ID,personal", "only-one-field", '"unclosed,personal', "\ufeffid,kind\r", "kiuchi-tky,personal\r",
]
write("import_csv", ["\x00" + "\n".join(csv[:4]), "\x00" + "\n".join([csv[0]] + csv[4:7]), "\x01" + "\n".join(csv[7:]),
                     "\x02id,kind\n# comment\nx-tky,personal\nx-tky,personal"])

# tests/core/test_route_entry.cpp: uuid, first RDN, attributes.
uuid = "0123456789abcdef"
write("ldap_route_entry", [
    uuid + "uid=Kiuchi-Tky\nobjectClass: inetOrgPerson\nobjectClass: uminAccount\nuid: kiuchi-tky",
    uuid + "uid=kiuchi-old\nobjectClass: uminAlias\numinAliasOf: Kiuchi-Tky\numinForwardUntil: 20270401000000Z\numinForwardEnabled: TRUE",
    uuid + "uid=x-old\nobjectClass: uminAlias\numinAliasOf: x\numinForwardUntil: 2027\numinForwardEnabled: FALSE",
    uuid + "cn=ml-x\nobjectClass: uminList\numinDeliverTo: ml-x@lists.example.org",
    uuid + "cn=umind\nobjectClass: uminSyncState\numinHeartbeat: 20261125090000.123Z",
    uuid + "ou=people\nobjectClass: organizationalUnit",
])

# tests/daemon/http/test_session_paths.cpp, test_server_*.cpp and the admin API routes.
def req(method, target, body=None, extra=""):
    h = f"{method} {target} HTTP/1.1\r\nHost: x\r\n{extra}"
    if body is None:
        return h + "\r\n"
    return h + f"Content-Type: application/json\r\nContent-Length: {len(body.encode())}\r\n\r\n{body}"
transport = [
    req("GET", "/v1/status"),
    req("POST", "/v1/accounts", '{"id":"kiuchi-tky","kind":"personal","name":"Kiuchi Taro","contact":"k@example.org","password":"Secret-pass-123"}')
    + req("GET", "/v1/accounts/kiuchi-tky") + req("GET", "/v1/find?q=kiu"),
    req("POST", "/v1/accounts", '{"id":"taro-tky","kind":"personal"}') + req("POST", "/v1/accounts/taro-tky/rename", '{"new_id":"taro-osk"}')
    + req("GET", "/v1/route?address=taro-tky%40umin.ac.jp"),
    req("PATCH", "/v1/accounts/x", '{"name":"N"}') + req("POST", "/v1/accounts/x/delete", '{"reason":"left","third_party":true}'),
    req("POST", "/v1/lists", '{"name":"ml-x","deliver_to":"ml@lists.example.org"}') + req("POST", "/v1/lists/ml-x/members", '{"id":"kiuchi-tky"}')
    + req("DELETE", "/v1/lists/ml-x/members/kiuchi-tky"),
    req("POST", "/v1/accounts/a/grants", '{"service":"vpn"}') + req("DELETE", "/v1/accounts/a/grants/vpn")
    + req("POST", "/v1/accounts/a/forward", '{"enabled":false}') + req("POST", "/v1/accounts/a/password", '{"kind":"general"}'),
    "POST /v1/import?format=jsonl HTTP/1.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: 37\r\n\r\n"
    '{"id":"imp-tky","kind":"personal"}\n\n\n',
    "POST /v1/import?format=csv&dry_run=1 HTTP/1.1\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n"
    "e\r\nid,kind\nq-tky,\r\n9\r\npersonal\n\r\n0\r\n\r\n",
    "POST /v1/%zz HTTP/1.1\r\n\r\n", "POST /v1/nowhere HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
    "PUT /v1/status HTTP/1.1\r\n\r\n", "GET /v1/export.ldif HTTP/1.0\r\n\r\n",
    req("POST", "/v1/accounts", '{"id":') + req("POST", "/v1/reload", "{}"),
    "GET /v1/accounts?kind=personal&status=active&limit=5 HTTP/1.1\r\nX-Umind-Actor: op\x01\r\n\r\n",
    "POST /v1/accounts HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
]
write("http_request", transport)

# The admin API's real routes over an empty store (tests/daemon/api/*_test.sh):
# each seed a connection that makes the state its later requests need; and
# the transport's seeds above.
def post(target, body):
    return req("POST", target, body)
def new(id, kind="personal", extra=""):
    return post("/v1/accounts", f'{{"id":"{id}","kind":"{kind}"{extra}}}')
def raw(target, ctype, body):
    return f"POST {target} HTTP/1.1\r\nContent-Type: {ctype}\r\nContent-Length: {len(body.encode())}\r\n\r\n{body}"
admin = [
    new("kiuchi-tky", extra=',"name":"Kiuchi Taro","contact":"kiuchi@example.org","affiliation":"UMIN","person_key":"MD-1",'
        '"password":"Kx7-secret-pass"')
    + req("GET", "/v1/accounts/kiuchi-tky") + req("GET", "/v1/find?q=Kiuchi")
    + req("GET", "/v1/accounts?kind=personal&status=active&limit=5"),
    new("hanako-osk", extra=',"random":true') + post("/v1/accounts/hanako-osk/password", '{"which":"general"}')
    + post("/v1/accounts/hanako-osk/password", '{"which":"indice","password":"Ind1ce-pass-77","now":true}')
    + post("/v1/accounts/hanako-osk/password", '{"password":"Next-pass-2027"}') + req("GET", "/v1/accounts/hanako-osk"),
    new("taro-tky") + post("/v1/accounts/taro-tky/rename", '{"new_id":"taro-osk"}')
    + req("GET", "/v1/route?address=taro-tky%40umin.ac.jp") + post("/v1/accounts/taro-tky/forward", '{"enabled":false}')
    + req("GET", "/v1/accounts/taro-tky") + req("GET", "/v1/route?address=%3Ctaro-tky%2Bnews%40UMIN.ac.jp%3E"),
    new("a-tky", extra=',"person_key":"P-9"') + new("b-tky") + post("/v1/accounts/a-tky/merge", '{"into":"b-tky"}')
    + req("GET", "/v1/accounts/a-tky") + req("GET", "/v1/route?address=a-tky@umin.ac.jp"),
    new("c-tky", "group") + post("/v1/accounts/c-tky/handover", '{"contact":"new@example.org"}')
    + req("GET", "/v1/accounts/c-tky"),
    new("d-tky") + post("/v1/accounts/d-tky/delete", '{"reason":"left UMIN","third_party":false}')
    + req("GET", "/v1/accounts?status=deleted") + post("/v1/accounts/d-tky/delete", '{"override_protection":true}')
    + req("GET", "/v1/route?address=d-tky@umin.ac.jp"),
    new("e-tky") + post("/v1/lists", '{"name":"ml-soc","deliver_to":"ml@lists.example.org","protect_members":true}')
    + post("/v1/lists/ml-soc/members", '{"id":"e-tky"}') + req("GET", "/v1/lists/ml-soc")
    + req("DELETE", "/v1/lists/ml-soc/members/e-tky") + post("/v1/accounts/e-tky/delete", '{"reason":"x"}')
    + req("GET", "/v1/route?address=ml-soc@umin.ac.jp"),
    new("f-tky", "role") + post("/v1/accounts/f-tky/grants", '{"service":"vpn"}')
    + post("/v1/accounts/f-tky/grants", '{"service":"mail"}') + req("DELETE", "/v1/accounts/f-tky/grants/vpn")
    + req("GET", "/v1/accounts/f-tky"),
    new("g-tky", "contractor") + req("PATCH", "/v1/accounts/g-tky", '{"name":"New Name","contact":"g@example.org","affiliation":"Tokyo"}')
    + req("GET", "/v1/find?q=Tokyo"),
    req("GET", "/v1/status") + post("/v1/reload", "{}"),
    new("gakkai-soc") + new("admin-x") + new("h-tky", extra=',"password":"short"')
    + new("i-tky", extra=',"password":"I-TKY-is-my-pass"') + new("j-tky", extra=',"password":"Pass word 1"'),
    raw("/v1/import?format=jsonl&file=users.jsonl", "application/x-ndjson", "\n".join(jsonl[:2] + jsonl[5:9]) + "\n")
    + req("GET", "/v1/accounts/kiuchi-tky") + req("GET", "/v1/accounts/kiuchi-old"),
    raw("/v1/import?format=jsonl&dry_run=true", "application/x-ndjson", "\n".join(jsonl)),
    raw("/v1/import?format=csv&allow_legacy_ids=1&file=old.csv", "text/csv", "\n".join(csv[:4]) + "\n")
    + req("GET", "/v1/accounts?limit=2"),
    raw("/v1/import?format=csv", "text/csv", "\n".join([csv[0]] + csv[4:7])),
]
write("admin_api", admin + transport)
