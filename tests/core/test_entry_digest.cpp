// test_entry_digest.cpp — reconcile's digest: blind to order and to the case
// LDAP ignores, sensitive to every value of the compared attributes.
#include <algorithm>

#include <catch2/catch.hpp>

#include "core/entry_digest.hpp"

using namespace umind;

namespace {

const std::vector<std::string> compared{"cn", "mail", "uminService"};

LdapEntry sample() {
  return {"uid=taro,ou=people,dc=umin,dc=ac,dc=jp",
          {{"objectClass", {"inetOrgPerson", "uminAccount"}},
           {"cn", {"Taro"}},
           {"mail", {"taro@umin.ac.jp"}},
           {"uminService", {"elearning", "indice", "ncd"}}}};
}

}  // namespace

TEST_CASE("entry digest: the same entry in another order and case digests alike") {
  LdapEntry e = sample();
  LdapEntry shuffled{"UID=Taro,OU=People,DC=umin,DC=ac,DC=jp",
                     {{"UMINSERVICE", {"ncd", "elearning", "indice"}},
                      {"mail", {"taro@umin.ac.jp"}},
                      {"objectclass", {"uminaccount", "INETORGPERSON"}},
                      {"CN", {"Taro"}}}};
  CHECK(entry_digest(e, compared) == entry_digest(shuffled, compared));
}

TEST_CASE("entry digest: attributes that are not compared do not count") {
  LdapEntry e = sample(), more = sample();
  more.attrs["userPassword"] = {"{SSHA512}whatever"};
  more.attrs["description"] = {"x"};
  CHECK(entry_digest(e, compared) == entry_digest(more, compared));
}

TEST_CASE("entry digest: every compared difference shows") {
  const LdapEntry e = sample();
  const auto base = entry_digest(e, compared);
  auto differs = [&](LdapEntry changed) { return entry_digest(changed, compared) != base; };
  LdapEntry c = e;
  c.dn = "uid=jiro,ou=people,dc=umin,dc=ac,dc=jp";
  CHECK(differs(c));
  c = e;
  c.attrs["cn"] = {"taro"};  // values keep their case
  CHECK(differs(c));
  c = e;
  c.attrs["uminService"].pop_back();  // a value less
  CHECK(differs(c));
  c = e;
  c.attrs["uminService"].push_back("ncd");  // a value twice
  CHECK(differs(c));
  c = e;
  c.attrs.erase("mail");  // an attribute less
  CHECK(differs(c));
  c = e;
  c.attrs["objectClass"].push_back("uminAlias");
  CHECK(differs(c));
  c = e;
  std::swap(c.attrs["cn"], c.attrs["mail"]);  // the same values under other names
  CHECK(differs(c));
  c = e;
  c.attrs["uminService"] = {"elearningindice", "ncd"};  // values run together
  CHECK(differs(c));
}

TEST_CASE("entry digest: a million distinct entries give a million digests") {
  std::vector<std::uint64_t> digests;
  digests.reserve(1000000);
  LdapEntry e = sample();
  for (int i = 0; i < 1000000; ++i) {
    e.attrs["cn"] = {std::to_string(i)};
    digests.push_back(entry_digest(e, compared));
  }
  std::sort(digests.begin(), digests.end());
  CHECK(std::adjacent_find(digests.begin(), digests.end()) == digests.end());
}

TEST_CASE("entry digest: fed attribute by attribute from views, it is the entry's digest") {
  const LdapEntry e = sample();
  EntryDigest d(e.dn, compared);
  // as a reader sees them in a message: other order, views, an attribute that does not count
  std::vector<std::string_view> services{"ncd", "indice", "elearning"}, mail{"taro@umin.ac.jp"}, cn{"Taro"},
      classes{"uminAccount", "inetOrgPerson"}, sn{"ignored"};
  d.add("uminService", services);
  d.add("sn", sn);
  d.add("mail", mail);
  d.add("objectClass", classes);
  d.add("cn", cn);
  CHECK(d.value() == entry_digest(e, compared));
}
