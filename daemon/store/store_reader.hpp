// store_reader.hpp — the store as the sync role reads it: the journal after a
// sequence number and the current state of accounts, aliases and lists, as
// the plain records core/ldap_entries turns into LDAP entries. Its own
// read-only SQLite connection (WAL: never blocks the writer, never sees half
// a transaction); one thread at a time. Hashes leave here only toward LDAP.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ldap_entries.hpp"
#include "daemon/store/account_store.hpp"
#include "daemon/store/sqlite.hpp"

namespace umind::store {

class StoreReader {
 public:
  explicit StoreReader(const std::string& path);

  std::int64_t journal_head();
  std::vector<JournalRow> journal_after(std::int64_t seq, int limit);

  // Any status (the caller decides what a merged or deleted account means).
  std::optional<AccountState> account(std::int64_t key);
  std::vector<AliasState> aliases_of(std::int64_t account_key);
  std::optional<AliasState> alias(std::string_view old_id);
  std::optional<ListState> list(std::string_view name);
  std::vector<std::string> lists_of(std::int64_t account_key);

  // Full scans for reconcile and export-ldif, in key / name order.
  void each_active_account(const std::function<void(AccountState&&)>& fn);
  void each_alias(const std::function<void(AliasState&&)>& fn);
  void each_list(const std::function<void(ListState&&)>& fn);

 private:
  friend class Snapshot;
  sql::Database db_;
};

// While it lives, everything read through the reader comes from one
// consistent state of the store (a read transaction, ended when it goes out
// of scope, also when an exception passes).
class Snapshot {
 public:
  explicit Snapshot(StoreReader& r) : tx_(r.db_, sql::Transaction::Kind::read) {}

 private:
  sql::Transaction tx_;
};

}  // namespace umind::store
