// account.hpp — the domain records of the account store (DESIGN §2–§4): an
// account with its stable key, an alias left by a rename or merge, a mailing
// list, a pending password change. Plain data: never holds a password, and
// only the scheme name of a hash, never the hash itself.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/id_policy.hpp"
#include "core/time.hpp"

namespace umind {

enum class AccountStatus { active, merged, deleted };
std::string_view to_string(AccountStatus s);
std::optional<AccountStatus> parse_account_status(std::string_view text);

enum class PasswordKind { general, indice };
std::string_view to_string(PasswordKind k);

struct PendingPassword {
  PasswordKind which = PasswordKind::general;
  TimePoint requested_at{};
  TimePoint effective_at{};
};

struct Account {
  std::int64_t key = 0;  // stable: survives renames; LDAP uminAccountKey
  std::string id;
  Kind kind = Kind::personal;
  AccountStatus status = AccountStatus::active;
  std::string name, contact, affiliation, person_key;
  bool legacy = false;  // imported ID that breaks today's syntax
  std::vector<std::string> services;  // sorted
  std::vector<std::string> lists;     // names of lists it is a member of, sorted
  TimePoint created_at{};
  std::optional<TimePoint> renamed_at;  // the last rename
  std::string general_scheme;           // "CRYPT", "ARGON2", ... or "" when none
  std::string indice_scheme;
  std::vector<PendingPassword> pending;
  std::string merged_into;              // live ID it was merged into
  std::string delete_reason;
  bool deleted_by_third_party = false;
};

struct Alias {
  std::string old_id;
  std::string live_id;        // what it resolves to now
  std::int64_t account_key = 0;
  std::string reason;         // "rename" or "merge"
  TimePoint created_at{};
  TimePoint forward_until{};
  bool forward_enabled = true;
};

struct MailingList {
  std::string name;
  std::string deliver_to;
  bool protect_members = false;
  std::vector<std::string> members;  // live IDs, sorted
};

}  // namespace umind
