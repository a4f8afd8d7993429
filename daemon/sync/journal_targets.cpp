// journal_targets.cpp — journal operation -> sync targets.
#include "daemon/sync/journal_targets.hpp"

namespace umind::sync {
namespace {

// The passwords a row set: all of them for a new or handed-over account,
// the one it names for password.apply (both when it names none).
PasswordWrites passwords_written(const store::JournalRow& row) {
  if (row.op == "account.create" || row.op == "account.import" || row.op == "account.handover") return {true, true};
  if (row.op != "password.apply") return {};
  std::string which;
  if (auto w = row.data.find("which"); row.data.is_object() && w != row.data.end() && w->is_string())
    which = w->get<std::string>();
  if (which == "general") return {true, false};
  if (which == "indice") return {false, true};
  return {true, true};
}

void add_list(Targets& t, const nlohmann::json& name) {
  if (name.is_string()) t.lists.insert(name.get<std::string>());
}

}  // namespace

void add_targets(Targets& t, const store::JournalRow& row) {
  if (row.account_key) {
    auto& pw = t.accounts[*row.account_key];
    auto now = passwords_written(row);
    pw.general = pw.general || now.general;
    pw.indice = pw.indice || now.indice;
  }
  const auto& d = row.data;
  if (!d.is_object()) return;
  // merge: the duplicate's own entries go away
  if (auto k = d.find("duplicate_key"); k != d.end() && k->is_number_integer()) t.accounts.emplace(k->get<std::int64_t>(), PasswordWrites{});
  if (auto l = d.find("list"); l != d.end()) add_list(t, *l);
  // delete: the lists it was a member of (its memberships are gone from the store)
  if (auto ls = d.find("lists"); ls != d.end() && ls->is_array())
    for (const auto& l : *ls) add_list(t, l);
}

}  // namespace umind::sync
