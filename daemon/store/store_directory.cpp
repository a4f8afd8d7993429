// store_directory.cpp — the routing Directory (core/routing.hpp) answered
// from the store, so `uminctl route` gives exactly the milter's decision.
// Live = active account; alias = old ID with its window; list = deliver-to.
#include <deque>

#include "daemon/store/store_impl.hpp"

namespace umind::store {
namespace {

class StoreDirectory : public Directory {
 public:
  explicit StoreDirectory(sql::Database& db) : db_(db) {}

  std::optional<DirectoryEntry> find(std::string_view local) const override {
    auto live = db_.prepare("SELECT 1 FROM accounts WHERE id = ? AND status = 'active'");
    live.bind(1, local);
    if (live.step()) return DirectoryEntry{DirectoryEntry::Type::live, {}, {}, false};
    auto alias = db_.prepare(
        "SELECT accounts.id, forward_until, forward_enabled FROM aliases "
        "JOIN accounts ON accounts.key = aliases.account_key WHERE old_id = ?");
    alias.bind(1, local);
    if (alias.step())
      return DirectoryEntry{DirectoryEntry::Type::alias, keep(alias.text(0)), from_db(alias.int64(1)),
                            alias.int64(2) != 0};
    auto list = db_.prepare("SELECT deliver_to FROM lists WHERE name = ?");
    list.bind(1, local);
    if (list.step()) return DirectoryEntry{DirectoryEntry::Type::list, keep(list.text(0)), {}, false};
    return std::nullopt;
  }

 private:
  // Views handed out must outlive the decision: keep the strings here.
  std::string_view keep(std::string s) const { return strings_.emplace_back(std::move(s)); }
  sql::Database& db_;
  mutable std::deque<std::string> strings_;
};

}  // namespace

std::unique_ptr<Directory> AccountStore::directory() { return std::make_unique<StoreDirectory>(impl_->db); }

}  // namespace umind::store
