// store_reader.cpp — read-only queries for sync, reconcile and export.
#include "daemon/store/store_reader.hpp"

#include <algorithm>

#include "daemon/store/store_impl.hpp"

namespace umind::store {
namespace {

constexpr const char* account_columns =
    "SELECT key, id, kind, status, name, affiliation, general_hash, indice_hash, "
    "(SELECT group_concat(service, char(31)) FROM grants WHERE account_key = accounts.key) FROM accounts ";

constexpr const char* alias_columns =
    "SELECT aliases.old_id, accounts.id, aliases.reason, aliases.forward_until, aliases.forward_enabled "
    "FROM aliases JOIN accounts ON accounts.key = aliases.account_key ";

std::vector<std::string> split_services(const sql::Statement& s, int col) {
  std::vector<std::string> out;
  if (s.is_null(col)) return out;
  std::string all = s.text(col);
  std::size_t start = 0;
  for (;;) {
    auto end = all.find('\x1f', start);
    out.push_back(all.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

AccountState account_from(const sql::Statement& s) {
  AccountState a;
  a.key = s.int64(0);
  a.id = s.text(1);
  a.kind = parse_kind(s.text(2)).value_or(Kind::personal);
  a.status = parse_account_status(s.text(3)).value_or(AccountStatus::active);
  a.name = s.text(4);
  a.affiliation = s.text(5);
  if (!s.is_null(6)) a.general_hash = s.text(6);
  if (!s.is_null(7)) a.indice_hash = s.text(7);
  a.services = split_services(s, 8);
  return a;
}

AliasState alias_from(const sql::Statement& s) {
  return {s.text(0), s.text(1), s.text(2), from_db(s.int64(3)), s.int64(4) != 0};
}

}  // namespace

// Full scans (reconcile, export-ldif) read the whole file: through a memory
// map SQLite reads its pages without a system call and a copy each.
StoreReader::StoreReader(const std::string& path) : db_(path, sql::Database::Mode::read_only) {
  db_.exec("PRAGMA mmap_size = 4294967296");
}


std::int64_t StoreReader::journal_head() {
  auto s = db_.prepare("SELECT COALESCE(MAX(seq), 0) FROM journal");
  s.step();
  return s.int64(0);
}

std::vector<JournalRow> StoreReader::journal_after(std::int64_t seq, int limit) {
  auto s = db_.prepare("SELECT seq, at, actor, op, account_key, data FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
  s.bind_all(seq, limit);
  std::vector<JournalRow> out;
  while (s.step())
    out.push_back({s.int64(0), from_db(s.int64(1)), s.text(2), s.text(3), s.optional_int64(4),
                   nlohmann::json::parse(s.text(5), nullptr, false)});
  return out;
}

std::optional<AccountState> StoreReader::account(std::int64_t key) {
  auto s = db_.prepare(std::string(account_columns) + "WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return account_from(s);
}

std::vector<AliasState> StoreReader::aliases_of(std::int64_t account_key) {
  auto s = db_.prepare(std::string(alias_columns) + "WHERE aliases.account_key = ? ORDER BY aliases.old_id");
  s.bind(1, account_key);
  std::vector<AliasState> out;
  while (s.step()) out.push_back(alias_from(s));
  return out;
}

std::optional<AliasState> StoreReader::alias(std::string_view old_id) {
  auto s = db_.prepare(std::string(alias_columns) + "WHERE aliases.old_id = ?");
  s.bind(1, old_id);
  if (!s.step()) return std::nullopt;
  return alias_from(s);
}

std::optional<ListState> StoreReader::list(std::string_view name) {
  auto s = db_.prepare("SELECT name, deliver_to, protect_members FROM lists WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  ListState l{s.text(0), s.text(1), s.int64(2) != 0, {}};
  auto m = db_.prepare(
      "SELECT accounts.id FROM list_members JOIN accounts ON accounts.key = list_members.account_key "
      "WHERE list_members.list_name = ? AND accounts.status = 'active' ORDER BY accounts.id");
  m.bind(1, name);
  while (m.step()) l.member_ids.push_back(m.text(0));
  return l;
}

std::vector<std::string> StoreReader::lists_of(std::int64_t account_key) {
  auto s = db_.prepare("SELECT list_name FROM list_members WHERE account_key = ? ORDER BY list_name");
  s.bind(1, account_key);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void StoreReader::each_active_account(const std::function<void(AccountState&&)>& fn) {
  auto s = db_.prepare(std::string(account_columns) + "WHERE status = 'active' ORDER BY key");
  while (s.step()) fn(account_from(s));
}

void StoreReader::each_alias(const std::function<void(AliasState&&)>& fn) {
  auto s = db_.prepare(std::string(alias_columns) + "ORDER BY aliases.old_id");
  while (s.step()) fn(alias_from(s));
}

void StoreReader::each_list(const std::function<void(ListState&&)>& fn) {
  std::vector<std::string> names;
  auto s = db_.prepare("SELECT name FROM lists ORDER BY name");
  while (s.step()) names.push_back(s.text(0));
  for (const auto& n : names)
    if (auto l = list(n)) fn(std::move(*l));
}

}  // namespace umind::store
