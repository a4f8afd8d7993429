// store_impl.hpp — private to the store: the SQLite connection and the
// helpers the operation files share (loading accounts, the journal, the
// used-names register). Not part of any public interface.
#pragma once
#include <nlohmann/json.hpp>

#include "daemon/store/account_store.hpp"

namespace umind::store {

inline std::int64_t to_db(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_db(std::int64_t s) { return TimePoint{std::chrono::seconds{s}}; }

[[noreturn]] void refuse(const Refusal& r);
[[noreturn]] void refuse(std::string rule, const std::string& message);
[[noreturn]] void not_found(const std::string& what);

struct AccountStore::Impl {
  sql::Database db;
  IdPolicy id_policy;

  Impl(const std::string& path, const IdPatterns& patterns);

  void journal(const Request& r, std::string_view op, std::optional<std::int64_t> account_key,
               const nlohmann::json& data);

  std::optional<Account> find_by_id(std::string_view id);  // accounts.id, any status
  Account load_by_key(std::int64_t key);
  // The account named `id`, which must be active. An old ID (alias) or a
  // merged/deleted ID is refused with a sentence saying what it is now.
  Account require_active(const std::string& id);
  std::optional<std::string> alias_target(std::string_view old_id);  // live ID of an old ID

  bool name_used(std::string_view name);
  void mark_used(std::string_view name, std::string_view use, TimePoint now);
  // A brand-new ID or list name must never have been used (DESIGN §3).
  void require_unused(std::string_view name);

  std::vector<std::string> protected_lists_of(std::int64_t key);
};

}  // namespace umind::store
