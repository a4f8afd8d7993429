// account_import.cpp — AccountStore::import_accounts: the records of one
// `uminctl import` (DESIGN §2) checked against the store and written in ONE
// transaction with one journal row per account, committed only when nothing
// at all was wrong. Hashes are stored as they are and never appear in an
// error, a journal row or a log line.
#include "daemon/store/account_import.hpp"

#include <algorithm>
#include <regex>

#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "daemon/passwords/password_hash.hpp"
#include "daemon/store/store_impl.hpp"

namespace umind::store {
namespace {

// Enough page cache that the random-key indexes (accounts.id, used_names,
// person_key) of a million-account import stay in memory; restored after.
constexpr std::int64_t import_cache_kib = 256 * 1024;

class CacheSizeFor {
 public:
  CacheSizeFor(sql::Database& db, std::int64_t kib) : db_(db) {
    auto s = db_.prepare("PRAGMA cache_size");
    if (s.step()) old_ = s.int64(0);
    db_.exec(("PRAGMA cache_size = " + std::to_string(-kib)).c_str());
  }
  ~CacheSizeFor() {
    try {
      db_.exec(("PRAGMA cache_size = " + std::to_string(old_)).c_str());
    } catch (...) {  // only a cache size: nothing to repair
    }
  }
  CacheSizeFor(const CacheSizeFor&) = delete;
  CacheSizeFor& operator=(const CacheSizeFor&) = delete;

 private:
  sql::Database& db_;
  std::int64_t old_ = -2000;
};

std::string entry(std::size_t i) { return "entry " + std::to_string(i + 1); }

class Importer {
 public:
  Importer(sql::Database& db, const StorePolicy& policy, const Request& r, const ImportBatch& batch)
      : db_(db),
        r_(r),
        batch_(batch),
        forward_period_(policy.forward_period),
        claim_name_(db_.prepare("INSERT INTO used_names (name, use, since) VALUES (?, 'id', ?) ON CONFLICT DO NOTHING")),
        insert_account_(db_.prepare(
            "INSERT INTO accounts (id, kind, status, name, contact, affiliation, person_key, legacy, general_hash, "
            "indice_hash, created_at, renamed_at, delete_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING")),
        insert_alias_(db_.prepare(
            "INSERT INTO aliases (old_id, account_key, reason, created_at, forward_until, forward_enabled) "
            "VALUES (?, ?, 'rename', ?, ?, ?)")),
        insert_grant_(db_.prepare("INSERT OR IGNORE INTO grants (account_key, service) VALUES (?, ?)")),
        insert_journal_(db_.prepare(
            "INSERT INTO journal (at, actor, op, account_key, data) VALUES (?, ?, 'account.import', ?, ?)")),
        personal_holder_(db_.prepare(
            "SELECT key, id FROM accounts WHERE person_key = ? AND kind = 'personal' AND status = 'active'")) {
    for (const auto& p : policy.patterns.reserved)
      reserved_.push_back({p, std::regex(p, std::regex::ECMAScript | std::regex::icase)});
  }

  ImportOutcome run() {
    CacheSizeFor cache(db_, import_cache_kib);
    sql::Transaction tx(db_);
    while (auto rec = batch_.next()) {
      ++out_.records;
      if (rec->legacy) ++out_.legacy;
      add(*rec);
    }
    std::size_t source_errors = batch_.source_errors ? batch_.source_errors() : 0;
    if (!batch_.dry_run && out_.error_count == 0 && source_errors == 0) {
      tx.commit();
      out_.committed = true;
    }
    return std::move(out_);
  }

 private:
  struct Pattern {
    std::string text;
    std::regex regex;
  };

  void error(std::size_t line, std::string field, const std::function<std::string()>& message) {
    ++out_.error_count;
    if (out_.errors.size() < batch_.max_errors) out_.errors.push_back({line, std::move(field), message()});
  }

  // Checks that need no table; true when the record may be written.
  bool check_values(const ImportRecord& rec, bool active) {
    bool ok = true;
    if (auto p = reserved_pattern(rec.id)) {
      error(rec.line, "id", [&] {
        return quote_value(rec.id) + " is reserved by id_policy.reserved (pattern " + quote_value(*p) + ")";
      });
      ok = false;
    }
    for (std::size_t i = 0; i < rec.renamed_from.size(); ++i) {
      const ImportedRename& old = rec.renamed_from[i];
      if (auto p = reserved_pattern(old.id)) {
        error(rec.line, "renamed_from", [&] {
          return entry(i) + ": " + quote_value(old.id) + " is reserved by id_policy.reserved (pattern " +
                 quote_value(*p) + ")";
        });
        ok = false;
      }
      if (old.at > r_.now) {
        error(rec.line, "renamed_from", [&] {
          return entry(i) + ": the rename of " + quote_value(old.id) + " at " + format_iso8601(old.at) +
                 " lies in the future (it is now " + format_iso8601(r_.now) + ")";
        });
        ok = false;
      }
    }
    if (active) {
      for (auto [field, hash] : {std::pair{"password_hash", &rec.password_hash},
                                 std::pair{"indice_hash", &rec.indice_hash}}) {
        if (!*hash || is_supported_hash(**hash)) continue;
        error(rec.line, field, [&] {
          std::string scheme(hash_scheme_name(**hash));
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

  // Registers `name` as used; false (and an error) when the store had it already.
  bool claim(const ImportRecord& rec, const std::string& name, const char* field, const std::string& prefix) {
    claim_name_.bind_all(name, to_db(r_.now)).run();
    if (db_.changes() == 1) return true;
    error(rec.line, field, [&] {
      return prefix + quote_value(name) + " is already in the store (" + what_is(name) +
             "); an ID once used is never issued again (DESIGN §3)";
    });
    return false;
  }

  std::string what_is(const std::string& name) {
    auto account = db_.prepare("SELECT status FROM accounts WHERE id = ?");
    account.bind(1, name);
    if (account.step()) return "the ID of a" + std::string(account.text(0) == "active" ? "n " : " ") +
                               account.text(0) + " account";
    auto alias = db_.prepare(
        "SELECT accounts.id FROM aliases JOIN accounts ON accounts.key = aliases.account_key WHERE old_id = ?");
    alias.bind(1, name);
    if (alias.step()) return "an old ID of " + quote_value(alias.text(0));
    auto list = db_.prepare("SELECT 1 FROM lists WHERE name = ?");
    list.bind(1, name);
    if (list.step()) return "a mailing list";
    return "used before";
  }

  void add(const ImportRecord& rec) {
    const bool active = rec.status != "deleted";
    bool ok = check_values(rec, active);
    ok = claim(rec, rec.id, "id", "") && ok;
    for (std::size_t i = 0; i < rec.renamed_from.size(); ++i)
      ok = claim(rec, rec.renamed_from[i].id, "renamed_from", entry(i) + ": ") && ok;
    if (!ok) return;  // the batch is refused anyway; keep checking the rest of the file

    std::optional<TimePoint> renamed_at;
    for (const auto& old : rec.renamed_from)
      if (!renamed_at || old.at > *renamed_at) renamed_at = old.at;
    auto or_null = [](const std::string& s) { return s.empty() ? std::optional<std::string>{} : s; };
    const std::optional<std::string> none;
    insert_account_
        .bind_all(rec.id, to_string(rec.kind), active ? "active" : "deleted", rec.name, rec.contact,
                  rec.affiliation, or_null(rec.person_key), rec.legacy, active ? rec.password_hash : none,
                  active ? rec.indice_hash : none, to_db(r_.now),
                  renamed_at ? std::optional<std::int64_t>{to_db(*renamed_at)} : std::nullopt,
                  active ? none : std::optional<std::string>{"deleted in the old system (import)"})
        .run();
    if (db_.changes() != 1) {
      person_conflict(rec);
      return;
    }
    const std::int64_t key = db_.last_insert_rowid();
    key_lines_.emplace_back(key, rec.line);

    for (const auto& old : rec.renamed_from)
      insert_alias_
          .bind_all(old.id, key, to_db(old.at), to_db(forward_until(old.at, forward_period_)), old.forward)
          .run();
    if (active)
      for (const auto& service : rec.services) insert_grant_.bind_all(key, service).run();
    nlohmann::json data = {{"id", rec.id},
                           {"kind", to_string(rec.kind)},
                           {"status", active ? "active" : "deleted"},
                           {"legacy", rec.legacy},
                           {"old_ids", rec.renamed_from.size()}};
    insert_journal_
        .bind_all(to_db(r_.now), r_.actor, key, data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
        .run();
  }

  // The insert met the one-personal-ID-per-person index (the ID itself was
  // claimed above, so it cannot be the UNIQUE id).
  void person_conflict(const ImportRecord& rec) {
    personal_holder_.bind(1, rec.person_key);
    std::optional<std::pair<std::int64_t, std::string>> holder;
    if (personal_holder_.step()) holder.emplace(personal_holder_.int64(0), personal_holder_.text(1));
    personal_holder_.reset();
    error(rec.line, "person_key", [&] {
      std::string where = "in the store";
      if (holder) {
        auto it = std::lower_bound(key_lines_.begin(), key_lines_.end(), std::pair{holder->first, std::size_t{0}});
        if (it != key_lines_.end() && it->first == holder->first) where = "on line " + std::to_string(it->second);
      }
      return "person " + quote_value(rec.person_key) + " already has the active personal ID " +
             (holder ? quote_value(holder->second) : std::string("(unknown)")) + " " + where +
             "; one personal ID per person (FAQ 1.2): import the other one as deleted, or merge them later";
    });
  }

  sql::Database& db_;
  const Request& r_;
  const ImportBatch& batch_;
  Duration forward_period_;
  sql::Statement claim_name_, insert_account_, insert_alias_, insert_grant_, insert_journal_, personal_holder_;
  std::vector<Pattern> reserved_;
  std::vector<std::pair<std::int64_t, std::size_t>> key_lines_;  // account key → line, keys ascending
  ImportOutcome out_;
};

}  // namespace

ImportOutcome AccountStore::import_accounts(const ImportBatch& batch, const Request& r) {
  return Importer(impl_->db, policy_, r, batch).run();
}

}  // namespace umind::store
