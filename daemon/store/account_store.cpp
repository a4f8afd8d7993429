// account_store.cpp — opening the store, loading accounts, the journal, and
// the read operations (show, find, list, status).
#include "daemon/store/account_store.hpp"

#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "daemon/store/schema.hpp"
#include "daemon/store/store_impl.hpp"

namespace umind::store {

void refuse(const Refusal& r) { throw OperationError(ErrorKind::refused, r.rule, r.message); }
void refuse(std::string rule, const std::string& message) {
  throw OperationError(ErrorKind::refused, std::move(rule), message);
}
void not_found(const std::string& what) { throw OperationError(ErrorKind::not_found, "not-found", what); }

namespace {

constexpr const char* account_columns =
    "key, id, kind, status, name, contact, affiliation, person_key, legacy, general_hash, indice_hash, "
    "created_at, renamed_at, merged_into, delete_reason, deleted_by_third_party";

std::string scheme_of(const std::string& hash) {
  if (hash.size() < 3 || hash.front() != '{') return hash.empty() ? "" : "UNKNOWN";
  auto close = hash.find('}');
  return close == std::string::npos ? "UNKNOWN" : to_lower_ascii(hash.substr(1, close - 1));
}

Account read_account_row(const sql::Statement& s) {
  Account a;
  a.key = s.int64(0);
  a.id = s.text(1);
  a.kind = parse_kind(s.text(2)).value_or(Kind::personal);
  a.status = parse_account_status(s.text(3)).value_or(AccountStatus::active);
  a.name = s.text(4);
  a.contact = s.text(5);
  a.affiliation = s.text(6);
  a.person_key = s.text(7);
  a.legacy = s.int64(8) != 0;
  a.general_scheme = scheme_of(s.text(9));
  a.indice_scheme = scheme_of(s.text(10));
  a.created_at = from_db(s.int64(11));
  if (auto t = s.optional_int64(12)) a.renamed_at = from_db(*t);
  a.delete_reason = s.text(14);
  a.deleted_by_third_party = s.int64(15) != 0;
  return a;
}

}  // namespace

AccountStore::Impl::Impl(const std::string& path, const IdPatterns& patterns)
    : db(path, sql::Database::Mode::read_write), id_policy(patterns) {
  migrate(db);
}

void AccountStore::Impl::journal(const Request& r, std::string_view op, std::optional<std::int64_t> account_key,
                                 const nlohmann::json& data) {
  db.prepare("INSERT INTO journal (at, actor, op, account_key, data) VALUES (?, ?, ?, ?, ?)")
      .bind_all(to_db(r.now), r.actor, op, account_key,
                data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
      .run();
}

std::optional<Account> AccountStore::Impl::find_by_id(std::string_view id) {
  auto s = db.prepare(std::string("SELECT ") + account_columns + " FROM accounts WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  Account a = read_account_row(s);
  std::optional<std::int64_t> merged_into = s.optional_int64(13);
  auto services = db.prepare("SELECT service FROM grants WHERE account_key = ? ORDER BY service");
  services.bind(1, a.key);
  while (services.step()) a.services.push_back(services.text(0));
  auto lists = db.prepare("SELECT list_name FROM list_members WHERE account_key = ? ORDER BY list_name");
  lists.bind(1, a.key);
  while (lists.step()) a.lists.push_back(lists.text(0));
  auto pending = db.prepare(
      "SELECT which, requested_at, effective_at FROM pending_passwords WHERE account_key = ? ORDER BY which");
  pending.bind(1, a.key);
  while (pending.step())
    a.pending.push_back({pending.text(0) == "indice" ? PasswordKind::indice : PasswordKind::general,
                         from_db(pending.int64(1)), from_db(pending.int64(2))});
  if (merged_into) {
    auto m = db.prepare("SELECT id FROM accounts WHERE key = ?");
    m.bind(1, *merged_into);
    if (m.step()) a.merged_into = m.text(0);
  }
  return a;
}

Account AccountStore::Impl::load_by_key(std::int64_t key) {
  auto s = db.prepare("SELECT id FROM accounts WHERE key = ?");
  s.bind(1, key);
  if (!s.step()) not_found("no account with key " + std::to_string(key));
  return *find_by_id(s.text(0));
}

std::optional<std::string> AccountStore::Impl::alias_target(std::string_view old_id) {
  auto s = db.prepare(
      "SELECT accounts.id FROM aliases JOIN accounts ON accounts.key = aliases.account_key WHERE old_id = ?");
  s.bind(1, old_id);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

Account AccountStore::Impl::require_active(const std::string& id) {
  auto a = find_by_id(id);
  if (!a) {
    if (auto live = alias_target(id))
      refuse("account.old-id", quote_value(id) + " is an old ID of " + quote_value(*live) + "; use the live ID");
    not_found("no account " + quote_value(id));
  }
  if (auto r = check_active(*a)) refuse(*r);
  return *a;
}

bool AccountStore::Impl::name_used(std::string_view name) {
  auto s = db.prepare("SELECT 1 FROM used_names WHERE name = ?");
  s.bind(1, name);
  return s.step();
}

void AccountStore::Impl::mark_used(std::string_view name, std::string_view use, TimePoint now) {
  db.prepare("INSERT OR IGNORE INTO used_names (name, use, since) VALUES (?, ?, ?)")
      .bind_all(name, use, to_db(now))
      .run();
}

void AccountStore::Impl::require_unused(std::string_view name) {
  if (name_used(name))
    refuse("id.used", quote_value(name) +
                          " has been used before (as an ID, an old ID or a list) and is never issued again, so "
                          "mail for it can never reach a new owner");
}

std::vector<std::string> AccountStore::Impl::protected_lists_of(std::int64_t key) {
  auto s = db.prepare(
      "SELECT lists.name FROM list_members JOIN lists ON lists.name = list_members.list_name "
      "WHERE list_members.account_key = ? AND lists.protect_members = 1 ORDER BY lists.name");
  s.bind(1, key);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

AccountStore::AccountStore(const std::string& path, StorePolicy policy)
    : impl_(std::make_unique<Impl>(path, policy.patterns)), policy_(std::move(policy)) {}

AccountStore::~AccountStore() = default;

void AccountStore::set_policy(StorePolicy policy) {
  impl_->id_policy = IdPolicy(policy.patterns);
  policy_ = std::move(policy);
}

Account AccountStore::show(const std::string& id) {
  if (auto a = impl_->find_by_id(id)) return *a;
  if (auto live = impl_->alias_target(id)) return *impl_->find_by_id(*live);
  not_found("no account " + quote_value(id));
}

std::vector<Account> AccountStore::find(const std::string& text, int limit) {
  // The text rule also keeps a NUL out: SQLite's LIKE stops at it, and "%"
  // alone would match every account.
  if (auto fault = text_fault(text))
    throw OperationError(ErrorKind::invalid, "text.find",
                         "search text " + describe(*fault, text) + "; " + std::string(text_rule));
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += "%";
  auto s = impl_->db.prepare(
      "SELECT DISTINCT accounts.id FROM accounts LEFT JOIN aliases ON aliases.account_key = accounts.key "
      "WHERE accounts.id LIKE ?1 ESCAPE '\\' OR accounts.name LIKE ?1 ESCAPE '\\' "
      "OR accounts.contact LIKE ?1 ESCAPE '\\' OR accounts.affiliation LIKE ?1 ESCAPE '\\' "
      "OR accounts.person_key LIKE ?1 ESCAPE '\\' OR aliases.old_id LIKE ?1 ESCAPE '\\' "
      "ORDER BY accounts.id LIMIT ?2");
  s.bind_all(pattern, limit);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  std::vector<Account> out;
  for (const auto& id : ids) out.push_back(*impl_->find_by_id(id));
  return out;
}

std::vector<Account> AccountStore::list(std::optional<Kind> kind, std::optional<AccountStatus> status, int limit) {
  auto s = impl_->db.prepare(
      "SELECT id FROM accounts WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR status = ?2) "
      "ORDER BY id LIMIT ?3");
  if (kind) s.bind(1, to_string(*kind));
  if (status) s.bind(2, to_string(*status));
  s.bind(3, limit);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.text(0));
  std::vector<Account> out;
  for (const auto& id : ids) out.push_back(*impl_->find_by_id(id));
  return out;
}

StoreStatus AccountStore::status() {
  StoreStatus st;
  st.schema_version = schema_version();
  auto count = [&](const char* sql) {
    auto s = impl_->db.prepare(sql);
    s.step();
    return s.int64(0);
  };
  st.journal_head = count("SELECT COALESCE(MAX(seq), 0) FROM journal");
  st.active = count("SELECT COUNT(*) FROM accounts WHERE status = 'active'");
  st.merged = count("SELECT COUNT(*) FROM accounts WHERE status = 'merged'");
  st.deleted = count("SELECT COUNT(*) FROM accounts WHERE status = 'deleted'");
  st.aliases = count("SELECT COUNT(*) FROM aliases");
  st.lists = count("SELECT COUNT(*) FROM lists");
  st.pending_passwords = count("SELECT COUNT(*) FROM pending_passwords");
  st.next_password_due = next_password_due();
  return st;
}

std::vector<JournalRow> AccountStore::journal_since(std::int64_t after_seq, int limit) {
  auto s = impl_->db.prepare(
      "SELECT seq, at, actor, op, account_key, data FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
  s.bind_all(after_seq, limit);
  std::vector<JournalRow> out;
  while (s.step())
    out.push_back({s.int64(0), from_db(s.int64(1)), s.text(2), s.text(3), s.optional_int64(4),
                   nlohmann::json::parse(s.text(5), nullptr, false)});
  return out;
}

}  // namespace umind::store
