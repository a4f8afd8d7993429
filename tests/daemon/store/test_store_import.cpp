// test_store_import.cpp — AccountStore::import_accounts: everything written
// in one transaction (accounts, used names, aliases with their window,
// grants, journal), or nothing at all when any line is wrong, with the
// store's own checks naming the line and the field and never the hash.
#include <algorithm>

#include "daemon/store/account_import.hpp"
#include "store_fixture.hpp"

using namespace umind;
using umind::test::at;
using umind::test::StoreFixture;

namespace {

const std::string good_hash =
    "{CRYPT}$6$abcdefghijklmnop$zvvUv7Yhc.GWQAMkELZWMo0deEfHPxsp3ZZaXilVHo4h9R59DVwxQO5xS.TrA3vS4wBvN48kLpld32R1F5j4X.";

ImportRecord record(std::size_t line, std::string id, Kind kind = Kind::personal) {
  ImportRecord r;
  r.line = line;
  r.id = std::move(id);
  r.kind = kind;
  return r;
}

store::ImportOutcome run(StoreFixture& f, std::vector<ImportRecord> records, bool dry_run = false,
                         std::size_t source_errors = 0) {
  std::size_t next = 0;
  store::ImportBatch batch;
  batch.dry_run = dry_run;
  batch.next = [&]() -> std::optional<ImportRecord> {
    if (next == records.size()) return std::nullopt;
    return records[next++];
  };
  batch.source_errors = [&] { return source_errors; };
  return f.store->import_accounts(batch, f.req());
}

std::vector<std::string> texts(const store::ImportOutcome& o) {
  std::vector<std::string> out;
  for (const auto& e : o.errors) out.push_back(e.to_string("users.csv"));
  return out;
}

}  // namespace

TEST_CASE("import: accounts, renames, grants and hashes in one go, one journal row each") {
  StoreFixture f;
  auto taro = record(2, "taro-tky");
  taro.name = "Kiuchi Taro";
  taro.person_key = "MD-1";
  taro.password_hash = good_hash;
  taro.services = {"epoc", "ctr"};
  taro.renamed_from = {{"taro-old", at("2026-03-01T09:00:00Z"), true, false},
                       {"taro-older", at("2025-01-01T00:00:00Z"), false, false}};
  auto gone = record(3, "gone-tky");
  gone.status = "deleted";
  gone.password_hash = good_hash;
  gone.services = {"epoc"};
  auto legacy = record(4, "old_style.id", Kind::group);
  legacy.legacy = true;
  auto o = run(f, {taro, gone, legacy});
  CHECK(texts(o).empty());
  CHECK(o.committed);
  CHECK(o.records == 3);
  CHECK(o.legacy == 1);

  Account a = f.store->show("taro-tky");
  CHECK(a.general_scheme == "crypt");
  CHECK(a.indice_scheme.empty());
  CHECK(a.services == std::vector<std::string>{"ctr", "epoc"});
  CHECK(a.renamed_at == at("2026-03-01T09:00:00Z"));
  auto aliases = f.store->aliases_of("taro-tky");
  REQUIRE(aliases.size() == 2);
  std::sort(aliases.begin(), aliases.end(), [](const Alias& x, const Alias& y) { return x.old_id < y.old_id; });
  CHECK(aliases[0].old_id == "taro-old");
  CHECK(aliases[0].forward_until == at("2027-03-01T09:00:00Z"));
  CHECK(aliases[0].forward_enabled);
  CHECK(aliases[1].old_id == "taro-older");
  CHECK(!aliases[1].forward_enabled);
  CHECK(f.route("<taro-old@umin.ac.jp>").route_case == RouteCase::forward);

  Account d = f.store->show("gone-tky");
  CHECK(d.status == AccountStatus::deleted);
  CHECK(d.general_scheme.empty());
  CHECK(d.services.empty());
  CHECK(f.store->show("old_style.id").legacy);

  auto rows = f.store->journal_since(0, 100);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].op == "account.import");
  CHECK(rows[0].data["id"] == "taro-tky");
  CHECK(rows[0].data["old_ids"] == 2);
  CHECK(rows[0].data.dump().find("$6$") == std::string::npos);
  CHECK(rows[1].data["status"] == "deleted");

  // Every ID and old ID is now used: a second import of the same file is refused.
  auto again = run(f, {record(2, "taro-tky"), record(3, "x-new")});
  CHECK(!again.committed);
  CHECK(texts(again) == std::vector<std::string>{
                            "users.csv:2: id: 'taro-tky' is already in the store (the ID of an active account); "
                            "an ID once used is never issued again (DESIGN §3)"});
  CHECK_THROWS(f.store->show("x-new"));
  auto old = record(5, "fresh-tky");
  old.renamed_from = {{"taro-old", at("2026-01-01T00:00:00Z"), true, false}};
  CHECK(texts(run(f, {old})) ==
        std::vector<std::string>{"users.csv:5: renamed_from: entry 1: 'taro-old' is already in the store (an old "
                                 "ID of 'taro-tky'); an ID once used is never issued again (DESIGN §3)"});
}

TEST_CASE("import: any error anywhere and nothing is written, every error is reported") {
  StoreFixture f;
  f.create("used-tky", Kind::personal, "MD-9");
  auto bad_hash = record(3, "hash-tky");
  bad_hash.password_hash = "{CRYPT}$6$short$secretdigest";
  auto twin_store = record(4, "twin-tky");
  twin_store.person_key = "MD-9";
  auto first = record(5, "first-tky");
  first.person_key = "MD-2";
  auto second = record(6, "second-tky");
  second.person_key = "MD-2";
  auto future = record(7, "later-tky");
  future.renamed_from = {{"later-old", at("2027-01-01T00:00:00Z"), true, false}};
  auto reserved = record(8, "admin-x", Kind::role);
  auto deleted_twin = record(9, "ghost-tky");
  deleted_twin.person_key = "MD-2";
  deleted_twin.status = "deleted";
  auto o = run(f, {record(2, "ok-tky"), bad_hash, twin_store, first, second, future, reserved, deleted_twin,
                   record(10, "used-tky")});
  CHECK(!o.committed);
  CHECK(o.error_count == 6);
  auto t = texts(o);
  REQUIRE(t.size() == 6);
  CHECK(t[0].starts_with("users.csv:3: password_hash: is not a {CRYPT} value slapd can verify"));
  CHECK(t[0].find("secretdigest") == std::string::npos);
  CHECK(t[1] == "users.csv:4: person_key: person 'MD-9' already has the active personal ID 'used-tky' in the "
                "store; one personal ID per person (FAQ 1.2): import the other one as deleted, or merge them later");
  CHECK(t[2].starts_with("users.csv:6: person_key: person 'MD-2' already has the active personal ID 'first-tky' "
                         "on line 5;"));
  CHECK(t[3].starts_with("users.csv:7: renamed_from: entry 1: the rename of 'later-old' at 2027-01-01T00:00:00Z "
                         "lies in the future"));
  CHECK(t[4] == "users.csv:8: id: 'admin-x' is reserved by id_policy.reserved (pattern 'admin-.*')");
  CHECK(t[5].starts_with("users.csv:10: id: 'used-tky' is already in the store"));
  CHECK_THROWS(f.store->show("ok-tky"));
  CHECK(f.store->status().active == 1);
  CHECK(f.store->journal_since(0, 100).size() == 1);  // the create only

  // The errors kept are bounded; the count is not.
  std::vector<ImportRecord> many;
  for (std::size_t i = 0; i < 30; ++i) many.push_back(record(i + 1, "used-tky"));
  store::ImportBatch batch;
  std::size_t next = 0;
  batch.next = [&]() -> std::optional<ImportRecord> {
    if (next == many.size()) return std::nullopt;
    return many[next++];
  };
  batch.max_errors = 10;
  auto bounded = f.store->import_accounts(batch, f.req());
  CHECK(bounded.errors.size() == 10);
  CHECK(bounded.error_count == 30);
}

TEST_CASE("import: dry run and errors of the source write nothing") {
  StoreFixture f;
  auto dry = run(f, {record(2, "dry-tky")}, true);
  CHECK(dry.error_count == 0);
  CHECK(dry.records == 1);
  CHECK(!dry.committed);
  CHECK_THROWS(f.store->show("dry-tky"));
  auto parse_failed = run(f, {record(2, "dry-tky")}, false, 1);
  CHECK(!parse_failed.committed);
  CHECK_THROWS(f.store->show("dry-tky"));
  auto fine = run(f, {record(2, "dry-tky")});
  CHECK(fine.committed);
  CHECK(f.store->show("dry-tky").id == "dry-tky");
}
