// test_journal_targets.cpp — journal rows -> what the sync must bring up to
// date: accounts with the passwords to write (only the changed one), lists.
#include <catch2/catch.hpp>

#include "daemon/sync/journal_targets.hpp"

using namespace umind;
using namespace umind::sync;

namespace {

store::JournalRow row(std::string op, std::optional<std::int64_t> key, nlohmann::json data = nlohmann::json::object()) {
  store::JournalRow r;
  r.op = std::move(op);
  r.account_key = key;
  r.data = std::move(data);
  return r;
}

Targets of(const std::vector<store::JournalRow>& rows) {
  Targets t;
  for (const auto& r : rows) add_targets(t, r);
  return t;
}

}  // namespace

TEST_CASE("journal targets: a password change writes only that password") {
  auto t = of({row("password.apply", 7, {{"which", "general"}})});
  CHECK(t.accounts.at(7) == PasswordWrites{true, false});
  t = of({row("password.apply", 7, {{"which", "indice"}})});
  CHECK(t.accounts.at(7) == PasswordWrites{false, true});
  t = of({row("password.apply", 7, {{"which", "general"}}), row("password.apply", 7, {{"which", "indice"}})});
  CHECK(t.accounts.at(7) == PasswordWrites{true, true});
  t = of({row("password.apply", 7)});  // a row that names none: both, to be safe
  CHECK(t.accounts.at(7) == PasswordWrites{true, true});
}

TEST_CASE("journal targets: new and handed-over accounts write both, other changes none") {
  for (const char* op : {"account.create", "account.import", "account.handover"})
    CHECK(of({row(op, 1)}).accounts.at(1) == PasswordWrites{true, true});
  for (const char* op : {"account.rename", "password.request", "account.update"})
    CHECK(of({row(op, 1)}).accounts.at(1) == PasswordWrites{});
  // a later row without passwords keeps what an earlier one asked for
  auto t = of({row("password.apply", 1, {{"which", "general"}}), row("account.rename", 1)});
  CHECK(t.accounts.at(1) == PasswordWrites{true, false});
}

TEST_CASE("journal targets: merge duplicates and lists") {
  auto t = of({row("account.merge", 1, {{"duplicate_key", 2}}), row("list.add", std::nullopt, {{"list", "cardio-ml"}}),
               row("account.delete", 3, {{"lists", {"a-ml", "b-ml"}}})});
  CHECK(t.accounts.count(2) == 1);
  CHECK(t.accounts.at(2) == PasswordWrites{});
  CHECK(t.lists == std::set<std::string>{"a-ml", "b-ml", "cardio-ml"});
}
