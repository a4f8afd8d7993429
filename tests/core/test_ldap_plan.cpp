// test_ldap_plan.cpp — the entries of DESIGN §5 built from state, and the
// plans that bring a directory to them: nothing when equal, only the
// differing attributes, modrdn on rename, deletes, passwords written only
// when asked (they cannot be read back).
#include <catch2/catch.hpp>

#include "core/ldap_entries.hpp"
#include "core/ldap_plan.hpp"
#include "tests/core/time_literals.hpp"

using namespace umind;

namespace {

const TreeNames tree{"dc=umin,dc=ac,dc=jp", "umin.ac.jp"};

AccountState taro() {
  AccountState a;
  a.key = 42;
  a.id = "taro-tky";
  a.name = "Kiuchi Taro";
  a.affiliation = "Univ. of Tokyo";
  a.general_hash = "{CRYPT}$6$salt$hash";
  a.services = {"ctr", "epoc"};
  return a;
}

LdapEntry without_password(LdapEntry e) {
  e.attrs.erase("userPassword");
  return e;
}

}  // namespace

TEST_CASE("ldap entries: people, indice, alias, list, sync state") {
  auto a = taro();
  auto p = people_entry(tree, a);
  CHECK(p.dn == "uid=taro-tky,ou=people,dc=umin,dc=ac,dc=jp");
  CHECK(p.attrs.at("mail") == std::vector<std::string>{"taro-tky@umin.ac.jp"});
  CHECK(p.attrs.at("cn") == std::vector<std::string>{"Kiuchi Taro"});
  CHECK(p.attrs.at("o") == std::vector<std::string>{"Univ. of Tokyo"});
  CHECK(p.attrs.at("uminService") == std::vector<std::string>{"ctr", "epoc"});
  CHECK(p.attrs.at("uminAccountKey") == std::vector<std::string>{"42"});
  CHECK(p.attrs.at("uminKind") == std::vector<std::string>{"personal"});
  a.name.clear();
  a.affiliation.clear();
  a.services.clear();
  a.general_hash.reset();
  auto bare = people_entry(tree, a);
  CHECK(bare.attrs.at("cn") == std::vector<std::string>{"taro-tky"});  // the ID when there is no name
  CHECK(bare.attrs.count("o") == 0);
  CHECK(bare.attrs.count("uminService") == 0);
  CHECK(bare.attrs.count("userPassword") == 0);

  CHECK_FALSE(indice_entry(tree, a));
  a.indice_hash = "{ARGON2}$argon2id$x";
  auto i = indice_entry(tree, a);
  REQUIRE(i);
  CHECK(i->dn == "uid=taro-tky,ou=indice,dc=umin,dc=ac,dc=jp");
  CHECK(i->attrs.at("userPassword") == std::vector<std::string>{"{ARGON2}$argon2id$x"});
  a.status = AccountStatus::deleted;
  CHECK_FALSE(indice_entry(tree, a));

  auto al = alias_entry(tree, {"taro-old", "taro-tky", "rename", test::at("2027-03-01T09:00:00Z"), false});
  CHECK(al.dn == "uid=taro-old,ou=aliases,dc=umin,dc=ac,dc=jp");
  CHECK(al.attrs.at("uminForwardUntil") == std::vector<std::string>{"20270301090000Z"});
  CHECK(al.attrs.at("uminForwardEnabled") == std::vector<std::string>{"FALSE"});
  CHECK(al.attrs.at("uminAliasOf") == std::vector<std::string>{"taro-tky"});

  auto l = list_entry(tree, {"cardio-ml", "cardio@lists.example.org", true, {"hana-osk", "taro-tky"}});
  CHECK(l.attrs.at("member") == std::vector<std::string>{"uid=hana-osk,ou=people,dc=umin,dc=ac,dc=jp",
                                                         "uid=taro-tky,ou=people,dc=umin,dc=ac,dc=jp"});
  CHECK(l.attrs.at("uminProtectMembers") == std::vector<std::string>{"TRUE"});
  CHECK(sync_state_entry(tree, 17).attrs.at("uminSyncSeq") == std::vector<std::string>{"17"});
}

TEST_CASE("ldap plan: add, nothing to do, and only what differs") {
  auto want = people_entry(tree, taro());
  auto add = plan_keyed(want, {}, false);
  REQUIRE(add.size() == 1);
  CHECK(add[0].kind == LdapOp::Kind::add);
  CHECK(add[0].entry.attrs.count("userPassword") == 1);  // an added entry gets its password

  auto have = without_password(want);  // as umind reads it back
  CHECK(plan_keyed(want, {have}, false).empty());
  have.attrs["o"] = {"Osaka Univ."};
  have.attrs["uminService"] = {"epoc"};
  auto mod = plan_keyed(want, {have}, false);
  REQUIRE(mod.size() == 1);
  CHECK(mod[0].kind == LdapOp::Kind::modify);
  CHECK(mod[0].mods == std::vector<LdapMod>{{LdapMod::Op::replace, "o", {"Univ. of Tokyo"}},
                                            {LdapMod::Op::replace, "uminService", {"ctr", "epoc"}}});
  // values compare as sets; attribute names without case
  have = without_password(want);
  have.attrs.erase("uminService");
  have.attrs["UMINSERVICE"] = {"epoc", "ctr"};
  CHECK(plan_keyed(want, {have}, false).empty());
}

TEST_CASE("ldap plan: a cleared value is removed, a password only when asked") {
  auto a = taro();
  auto have = without_password(people_entry(tree, a));
  a.affiliation.clear();
  auto want = people_entry(tree, a);
  auto plan = plan_keyed(want, {have}, false);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].mods == std::vector<LdapMod>{{LdapMod::Op::replace, "o", {}}});
  auto with_pw = plan_keyed(want, {have}, true);
  REQUIRE(with_pw.size() == 1);
  CHECK(with_pw[0].mods.back() == LdapMod{LdapMod::Op::replace, "userPassword", {"{CRYPT}$6$salt$hash"}});
  // a readable password (rootdn, tests) is compared like any attribute
  auto readable = people_entry(tree, a);
  CHECK(plan_keyed(want, {readable}, false).empty());
  readable.attrs["userPassword"] = {"{CRYPT}$6$other$hash"};
  CHECK(plan_keyed(want, {readable}, false).size() == 1);
}

TEST_CASE("ldap plan: a renamed account is moved, strays and the unwanted are removed") {
  auto a = taro();
  auto old_entry = without_password(people_entry(tree, a));
  a.id = "taro-new";
  auto want = people_entry(tree, a);
  auto plan = plan_keyed(want, {old_entry}, false);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].kind == LdapOp::Kind::rename);
  CHECK(plan[0].dn == "uid=taro-tky,ou=people,dc=umin,dc=ac,dc=jp");
  CHECK(plan[0].new_rdn == "uid=taro-new");
  CHECK(plan[1].kind == LdapOp::Kind::modify);
  CHECK(plan[1].dn == want.dn);
  CHECK(plan[1].mods == std::vector<LdapMod>{{LdapMod::Op::replace, "mail", {"taro-new@umin.ac.jp"}}});

  auto stray = old_entry;
  stray.dn = "uid=stray-x,ou=people,dc=umin,dc=ac,dc=jp";
  auto current = without_password(want);
  auto cleanup = plan_keyed(want, {stray, current}, false);
  REQUIRE(cleanup.size() == 1);
  CHECK(cleanup[0].kind == LdapOp::Kind::remove);
  CHECK(cleanup[0].dn == stray.dn);

  auto gone = plan_keyed(std::nullopt, {current}, false);
  REQUIRE(gone.size() == 1);
  CHECK(gone[0].kind == LdapOp::Kind::remove);
  CHECK(plan_keyed(std::nullopt, {}, false).empty());
}

TEST_CASE("ldap plan: fixed DNs and missing object classes") {
  auto want = alias_entry(tree, {"old-x", "new-x", "rename", test::at("2027-01-01T00:00:00Z"), true});
  CHECK(plan_fixed(want, std::nullopt, false).at(0).kind == LdapOp::Kind::add);
  CHECK(plan_fixed(want, want, false).empty());
  CHECK(plan_fixed(std::nullopt, want, false).at(0).kind == LdapOp::Kind::remove);
  CHECK(plan_fixed(std::nullopt, std::nullopt, false).empty());
  auto have = want;
  have.attrs["uminForwardEnabled"] = {"FALSE"};
  CHECK(plan_fixed(want, have, false).at(0).mods ==
        std::vector<LdapMod>{{LdapMod::Op::replace, "uminForwardEnabled", {"TRUE"}}});

  auto person = people_entry(tree, taro());
  auto old = without_password(person);
  old.attrs["objectClass"] = {"inetOrgPerson"};
  auto plan = plan_keyed(person, {old}, false);
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].mods.front() == LdapMod{LdapMod::Op::add, "objectClass", {"uminAccount"}});
}

TEST_CASE("ldap plan: RDNs and DN comparison") {
  CHECK(first_rdn("uid=a,ou=people,dc=x") == "uid=a");
  CHECK(first_rdn("uid=a\\,b,ou=people") == "uid=a\\,b");
  CHECK(first_rdn("dc=x") == "dc=x");
  CHECK(same_dn("UID=a,OU=People,dc=X", "uid=a,ou=people,dc=x"));
  CHECK_FALSE(same_dn("uid=a,ou=people", "uid=b,ou=people"));
}

TEST_CASE("account key: read as slapd matches uminAccountKey") {
  CHECK(parse_account_key("12") == 12);
  CHECK(parse_account_key(" 12 ") == 12);  // caseIgnoreMatch ignores the spaces
  CHECK(parse_account_key("+12") == 12);
  CHECK(parse_account_key("0") == 0);
  CHECK_FALSE(parse_account_key(""));
  CHECK_FALSE(parse_account_key("  "));
  CHECK_FALSE(parse_account_key("12abc"));
  CHECK_FALSE(parse_account_key("1 2"));
  CHECK_FALSE(parse_account_key("x"));
  CHECK_FALSE(parse_account_key("99999999999999999999"));  // out of range
}
