// account_passwords.cpp — password changes on the delay of DESIGN §4: a new
// hash becomes a pending change (a newer one replaces it) and is applied by
// apply_due_passwords when its time comes; the old hash binds until then.
// Hashes go in and never come out; the journal says only which and when.
#include "daemon/store/store_impl.hpp"

namespace umind::store {

TimePoint AccountStore::change_password(const std::string& id, PasswordKind which, const std::string& hash,
                                        bool immediately, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account a = impl_->require_active(id);
  TimePoint effective = immediately ? r.now : password_effective_at(policy_.apply, r.now);
  std::string which_text(to_string(which));
  if (effective <= r.now) {
    db.prepare(which == PasswordKind::general ? "UPDATE accounts SET general_hash = ? WHERE key = ?"
                                              : "UPDATE accounts SET indice_hash = ? WHERE key = ?")
        .bind_all(hash, a.key)
        .run();
    db.prepare("DELETE FROM pending_passwords WHERE account_key = ? AND which = ?").bind_all(a.key, which_text).run();
    impl_->journal(r, "password.apply", a.key, {{"id", a.id}, {"which", which_text}, {"immediately", true}});
  } else {
    db.prepare(
          "INSERT INTO pending_passwords (account_key, which, hash, requested_at, effective_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_key, which) DO UPDATE SET "
          "hash = excluded.hash, requested_at = excluded.requested_at, effective_at = excluded.effective_at")
        .bind_all(a.key, which_text, hash, to_db(r.now), to_db(effective))
        .run();
    impl_->journal(r, "password.request", a.key,
                   {{"id", a.id}, {"which", which_text}, {"effective_at", format_iso8601(effective)}});
  }
  tx.commit();
  return effective;
}

int AccountStore::apply_due_passwords(const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  auto due = db.prepare(
      "SELECT pending_passwords.account_key, which, effective_at, accounts.id FROM pending_passwords "
      "JOIN accounts ON accounts.key = pending_passwords.account_key WHERE effective_at <= ? "
      "ORDER BY effective_at, account_key, which");
  due.bind(1, to_db(r.now));
  struct Due {
    std::int64_t key;
    std::string which, id;
    std::int64_t effective_at;
  };
  std::vector<Due> rows;
  while (due.step()) rows.push_back({due.int64(0), due.text(1), due.text(3), due.int64(2)});
  auto apply_general = db.prepare(
      "UPDATE accounts SET general_hash = (SELECT hash FROM pending_passwords WHERE account_key = ?1 AND "
      "which = 'general') WHERE key = ?1");
  auto apply_indice = db.prepare(
      "UPDATE accounts SET indice_hash = (SELECT hash FROM pending_passwords WHERE account_key = ?1 AND "
      "which = 'indice') WHERE key = ?1");
  auto drop = db.prepare("DELETE FROM pending_passwords WHERE account_key = ? AND which = ?");
  for (const auto& d : rows) {
    (d.which == "general" ? apply_general : apply_indice).bind(1, d.key).run();
    drop.bind_all(d.key, d.which).run();
    impl_->journal(r, "password.apply", d.key,
                   {{"id", d.id}, {"which", d.which}, {"scheduled_at", format_iso8601(from_db(d.effective_at))}});
  }
  tx.commit();
  return static_cast<int>(rows.size());
}

std::optional<TimePoint> AccountStore::next_password_due() {
  auto s = impl_->db.prepare("SELECT MIN(effective_at) FROM pending_passwords");
  s.step();
  if (s.is_null(0)) return std::nullopt;
  return from_db(s.int64(0));
}

}  // namespace umind::store
