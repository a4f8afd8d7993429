// journal_targets.cpp — journal operation -> sync targets.
#include "daemon/sync/journal_targets.hpp"

namespace umind::sync {
namespace {

bool writes_password(const std::string& op) {
  return op == "account.create" || op == "account.import" || op == "account.handover" || op == "password.apply";
}

void add_list(Targets& t, const nlohmann::json& name) {
  if (name.is_string()) t.lists.insert(name.get<std::string>());
}

}  // namespace

void add_targets(Targets& t, const store::JournalRow& row) {
  if (row.account_key) {
    bool& pw = t.accounts[*row.account_key];
    pw = pw || writes_password(row.op);
  }
  const auto& d = row.data;
  if (!d.is_object()) return;
  // merge: the duplicate's own entries go away
  if (auto k = d.find("duplicate_key"); k != d.end() && k->is_number_integer()) t.accounts.emplace(k->get<std::int64_t>(), false);
  if (auto l = d.find("list"); l != d.end()) add_list(t, *l);
  // delete: the lists it was a member of (its memberships are gone from the store)
  if (auto ls = d.find("lists"); ls != d.end() && ls->is_array())
    for (const auto& l : *ls) add_list(t, l);
}

}  // namespace umind::sync
