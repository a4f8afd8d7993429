// journal_targets.hpp — what a run of journal rows touched: the accounts
// (whose people, indice and alias entries must be brought up to date, with
// or without their passwords), and the lists. Sync then reads the *current*
// state of each target, so the journal never needs to hold data to redo a
// change and replaying rows twice writes nothing new.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/store/account_store.hpp"

namespace umind::sync {

// Which of an account's two passwords the rows changed: only those are
// written (a password cannot be read back to compare).
struct PasswordWrites {
  bool general = false, indice = false;
  bool operator==(const PasswordWrites&) const = default;
};

struct Targets {
  std::map<std::int64_t, PasswordWrites> accounts;  // account key -> the passwords to write
  std::set<std::string> lists;
  bool empty() const { return accounts.empty() && lists.empty(); }
};

void add_targets(Targets& t, const store::JournalRow& row);

}  // namespace umind::sync
