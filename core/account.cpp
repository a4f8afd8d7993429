// account.cpp — names of account statuses and password kinds.
#include "core/account.hpp"

namespace umind {

std::string_view to_string(AccountStatus s) {
  switch (s) {
    case AccountStatus::active: return "active";
    case AccountStatus::merged: return "merged";
    case AccountStatus::deleted: return "deleted";
  }
  return "?";
}

std::optional<AccountStatus> parse_account_status(std::string_view text) {
  for (auto s : {AccountStatus::active, AccountStatus::merged, AccountStatus::deleted})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

std::string_view to_string(PasswordKind k) { return k == PasswordKind::general ? "general" : "indice"; }

}  // namespace umind
