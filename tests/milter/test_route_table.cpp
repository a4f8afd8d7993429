// test_route_table.cpp — the compact table: lookups by name and entryUUID,
// duplicates, tombstones, limits.
#include <catch2/catch.hpp>

#include "milter/replica/route_table.hpp"
#include "replica_records.hpp"
#include "tests/core/time_literals.hpp"

using namespace umind;
using namespace umind::replica;
using umind::test::uuid;

TEST_CASE("route table: a slot is 40 bytes") { STATIC_REQUIRE(sizeof(RouteTable::Slot) == 40); }

TEST_CASE("route table: finds records by name and by entryUUID") {
  RouteTable::Builder b;
  REQUIRE(b.add(test::live_record(1, "kiuchi-tky")));
  REQUIRE(b.add(test::alias_record(2, "kiuchi-old", "kiuchi-tky", test::at("2027-03-01T09:00:00Z"))));
  REQUIRE(b.add(test::list_record(3, "soc-list", "members@lists.example.org")));
  auto t = b.finish();
  REQUIRE(t->size() == 3);

  const auto* live = t->find("kiuchi-tky");
  REQUIRE(live != nullptr);
  CHECK(t->entry(*live).type == DirectoryEntry::Type::live);
  const auto* alias = t->find("kiuchi-old");
  REQUIRE(alias != nullptr);
  auto e = t->entry(*alias);
  CHECK(e.type == DirectoryEntry::Type::alias);
  CHECK(e.target == "kiuchi-tky");
  CHECK(e.forward_until == test::at("2027-03-01T09:00:00Z"));
  CHECK(e.forward_enabled);
  CHECK(t->entry(*t->find("soc-list")).target == "members@lists.example.org");
  CHECK(t->find("kiuchi") == nullptr);
  CHECK(t->find("kiuchi-tkyx") == nullptr);
  CHECK(t->find("") == nullptr);

  const auto* by_uuid = t->find(uuid(2));
  REQUIRE(by_uuid != nullptr);
  CHECK(t->name(*by_uuid) == "kiuchi-old");
  CHECK(t->find(uuid(9)) == nullptr);
  CHECK(t->record(*by_uuid).target == "kiuchi-tky");
}

TEST_CASE("route table: the last record of an entryUUID counts") {
  RouteTable::Builder b;
  b.add(test::live_record(1, "first-x"));
  b.add(test::live_record(1, "second-x"));
  auto t = b.finish();
  CHECK(t->size() == 1);
  CHECK(t->find("first-x") == nullptr);
  REQUIRE(t->find("second-x") != nullptr);
  CHECK(t->name(*t->find(uuid(1))) == "second-x");
}

TEST_CASE("route table: two entries with one name: live beats list beats alias") {
  RouteTable::Builder b;
  b.add(test::alias_record(1, "same-x", "other-x", test::at("2030-01-01T00:00:00Z")));
  b.add(test::live_record(2, "same-x"));
  b.add(test::list_record(3, "same-x", "l@example.org"));
  auto t = b.finish();
  CHECK(t->entry(*t->find("same-x")).type == DirectoryEntry::Type::live);
}

TEST_CASE("route table: a tombstone is found by entryUUID only") {
  RouteTable::Builder b;
  b.add(test::live_record(1, "gone-x"));
  b.add_tombstone(uuid(1));
  auto t = b.finish();
  CHECK(t->size() == 0);
  CHECK(t->find("gone-x") == nullptr);
  REQUIRE(t->find(uuid(1)) != nullptr);
  CHECK(RouteTable::is_tombstone(*t->find(uuid(1))));
}

TEST_CASE("route table: refuses empty and over-long names and targets") {
  RouteTable::Builder b;
  CHECK_FALSE(b.add(test::live_record(1, "")));
  CHECK_FALSE(b.add(test::live_record(2, std::string(256, 'a'))));
  CHECK(b.add(test::live_record(3, std::string(255, 'a'))));
  CHECK_FALSE(b.add(test::list_record(4, "l-x", std::string(1025, 'a'))));
  auto t = b.finish();
  CHECK(t->size() == 1);
  CHECK(t->find(std::string(255, 'a')) != nullptr);
}

TEST_CASE("route table: an empty table answers nothing") {
  auto t = RouteTable::Builder{}.finish();
  CHECK(t->size() == 0);
  CHECK(t->find("a-b") == nullptr);
  CHECK(t->find(uuid(1)) == nullptr);
}

TEST_CASE("route table: 50k records all found") {
  RouteTable::Builder b;
  for (unsigned i = 0; i < 50000; ++i) b.add(test::live_record(i, "id" + std::to_string(i) + "-x"));
  auto t = b.finish();
  REQUIRE(t->size() == 50000);
  unsigned found = 0;
  for (unsigned i = 0; i < 50000; ++i) {
    const auto* s = t->find("id" + std::to_string(i) + "-x");
    if (s != nullptr && t->find(uuid(i)) == s) ++found;
  }
  CHECK(found == 50000);
  CHECK(t->find("id50000-x") == nullptr);
}
