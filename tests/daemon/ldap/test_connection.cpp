// test_connection.cpp — the libldap layer against a real private slapd:
// binds (simple, SASL EXTERNAL over ldapi, wrong password, nobody there),
// synchronous add/read/modify/delete, hostile values kept inside their RDN,
// and pipelined writes with their results and follow-ups.
#include <catch2/catch.hpp>
#include <ldap.h>

#include "core/ldap_names.hpp"
#include "daemon/ldap/connection.hpp"
#include "daemon/ldap/pipeline.hpp"
#include "tests/daemon/ldap/slapd_env.hpp"

using namespace umind;
using namespace umind::ldap;

namespace {

LdapEntry alias_entry(const std::string& base, const std::string& old_id, const std::string& target) {
  LdapEntry e;
  e.dn = ldap_names::alias_dn(base, old_id);
  e.attrs["objectClass"] = {"uminAlias"};
  e.attrs["uid"] = {old_id};
  e.attrs["uminAliasOf"] = {target};
  e.attrs["uminForwardUntil"] = {"20271125090000Z"};
  e.attrs["uminForwardEnabled"] = {"TRUE"};
  e.attrs["uminAliasReason"] = {"rename"};
  return e;
}

}  // namespace

TEST_CASE("ldap connection: simple bind, read, add, modify, delete") {
  auto cfg = test::rootdn_config();
  auto conn = Connection::open(cfg, test::rootdn_password());
  auto suffix = conn.read(cfg.base_dn, {"dc"});
  REQUIRE(suffix);
  CHECK(suffix->attrs.at("DC") == std::vector<std::string>{"umin"});  // names compare without case

  auto e = alias_entry(cfg.base_dn, "conn-old1", "conn-new1");
  conn.add(e);
  auto back = conn.read(e.dn);
  REQUIRE(back);
  CHECK(back->attrs.at("uminAliasOf") == std::vector<std::string>{"conn-new1"});
  CHECK_THROWS_AS(conn.add(e), Error);
  try {
    conn.add(e);
  } catch (const Error& err) {
    CHECK(err.code() == LDAP_ALREADY_EXISTS);
    CHECK_FALSE(err.unavailable());
    CHECK(std::string(err.what()).find(e.dn) != std::string::npos);
  }
  conn.modify(e.dn, {{Mod::Op::replace, "uminForwardEnabled", {"FALSE"}}});
  CHECK(conn.read(e.dn)->attrs.at("uminForwardEnabled") == std::vector<std::string>{"FALSE"});
  conn.remove(e.dn);
  CHECK_FALSE(conn.read(e.dn));
  try {
    conn.remove(e.dn);
    FAIL("deleting a missing entry succeeded");
  } catch (const Error& err) {
    CHECK(err.code() == LDAP_NO_SUCH_OBJECT);
    CHECK(err.matched_dn() == ldap_names::aliases_base(cfg.base_dn));
  }
}

TEST_CASE("ldap connection: a hostile ID stays one RDN value") {
  auto cfg = test::rootdn_config();
  auto conn = Connection::open(cfg, test::rootdn_password());
  auto e = alias_entry(cfg.base_dn, "x,ou=system", "t");
  conn.add(e);
  int found = 0;
  conn.search(ldap_names::aliases_base(cfg.base_dn), Scope::one,
              "(uid=" + ldap_names::escape_filter_value("x,ou=system") + ")", {"uid"}, [&](LdapEntry&& got) {
                ++found;
                CHECK(got.attrs.at("uid") == std::vector<std::string>{"x,ou=system"});
              });
  CHECK(found == 1);
  int star = 0;
  conn.search(ldap_names::aliases_base(cfg.base_dn), Scope::one, "(uid=" + ldap_names::escape_filter_value("*") + ")",
              {"uid"}, [&](LdapEntry&&) { ++star; });
  CHECK(star == 0);
  conn.remove(e.dn);
}

TEST_CASE("ldap connection: SASL EXTERNAL over ldapi") {
  auto env = test::slapd_env();
  LdapConfig cfg;
  cfg.uri = env.at("LDAPI_URI");
  cfg.base_dn = env.at("LDAP_BASE");
  auto conn = Connection::open(cfg, "");
  // the fixture maps the test's uid to the rootdn: it may write
  auto e = alias_entry(cfg.base_dn, "ext-old", "ext-new");
  conn.add(e);
  conn.remove(e.dn);
}

TEST_CASE("ldap connection: a wrong password and a server that is not there") {
  auto cfg = test::rootdn_config();
  try {
    Connection::open(cfg, "not-the-password");
    FAIL("bound with a wrong password");
  } catch (const Error& err) {
    CHECK(err.code() == LDAP_INVALID_CREDENTIALS);
    CHECK_FALSE(err.unavailable());
    CHECK(std::string(err.what()).find("not-the-password") == std::string::npos);
  }
  cfg.uri = "ldap://127.0.0.1:1/";
  try {
    Connection::open(cfg, test::rootdn_password());
    FAIL("connected to port 1");
  } catch (const Error& err) {
    CHECK(err.unavailable());
  }
}

TEST_CASE("ldap pipeline: many writes in flight, results and follow-ups") {
  auto cfg = test::rootdn_config();
  auto conn = Connection::open(cfg, test::rootdn_password());
  Pipeline p(conn, 16);
  const int n = 300;
  int added = 0, exists = 0, followed = 0;
  for (int i = 0; i < n; ++i)
    p.add(alias_entry(cfg.base_dn, "pipe-" + std::to_string(i), "t"), [&](const Result& r) {
      CHECK(r.code == LDAP_SUCCESS);
      ++added;
    });
  CHECK(p.in_flight() <= 16);
  p.drain();
  CHECK(added == n);
  // adding again: "already exists", and a modify sent from the callback
  for (int i = 0; i < n; ++i) {
    std::string dn = ldap_names::alias_dn(cfg.base_dn, "pipe-" + std::to_string(i));
    p.add(alias_entry(cfg.base_dn, "pipe-" + std::to_string(i), "t"), [&, dn](const Result& r) {
      if (r.code != LDAP_ALREADY_EXISTS) return;
      ++exists;
      p.modify(dn, {{Mod::Op::replace, "uminAliasOf", {"t2"}}}, [&](const Result& m) {
        CHECK(m.code == LDAP_SUCCESS);
        ++followed;
      });
    });
  }
  p.drain();
  CHECK(exists == n);
  CHECK(followed == n);
  int moved = 0;
  conn.search(ldap_names::aliases_base(cfg.base_dn), Scope::one, "(&(uid=pipe-*)(uminAliasOf=t2))", {"uid"},
              [&](LdapEntry&&) { ++moved; });
  CHECK(moved == n);
  // rename one, delete all
  p.rename(ldap_names::alias_dn(cfg.base_dn, "pipe-0"), "uid=pipe-renamed",
           [&](const Result& r) { CHECK(r.code == LDAP_SUCCESS); });
  p.drain();
  CHECK(conn.read(ldap_names::alias_dn(cfg.base_dn, "pipe-renamed")));
  int removed = 0;
  for (int i = 1; i < n; ++i)
    p.remove(ldap_names::alias_dn(cfg.base_dn, "pipe-" + std::to_string(i)), [&](const Result& r) {
      if (r.code == LDAP_SUCCESS) ++removed;
    });
  p.remove(ldap_names::alias_dn(cfg.base_dn, "pipe-renamed"), [&](const Result& r) {
    if (r.code == LDAP_SUCCESS) ++removed;
  });
  p.drain();
  CHECK(removed == n);
}
