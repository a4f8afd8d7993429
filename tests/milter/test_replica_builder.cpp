// test_replica_builder.cpp — the content-sync bookkeeping: first load, persist
// changes (add, change, rename, delete), delta refreshes in present and
// delete mode, full reloads, aborts, folding, and a randomized comparison
// with a plain map.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "milter/replica/replica_builder.hpp"
#include "replica_records.hpp"
#include "tests/core/time_literals.hpp"

using namespace umind;
using namespace umind::replica;
using umind::test::uuid;

namespace {

bool has(const std::shared_ptr<const Snapshot>& s, std::string_view name) { return s->find(name).has_value(); }

ReplicaBuilder loaded_with_three(std::size_t fold_at = 8192) {
  ReplicaBuilder b(fold_at);
  b.begin_refresh(true);
  b.upsert(test::live_record(1, "aaa-x"));
  b.upsert(test::live_record(2, "bbb-x"));
  b.upsert(test::alias_record(3, "ccc-x", "aaa-x", test::at("2030-01-01T00:00:00Z")));
  b.end_present_phase();
  b.end_refresh();
  return b;
}

}  // namespace

TEST_CASE("replica: nothing is published before the first refresh completes") {
  ReplicaBuilder b;
  CHECK(b.publish() == nullptr);
  b.begin_refresh(true);
  b.upsert(test::live_record(1, "aaa-x"));
  CHECK(b.publish() == nullptr);
  CHECK_FALSE(b.loaded());
  b.abort_refresh();
  CHECK(b.publish() == nullptr);
}

TEST_CASE("replica: the first load answers every kind") {
  auto b = loaded_with_three();
  auto s = b.publish();
  REQUIRE(s);
  CHECK(s->find("aaa-x")->type == DirectoryEntry::Type::live);
  CHECK(s->find("ccc-x")->target == "aaa-x");
  CHECK_FALSE(has(s, "ddd-x"));
  CHECK(s->counts().live == 2);
  CHECK(s->counts().aliases == 1);
  CHECK(s->counts().lists == 0);
}

TEST_CASE("replica: persist changes reach the next snapshot, not the old one") {
  auto b = loaded_with_three();
  auto before = b.publish();
  b.upsert(test::live_record(4, "ddd-x"));                     // add
  b.upsert(test::live_record(2, "bbb-new"));                   // modrdn: same entryUUID, new name
  b.remove(uuid(1));                                           // delete
  b.upsert(test::list_record(3, "ccc-x", "to@example.org"));   // an alias becomes a list
  auto after = b.publish();
  CHECK(has(after, "ddd-x"));
  CHECK(has(after, "bbb-new"));
  CHECK_FALSE(has(after, "bbb-x"));
  CHECK_FALSE(has(after, "aaa-x"));
  CHECK(after->find("ccc-x")->type == DirectoryEntry::Type::list);
  CHECK(after->counts().live == 2);
  CHECK(after->counts().aliases == 0);
  CHECK(after->counts().lists == 1);
  // the snapshot taken before is immutable
  CHECK(has(before, "aaa-x"));
  CHECK(has(before, "bbb-x"));
  CHECK_FALSE(has(before, "ddd-x"));
  CHECK(before->find("ccc-x")->type == DirectoryEntry::Type::alias);
}

TEST_CASE("replica: a delta refresh in present mode deletes what was neither sent nor present") {
  auto b = loaded_with_three();
  b.begin_refresh(false);
  b.present(uuid(1));
  b.upsert(test::live_record(2, "bbb-x"));  // changed while we were away
  b.upsert(test::live_record(5, "eee-x"));  // added while we were away
  // uuid(3) was deleted while we were away: not mentioned
  b.end_present_phase();
  b.end_refresh();
  auto s = b.publish();
  CHECK(has(s, "aaa-x"));
  CHECK(has(s, "bbb-x"));
  CHECK(has(s, "eee-x"));
  CHECK_FALSE(has(s, "ccc-x"));
  CHECK(s->counts().total() == 3);
}

TEST_CASE("replica: a delta refresh in delete mode keeps what is not mentioned") {
  auto b = loaded_with_three();
  b.begin_refresh(false);
  b.remove(uuid(2));
  b.end_refresh();
  auto s = b.publish();
  CHECK(has(s, "aaa-x"));
  CHECK_FALSE(has(s, "bbb-x"));
  CHECK(has(s, "ccc-x"));
}

TEST_CASE("replica: a full reload replaces the base only when complete") {
  auto b = loaded_with_three();
  auto old = b.publish();
  b.begin_refresh(true);
  b.upsert(test::live_record(7, "ggg-x"));
  CHECK(b.publish() == old);  // still the old one while loading
  b.abort_refresh();
  CHECK(has(b.publish(), "aaa-x"));
  b.begin_refresh(true);
  b.upsert(test::live_record(7, "ggg-x"));
  b.end_present_phase();
  b.end_refresh();
  auto s = b.publish();
  CHECK(has(s, "ggg-x"));
  CHECK_FALSE(has(s, "aaa-x"));
  CHECK(s->counts().total() == 1);
}

TEST_CASE("replica: a delete during the first load leaves no trace") {
  ReplicaBuilder b;
  b.begin_refresh(true);
  b.upsert(test::live_record(1, "aaa-x"));
  b.remove(uuid(1));
  b.upsert(test::live_record(2, "bbb-x"));
  b.end_refresh();
  auto s = b.publish();
  CHECK_FALSE(has(s, "aaa-x"));
  CHECK(has(s, "bbb-x"));
  CHECK(s->counts().total() == 1);
  CHECK_FALSE(s->find(uuid(1)).has_value());
}

TEST_CASE("replica: an over-long record removes the entry instead of keeping it stale") {
  auto b = loaded_with_three();
  CHECK_FALSE(b.upsert(test::live_record(1, std::string(300, 'a'))));
  CHECK_FALSE(has(b.publish(), "aaa-x"));
}

// Names are unique per entry (the store never gives one name to two entries),
// but an entry may be renamed (same entryUUID, new name).
TEST_CASE("replica: random changes agree with a plain map, across folds") {
  std::mt19937 rng(20261125);
  ReplicaBuilder b(16);  // fold often
  std::map<unsigned, RouteRecord> model;  // uuid number -> record
  auto make = [&](unsigned n) {
    std::string name = "n" + std::to_string(n) + "v" + std::to_string(rng() % 3) + "-x";
    switch (rng() % 3) {
      case 0: return test::live_record(n, name);
      case 1: return test::alias_record(n, name, "t" + std::to_string(rng() % 9) + "-x", test::at("2030-01-01T00:00:00Z"));
      default: return test::list_record(n, name, "l" + std::to_string(rng() % 9) + "@example.org");
    }
  };
  b.begin_refresh(true);
  for (unsigned n = 0; n < 20; ++n) {
    auto r = make(n);
    if (b.upsert(r)) model[n] = r;
  }
  b.end_refresh();
  for (int round = 0; round < 400; ++round) {
    unsigned n = static_cast<unsigned>(rng() % 40);
    if (rng() % 4 == 0) {
      b.remove(uuid(n));
      model.erase(n);
    } else {
      auto r = make(n);
      b.upsert(r);
      model[n] = r;
    }
    if (round % 7 == 0) {
      auto s = b.publish();
      // each model record is found by its entryUUID; each name answers like the model
      for (const auto& [k, r] : model) REQUIRE(s->find(uuid(k))->name == r.name);
      for (int i = 0; i < 120; ++i) {
        std::string name = "n" + std::to_string(i / 3) + "v" + std::to_string(i % 3) + "-x";
        bool in_model = false;
        for (const auto& [k, r] : model) in_model = in_model || r.name == name;
        REQUIRE(has(s, name) == in_model);
      }
      std::size_t live = 0, aliases = 0, lists = 0;
      for (const auto& [k, r] : model)
        (r.type == DirectoryEntry::Type::live ? live : r.type == DirectoryEntry::Type::alias ? aliases : lists)++;
      REQUIRE(s->counts().live == live);
      REQUIRE(s->counts().aliases == aliases);
      REQUIRE(s->counts().lists == lists);
    }
  }
}
