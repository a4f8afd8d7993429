// account_import.cpp — AccountStore::import_accounts: the records of one
// `uminctl import` (DESIGN §2) checked against the store and written in ONE
// transaction with one journal row per account, committed only when nothing
// at all was wrong. Hashes are stored as they are and never appear in an
// error, a journal row or a log line.
#include "daemon/store/account_import.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <variant>

#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "daemon/passwords/password_hash.hpp"
#include "daemon/store/store_impl.hpp"

namespace umind::store {
namespace {

// The connection's settings for one import, restored afterwards (also when
// it throws). Must exist before the statements are prepared (CHECK codegen)
// and before BEGIN (foreign_keys is a no-op inside a transaction):
//  * a page cache that holds the random-key indexes (accounts.id, used_names,
//    person_key) of a million-account import — 128 MiB; the default 2 MiB
//    makes SQLite spill and re-read pages and the import ~50% slower;
//  * no CHECK constraints: every value they guard is a literal of ours or
//    comes from an enum (kind), and SQLite rebuilds the IN (…) list of each
//    CHECK for every row (a quarter of the import's time);
//  * no foreign-key lookups: every alias and grant refers to the account
//    inserted just before it.
class ImportSettings {
 public:
  explicit ImportSettings(sql::Database& db) : db_(db) {
    cache_ = read("PRAGMA cache_size");
    foreign_keys_ = read("PRAGMA foreign_keys");
    db_.exec(("PRAGMA cache_size = " + std::to_string(-cache_kib)).c_str());
    db_.exec("PRAGMA foreign_keys = OFF");
    db_.exec("PRAGMA ignore_check_constraints = ON");
  }
  ~ImportSettings() {
    try {
      db_.exec("PRAGMA ignore_check_constraints = OFF");
      db_.exec(foreign_keys_ != 0 ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
      db_.exec(("PRAGMA cache_size = " + std::to_string(cache_)).c_str());
    } catch (...) {  // cannot happen outside a transaction; nothing better to do
    }
  }
  ImportSettings(const ImportSettings&) = delete;
  ImportSettings& operator=(const ImportSettings&) = delete;

 private:
  static constexpr std::int64_t cache_kib = 128 * 1024;
  std::int64_t read(const char* pragma) {
    auto s = db_.prepare(pragma);
    return s.step() ? s.int64(0) : 0;
  }
  sql::Database& db_;
  std::int64_t cache_ = -2000, foreign_keys_ = 1;
};

// The journal row's data: {"id":…,"kind":…,"status":…,"legacy":…,"old_ids":N}.
// Built by hand (nlohmann::json costs 10% of the import); IDs are a-z 0-9 . _ -
// after the parser, but anything else is escaped all the same.
void journal_data(std::string& out, const ImportRecord& rec, bool active) {
  out.assign("{\"id\":\"");
  for (char c : rec.id) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\u%04x", u);
      out += hex;
    } else {
      out += c;
    }
  }
  out += "\",\"kind\":\"";
  out += to_string(rec.kind);
  out += active ? "\",\"status\":\"active\",\"legacy\":" : "\",\"status\":\"deleted\",\"legacy\":";
  out += rec.legacy ? "true" : "false";
  out += ",\"old_ids\":";
  out += std::to_string(rec.renamed_from.size());
  out += '}';
}

std::string entry(std::size_t i) { return "entry " + std::to_string(i + 1); }

using Value = std::variant<std::int64_t, std::string, std::nullptr_t>;

void bind_value(sql::Statement& s, int index, const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v))
    s.bind(index, *i);
  else if (const auto* t = std::get_if<std::string>(&v))
    s.bind(index, *t);
  else
    s.bind_null(index);
}

// "HEAD (ROW), (ROW), … TAIL" for `rows` rows.
std::string multi_row(std::string_view head, std::string_view row, std::size_t rows, std::string_view tail) {
  std::string sql(head);
  for (std::size_t i = 0; i < rows; ++i) {
    sql += i == 0 ? "(" : ", (";
    sql += row;
    sql += ')';
  }
  sql += tail;
  return sql;
}

// Multi-row INSERTs of one shape, prepared once per row count: one statement
// run per batch of rows instead of one per row. They are INSERT OR IGNORE:
// a multi-row statement that may abort makes SQLite copy every page it
// touches into a statement journal (+25% time); what IGNORE skipped shows in
// the count of changes (run's result) or is missing from RETURNING.
class MultiRowInsert {
 public:
  MultiRowInsert(sql::Database& db, std::string head, std::string row, int arity, std::string tail = "")
      : db_(db), head_(std::move(head)), row_(std::move(row)), tail_(std::move(tail)), arity_(arity) {}

  // Binds `values` (rows × arity, row after row) and runs, at most
  // max_rows rows per statement; `on_row` gets each RETURNING row. Returns
  // the rows inserted.
  std::size_t run(const std::vector<Value>& values, const std::function<void(const sql::Statement&)>& on_row = {}) {
    const auto arity = static_cast<std::size_t>(arity_);
    const std::size_t rows = values.size() / arity;
    std::size_t inserted = 0;
    for (std::size_t first = 0; first < rows; first += max_rows) {
      const std::size_t n = std::min(max_rows, rows - first);
      auto it = by_rows_.find(n);
      if (it == by_rows_.end()) it = by_rows_.emplace(n, db_.prepare(multi_row(head_, row_, n, tail_))).first;
      sql::Statement& s = it->second;
      for (std::size_t i = 0; i < n * arity; ++i) bind_value(s, static_cast<int>(i + 1), values[first * arity + i]);
      while (s.step())
        if (on_row) on_row(s);
      inserted += static_cast<std::size_t>(db_.changes());
      s.reset();
    }
    return inserted;
  }

  // Keeps every statement far below SQLite's limit of bound parameters.
  static constexpr std::size_t max_rows = 256;

 private:
  sql::Database& db_;
  std::string head_, row_, tail_;
  int arity_;
  std::map<std::size_t, sql::Statement> by_rows_;
};

// Rows that need no answer (aliases, grants, journal), written a batch at a
// time. With `every_row`, a row that IGNORE skipped (which the checks before
// make impossible) throws, and the import is rolled back.
class BufferedInsert {
 public:
  BufferedInsert(sql::Database& db, std::string head, std::string row, int arity, std::size_t rows_per_run,
                 bool every_row)
      : insert_(db, std::move(head), std::move(row), arity),
        arity_(static_cast<std::size_t>(arity)),
        limit_(rows_per_run * arity_),
        every_row_(every_row) {}
  template <class... V>
  void add(V&&... v) {
    (values_.emplace_back(std::forward<V>(v)), ...);
    if (values_.size() >= limit_) flush();
  }
  void flush() {
    std::size_t rows = values_.size() / arity_;
    if (insert_.run(values_) != rows && every_row_)
      throw sql::StoreError(0, "import: a row was not written although every check passed");
    values_.clear();
  }

 private:
  MultiRowInsert insert_;
  std::size_t arity_, limit_;
  bool every_row_;
  std::vector<Value> values_;
};

// Records are checked and written `batch_records` at a time: first every
// name of the batch is claimed in used_names (RETURNING says which were
// free), then the accounts whose names all were free are inserted (RETURNING
// gives their keys; one missing is a second personal ID of a person), then
// their aliases, grants and journal rows. Errors keep record order.
class Importer {
 public:
  Importer(sql::Database& db, const StorePolicy& policy, const Request& r, const ImportBatch& batch)
      : db_(db),
        settings_(db),
        r_(r),
        batch_(batch),
        forward_period_(policy.forward_period),
        claim_(db, "INSERT OR IGNORE INTO used_names (name, use, since) VALUES ", "?, 'id', ?", 2,
               " RETURNING name"),
        accounts_(db,
                  "INSERT OR IGNORE INTO accounts (id, kind, status, name, contact, affiliation, person_key, legacy, "
                  "general_hash, indice_hash, created_at, renamed_at, delete_reason) VALUES ",
                  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", 13, " RETURNING key, id"),
        aliases_(db,
                 "INSERT OR IGNORE INTO aliases (old_id, account_key, reason, created_at, forward_until, "
                 "forward_enabled) VALUES ",
                 "?, ?, 'rename', ?, ?, ?", 5, batch_records, true),
        grants_(db, "INSERT OR IGNORE INTO grants (account_key, service) VALUES ", "?, ?", 2, batch_records, false),
        journal_(db, "INSERT OR IGNORE INTO journal (at, actor, op, account_key, data) VALUES ",
                 "?, ?, 'account.import', ?, ?", 4, batch_records, true),
        personal_holder_(db_.prepare(
            "SELECT key, id FROM accounts WHERE person_key = ? AND kind = 'personal' AND status = 'active'")) {
    for (const auto& p : policy.patterns.reserved)
      reserved_.push_back({p, std::regex(p, std::regex::ECMAScript | std::regex::icase)});
  }

  ImportOutcome run() {
    sql::Transaction tx(db_);
    while (auto rec = batch_.next()) {
      ++out_.records;
      if (rec->legacy) ++out_.legacy;
      pending_.push_back(std::move(*rec));
      if (pending_.size() == batch_records) flush();
    }
    flush();
    aliases_.flush();
    grants_.flush();
    journal_.flush();
    std::size_t source_errors = batch_.source_errors ? batch_.source_errors() : 0;
    if (!batch_.dry_run && out_.error_count == 0 && source_errors == 0) {
      tx.commit();
      out_.committed = true;
      // COMMIT's automatic checkpoint has copied the pages into the store;
      // without this the -wal file keeps the size of the import (500 MB for
      // 1M accounts). Best effort: while a reader holds the WAL it stays.
      if (out_.records >= 10'000) {
        try {
          db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const sql::StoreError&) {  // the WAL is reused from its start either way
        }
      }
    }
    return std::move(out_);
  }

 private:
  static constexpr std::size_t batch_records = 64;

  struct Pattern {
    std::string text;
    std::regex regex;
  };
  struct PendingError {
    std::size_t line;
    std::string field;
    std::function<std::string()> message;
  };
  struct Name {
    std::string_view name;
    std::size_t record;  // index in pending_
    std::size_t entry;   // renamed_from entry, or npos for the id
  };

  // An error of the batch being flushed. The message is made only if it is
  // among the first max_errors (a re-imported file has a million errors).
  void error(std::size_t line, std::string field, std::function<std::string()> message) {
    batch_errors_.push_back({line, std::move(field), std::move(message)});
  }
  // The batch's errors, in line order, into the outcome.
  void publish_errors() {
    std::stable_sort(batch_errors_.begin(), batch_errors_.end(),
                     [](const PendingError& a, const PendingError& b) { return a.line < b.line; });
    for (auto& e : batch_errors_) {
      ++out_.error_count;
      if (out_.errors.size() < batch_.max_errors) out_.errors.push_back({e.line, std::move(e.field), e.message()});
    }
    batch_errors_.clear();
  }

  static bool is_active(const ImportRecord& rec) { return rec.status != "deleted"; }

  // Checks that need no table; true when the record may be written.
  bool check_values(const ImportRecord& rec) {
    bool ok = true;
    if (auto p = reserved_pattern(rec.id)) {
      error(rec.line, "id", [id = rec.id, pattern = *p] {
        return quote_value(id) + " is reserved by id_policy.reserved (pattern " + quote_value(pattern) + ")";
      });
      ok = false;
    }
    for (std::size_t i = 0; i < rec.renamed_from.size(); ++i) {
      const ImportedRename& old = rec.renamed_from[i];
      if (auto p = reserved_pattern(old.id)) {
        error(rec.line, "renamed_from", [i, id = old.id, pattern = *p] {
          return entry(i) + ": " + quote_value(id) + " is reserved by id_policy.reserved (pattern " +
                 quote_value(pattern) + ")";
        });
        ok = false;
      }
      if (old.at > r_.now) {
        error(rec.line, "renamed_from", [i, id = old.id, at = old.at, now = r_.now] {
          return entry(i) + ": the rename of " + quote_value(id) + " at " + format_iso8601(at) +
                 " lies in the future (it is now " + format_iso8601(now) + ")";
        });
        ok = false;
      }
    }
    if (is_active(rec)) {  // a deleted account keeps no password: its hashes are dropped unread
      for (auto [field, hash] : {std::pair{"password_hash", &rec.password_hash},
                                 std::pair{"indice_hash", &rec.indice_hash}}) {
        if (!*hash || is_supported_hash(**hash)) continue;
        error(rec.line, field, [scheme = std::string(hash_scheme_name(**hash))] {
          return "is not a " + (scheme.empty() ? std::string("hash") : "{" + scheme + "} value") +
                 " slapd can verify (method, parameters, salt or digest of the wrong form or length) "
                 "(the value is not shown)";
        });
        ok = false;
      }
    }
    return ok;
  }

  std::optional<std::string> reserved_pattern(const std::string& id) const {
    for (const auto& p : reserved_)
      if (std::regex_match(id, p.regex)) return p.text;
    return std::nullopt;
  }

  std::string what_is(std::string_view name) {
    auto account = db_.prepare("SELECT status FROM accounts WHERE id = ?");
    account.bind(1, name);
    if (account.step())
      return "the ID of a" + std::string(account.text(0) == "active" ? "n " : " ") + account.text(0) + " account";
    auto alias = db_.prepare(
        "SELECT accounts.id FROM aliases JOIN accounts ON accounts.key = aliases.account_key WHERE old_id = ?");
    alias.bind(1, name);
    if (alias.step()) return "an old ID of " + quote_value(alias.text(0));
    auto list = db_.prepare("SELECT 1 FROM lists WHERE name = ?");
    list.bind(1, name);
    if (list.step()) return "a mailing list";
    return "used before";
  }

  // Every ID and old ID of the batch into used_names; clears ok[] of the
  // records with a name the store (or this batch) had already.
  void claim_names(std::vector<char>& ok) {
    names_.clear();
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      names_.push_back({pending_[i].id, i, std::string::npos});
      for (std::size_t j = 0; j < pending_[i].renamed_from.size(); ++j)
        names_.push_back({pending_[i].renamed_from[j].id, i, j});
    }
    // Twice in one batch (the parser lets no ID appear twice in a file, but
    // the store does not rely on it): only the first can be claimed.
    std::vector<char> repeated(names_.size(), 0);
    std::vector<std::size_t> order(names_.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return names_[a].name != names_[b].name ? names_[a].name < names_[b].name : a < b;
    });
    for (std::size_t k = 1; k < order.size(); ++k)
      if (names_[order[k]].name == names_[order[k - 1]].name) repeated[order[k]] = 1;

    values_.clear();
    for (std::size_t k = 0; k < names_.size(); ++k)
      if (!repeated[k]) {
        values_.emplace_back(std::string(names_[k].name));
        values_.emplace_back(to_db(r_.now));
      }
    claimed_.clear();
    claim_.run(values_, [&](const sql::Statement& s) { claimed_.push_back(s.text(0)); });
    std::sort(claimed_.begin(), claimed_.end());

    for (std::size_t k = 0; k < names_.size(); ++k) {
      const Name& n = names_[k];
      if (!repeated[k] && std::binary_search(claimed_.begin(), claimed_.end(), n.name)) continue;
      const ImportRecord& rec = pending_[n.record];
      ok[n.record] = 0;
      const bool is_id = n.entry == std::string::npos;
      error(rec.line, is_id ? "id" : "renamed_from",
            [this, prefix = is_id ? std::string() : entry(n.entry) + ": ", name = std::string(n.name),
             twice = repeated[k] != 0] {
              if (twice) return prefix + quote_value(name) + " appears twice in this import";
              return prefix + quote_value(name) + " is already in the store (" + what_is(name) +
                     "); an ID once used is never issued again (DESIGN §3)";
            });
    }
  }

  // The accounts of the records still ok; returns their keys (0: not inserted).
  std::vector<std::int64_t> insert_accounts(const std::vector<char>& ok) {
    values_.clear();
    const Value none = nullptr;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (!ok[i]) continue;
      const ImportRecord& rec = pending_[i];
      const bool active = is_active(rec);
      std::optional<TimePoint> renamed_at;
      for (const auto& old : rec.renamed_from)
        if (!renamed_at || old.at > *renamed_at) renamed_at = old.at;
      values_.emplace_back(rec.id);
      values_.emplace_back(std::string(to_string(rec.kind)));
      values_.emplace_back(std::string(active ? "active" : "deleted"));
      values_.emplace_back(rec.name);
      values_.emplace_back(rec.contact);
      values_.emplace_back(rec.affiliation);
      values_.push_back(rec.person_key.empty() ? none : Value(rec.person_key));
      values_.emplace_back(std::int64_t{rec.legacy});
      values_.push_back(active && rec.password_hash ? Value(*rec.password_hash) : none);
      values_.push_back(active && rec.indice_hash ? Value(*rec.indice_hash) : none);
      values_.emplace_back(to_db(r_.now));
      values_.push_back(renamed_at ? Value(to_db(*renamed_at)) : none);
      values_.push_back(active ? none : Value(std::string("deleted in the old system (import)")));
    }
    std::vector<std::pair<std::string, std::int64_t>> inserted;  // id → key
    accounts_.run(values_, [&](const sql::Statement& s) { inserted.emplace_back(s.text(1), s.int64(0)); });
    std::sort(inserted.begin(), inserted.end());

    std::vector<std::int64_t> keys(pending_.size(), 0);
    std::vector<std::pair<std::int64_t, std::size_t>> new_lines;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (!ok[i]) continue;
      auto it = std::lower_bound(inserted.begin(), inserted.end(), pending_[i].id,
                                 [](const auto& e, const std::string& id) { return e.first < id; });
      if (it != inserted.end() && it->first == pending_[i].id) {
        keys[i] = it->second;
        new_lines.emplace_back(it->second, pending_[i].line);
      }
    }
    std::sort(new_lines.begin(), new_lines.end());  // keys only grow from batch to batch
    key_lines_.insert(key_lines_.end(), new_lines.begin(), new_lines.end());
    for (std::size_t i = 0; i < pending_.size(); ++i)
      if (ok[i] && keys[i] == 0) person_conflict(pending_[i]);
    return keys;
  }

  void flush() {
    if (pending_.empty()) return;
    std::vector<char> ok(pending_.size(), 1);
    for (std::size_t i = 0; i < pending_.size(); ++i) ok[i] = check_values(pending_[i]) ? 1 : 0;
    claim_names(ok);  // all names, also of records already refused: every error is reported
    std::vector<std::int64_t> keys = insert_accounts(ok);
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (keys[i] == 0) continue;  // refused: the batch is rolled back anyway; keep checking the file
      ImportRecord& rec = pending_[i];
      const bool active = is_active(rec);
      for (auto& old : rec.renamed_from)
        aliases_.add(std::move(old.id), keys[i], to_db(old.at), to_db(forward_until(old.at, forward_period_)),
                     std::int64_t{old.forward});
      if (active)
        for (auto& service : rec.services) grants_.add(keys[i], std::move(service));
      journal_data(data_, rec, active);
      journal_.add(to_db(r_.now), r_.actor, keys[i], data_);
    }
    publish_errors();
    pending_.clear();
  }

  // The insert met the one-personal-ID-per-person index (the ID itself was
  // claimed in used_names, so it cannot have been the UNIQUE id).
  void person_conflict(const ImportRecord& rec) {
    personal_holder_.bind(1, rec.person_key);
    std::optional<std::pair<std::int64_t, std::string>> holder;
    if (personal_holder_.step()) holder.emplace(personal_holder_.int64(0), personal_holder_.text(1));
    personal_holder_.reset();
    error(rec.line, "person_key", [this, person = rec.person_key, holder] {
      std::string where = "in the store";
      if (holder) {
        auto it = std::lower_bound(key_lines_.begin(), key_lines_.end(), std::pair{holder->first, std::size_t{0}});
        if (it != key_lines_.end() && it->first == holder->first) where = "on line " + std::to_string(it->second);
      }
      return "person " + quote_value(person) + " already has the active personal ID " +
             (holder ? quote_value(holder->second) : std::string("(unknown)")) + " " + where +
             "; one personal ID per person (FAQ 1.2): import the other one as deleted, or merge them later";
    });
  }

  sql::Database& db_;
  ImportSettings settings_;  // before the statements
  const Request& r_;
  const ImportBatch& batch_;
  Duration forward_period_;
  MultiRowInsert claim_, accounts_;
  BufferedInsert aliases_, grants_, journal_;
  sql::Statement personal_holder_;
  std::vector<Pattern> reserved_;
  std::vector<ImportRecord> pending_;  // the batch being checked
  std::vector<Name> names_;            // its IDs and old IDs
  std::vector<std::string> claimed_;   // of them, the ones used_names took
  std::vector<Value> values_;
  std::vector<PendingError> batch_errors_;
  std::vector<std::pair<std::int64_t, std::size_t>> key_lines_;  // account key → line, keys ascending
  ImportOutcome out_;
  std::string data_;  // a journal row's data, reused
};

}  // namespace

ImportOutcome AccountStore::import_accounts(const ImportBatch& batch, const Request& r) {
  return Importer(impl_->db, policy_, r, batch).run();
}

}  // namespace umind::store
