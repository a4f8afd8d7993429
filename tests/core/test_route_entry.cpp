// test_route_entry.cpp — which LDAP entries are routes (or the sync state),
// and what they say.
#include <catch2/catch.hpp>

#include "core/route_entry.hpp"
#include "tests/milter/replica_records.hpp"
#include "tests/core/time_literals.hpp"

using namespace umind;

namespace {

LdapEntry entry(std::string dn, LdapAttributes attrs) { return LdapEntry{std::move(dn), std::move(attrs)}; }

const RouteRecord& record(const DirectoryFact& r) {
  if (const auto* why = std::get_if<std::string>(&r)) FAIL("not a route: " << *why);
  return std::get<RouteRecord>(r);
}

std::string refusal(const DirectoryFact& r) {
  REQUIRE(std::holds_alternative<std::string>(r));
  return std::get<std::string>(r);
}

const char* base = "dc=umin,dc=ac,dc=jp";

}  // namespace

TEST_CASE("route entry: a person is a live ID, named by its RDN, lowercased") {
  auto e = entry(std::string("uid=Kiuchi-TKY,ou=people,") + base,
                 {{"objectClass", {"inetOrgPerson", "uminAccount"}}, {"uid", {"kiuchi-tky"}}});
  auto r = record(read_directory_entry(e, {"uid", "Kiuchi-TKY"}, test::uuid(1)));
  CHECK(r.type == DirectoryEntry::Type::live);
  CHECK(r.name == "kiuchi-tky");
  CHECK(r.uuid == test::uuid(1));
}

TEST_CASE("route entry: an alias carries its target, window and switch") {
  auto e = entry(std::string("uid=old-x,ou=aliases,") + base,
                 {{"objectClass", {"uminAlias"}},
                  {"uminAliasOf", {"New-X"}},
                  {"uminForwardUntil", {"20270301090000Z"}},
                  {"uminForwardEnabled", {"FALSE"}}});
  auto r = record(read_directory_entry(e, {"uid", "old-x"}, test::uuid(2)));
  CHECK(r.type == DirectoryEntry::Type::alias);
  CHECK(r.target == "new-x");
  CHECK(r.forward_until == test::at("2027-03-01T09:00:00Z"));
  CHECK_FALSE(r.forward_enabled);
}

TEST_CASE("route entry: an alias without a window does not forward; without the switch it does") {
  auto e = entry(std::string("uid=old-x,ou=aliases,") + base, {{"objectClass", {"uminAlias"}}, {"uminAliasOf", {"new-x"}}});
  auto r = record(read_directory_entry(e, {"uid", "old-x"}, test::uuid(2)));
  CHECK(r.forward_until == TimePoint{});
  CHECK(r.forward_enabled);
  e.attrs["uminForwardUntil"] = {"not a time"};
  CHECK(record(read_directory_entry(e, {"uid", "old-x"}, test::uuid(2))).forward_until == TimePoint{});
}

TEST_CASE("route entry: a list routes to its deliver-to, kept as written") {
  auto e = entry(std::string("cn=soc-list,ou=lists,") + base,
                 {{"objectClass", {"uminList"}}, {"uminDeliverTo", {"Members@Lists.example.org"}}});
  auto r = record(read_directory_entry(e, {"cn", "soc-list"}, test::uuid(3)));
  CHECK(r.type == DirectoryEntry::Type::list);
  CHECK(r.target == "Members@Lists.example.org");
}

TEST_CASE("route entry: what is not a route says why") {
  auto indice = entry(std::string("uid=a-b,ou=indice,") + base, {{"objectClass", {"account", "uminAccount"}}});
  CHECK_THAT(refusal(read_directory_entry(indice, {"uid", "a-b"}, test::uuid(4))),
             Catch::Contains("neither a person, an alias nor a list"));
  auto alias = entry(std::string("uid=old-x,ou=aliases,") + base, {{"objectClass", {"uminAlias"}}});
  CHECK_THAT(refusal(read_directory_entry(alias, {"uid", "old-x"}, test::uuid(5))), Catch::Contains("without uminAliasOf"));
  auto list = entry(std::string("uid=l-x,ou=lists,") + base, {{"objectClass", {"uminList"}}});
  CHECK_THAT(refusal(read_directory_entry(list, {"uid", "l-x"}, test::uuid(6))), Catch::Contains("first RDN must be cn="));
}

TEST_CASE("route entry: the sync state entry carries the heartbeat") {
  auto e = entry(std::string("cn=umind,ou=system,") + base,
                 {{"objectClass", {"uminSyncState"}}, {"cn", {"umind"}}, {"uminSyncSeq", {"42"}},
                  {"uminHeartbeat", {"20261203093000Z"}}});
  auto fact = read_directory_entry(e, {"cn", "umind"}, test::uuid(9));
  REQUIRE(std::holds_alternative<SyncStateRecord>(fact));
  CHECK(std::get<SyncStateRecord>(fact).heartbeat == test::at("2026-12-03T09:30:00Z"));

  e.attrs.erase("uminHeartbeat");
  CHECK_FALSE(std::get<SyncStateRecord>(read_directory_entry(e, {"cn", "umind"}, test::uuid(9))).heartbeat);
  e.attrs["uminHeartbeat"] = {"yesterday"};
  CHECK_FALSE(std::get<SyncStateRecord>(read_directory_entry(e, {"cn", "umind"}, test::uuid(9))).heartbeat);
}
