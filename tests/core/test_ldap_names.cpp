// test_ldap_names.cpp — DN and filter escaping (RFC 4514/4515 examples and
// hostile values) and the DNs of the tree.
#include <catch2/catch.hpp>

#include "core/ldap_names.hpp"

using namespace umind::ldap_names;
using namespace std::string_literals;

TEST_CASE("ldap names: DN values are escaped per RFC 4514") {
  CHECK(escape_dn_value("taro-tky") == "taro-tky");
  CHECK(escape_dn_value("a,ou=admins") == "a\\,ou\\=admins");
  CHECK(escape_dn_value("Sue, Grabbit and Runn") == "Sue\\, Grabbit and Runn");
  CHECK(escape_dn_value("a+b\"c\\d<e>f;g") == "a\\+b\\\"c\\\\d\\<e\\>f\\;g");
  CHECK(escape_dn_value(" lead") == "\\ lead");
  CHECK(escape_dn_value("trail ") == "trail\\ ");
  CHECK(escape_dn_value("in side") == "in side");
  CHECK(escape_dn_value("#hash") == "\\#hash");
  CHECK(escape_dn_value("a#b") == "a#b");
  CHECK(escape_dn_value("nul\0x"s) == "nul\\00x");
  CHECK(escape_dn_value("") == "");
  CHECK(escape_dn_value("日本") == "日本");  // UTF-8 passes as it is
}

TEST_CASE("ldap names: filter values are escaped per RFC 4515") {
  CHECK(escape_filter_value("taro-tky") == "taro-tky");
  CHECK(escape_filter_value("*)(uid=*") == "\\2a\\29\\28uid=\\2a");
  CHECK(escape_filter_value("a\\b") == "a\\5cb");
  CHECK(escape_filter_value("x\0y"s) == "x\\00y");
}

TEST_CASE("ldap names: the DNs of the tree") {
  const std::string base = "dc=umin,dc=ac,dc=jp";
  CHECK(people_dn(base, "taro-tky") == "uid=taro-tky,ou=people,dc=umin,dc=ac,dc=jp");
  CHECK(indice_dn(base, "taro-tky") == "uid=taro-tky,ou=indice,dc=umin,dc=ac,dc=jp");
  CHECK(alias_dn(base, "old-id") == "uid=old-id,ou=aliases,dc=umin,dc=ac,dc=jp");
  CHECK(list_dn(base, "cardio-ml") == "cn=cardio-ml,ou=lists,dc=umin,dc=ac,dc=jp");
  CHECK(sync_state_dn(base) == "cn=umind,ou=system,dc=umin,dc=ac,dc=jp");
  CHECK(people_base(base) == "ou=people,dc=umin,dc=ac,dc=jp");
  CHECK(lists_base(base) == "ou=lists,dc=umin,dc=ac,dc=jp");
  // a hostile ID cannot step out of its RDN
  CHECK(people_dn(base, "x,ou=system") == "uid=x\\,ou\\=system,ou=people,dc=umin,dc=ac,dc=jp");
  CHECK(people_dn("", "a") == "uid=a,ou=people");
}
