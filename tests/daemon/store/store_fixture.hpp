// store_fixture.hpp — a fresh store in a temporary file for each test, with
// a clock the test moves by hand.
#pragma once
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "daemon/store/account_store.hpp"
#include "time_literals.hpp"

namespace umind::test {

struct StoreFixture {
  std::filesystem::path dir;
  std::unique_ptr<store::AccountStore> store;
  TimePoint now = at("2026-11-25T09:00:00Z");

  explicit StoreFixture(store::StorePolicy policy = default_policy()) {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("umind-store-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    store = std::make_unique<store::AccountStore>((dir / "umind.db").string(), policy);
  }
  ~StoreFixture() { std::filesystem::remove_all(dir); }

  static store::StorePolicy default_policy() {
    store::StorePolicy p;
    p.patterns = {{"gakkai", "soc(iety)?$"}, {"admin-.*"}};
    return p;
  }
  store::Request req() const { return {"test", now}; }
  Account create(const std::string& id, Kind kind = Kind::personal, const std::string& person_key = "") {
    store::NewAccount a;
    a.id = id;
    a.kind = kind;
    a.person_key = person_key;
    a.general_hash = "{CRYPT}$6$salt$initial";
    return store->create(a, req());
  }
  std::string last_op() {
    auto rows = store->journal_since(0, 1'000'000);
    return rows.empty() ? "" : rows.back().op;
  }
  RouteDecision route(const std::string& address) {
    auto dir_view = store->directory();
    return route_recipient(RoutingRules{}, *dir_view, DirectoryFreshness::current(), address, now);
  }
};

// The refusal rule of an operation that must fail with OperationError.
template <class F>
std::string refusal_rule(F&& op) {
  try {
    op();
  } catch (const store::OperationError& e) {
    return e.rule;
  }
  return "(no refusal)";
}

}  // namespace umind::test
