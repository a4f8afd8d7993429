// account_lifecycle.cpp — create, update, rename, merge, handover, delete
// (DESIGN §3, FAQ §2.6, §2.7, §3.1–§3.3). Each is one transaction that ends
// with its journal row; a refusal rolls everything back.
#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "daemon/store/store_impl.hpp"

namespace umind::store {
namespace {

void check_details(const std::string& name, const std::string& contact, const std::string& affiliation) {
  if (auto r = check_free_text("name", name)) refuse(*r);
  if (auto r = check_free_text("affiliation", affiliation)) refuse(*r);
  if (!contact.empty())
    if (auto r = check_contact(contact)) refuse(*r);
}

}  // namespace

Account AccountStore::create(const NewAccount& a, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  if (auto refusal = impl_->id_policy.check_new_id(a.id, a.kind)) refuse(*refusal);
  impl_->require_unused(a.id);
  check_details(a.name, a.contact, a.affiliation);
  if (auto refusal = check_free_text("person_key", a.person_key)) refuse(*refusal);
  if (a.kind == Kind::personal && !a.person_key.empty()) {
    auto s = db.prepare(
        "SELECT id FROM accounts WHERE person_key = ? AND kind = 'personal' AND status = 'active'");
    s.bind(1, a.person_key);
    if (s.step())
      refuse("person.one-personal-id", "person " + quote_value(a.person_key) + " already has the personal ID " +
                                           quote_value(s.text(0)) +
                                           "; one personal ID per person (FAQ 1.2) — merge duplicates instead");
  }
  db.prepare(
        "INSERT INTO accounts (id, kind, name, contact, affiliation, person_key, general_hash, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(a.id, to_string(a.kind), a.name, a.contact, a.affiliation,
                a.person_key.empty() ? std::optional<std::string>{} : std::optional<std::string>{a.person_key},
                a.general_hash, to_db(r.now))
      .run();
  std::int64_t key = db.last_insert_rowid();
  impl_->mark_used(a.id, "id", r.now);
  impl_->journal(r, "account.create", key,
                 {{"id", a.id}, {"kind", to_string(a.kind)}, {"password", a.general_hash.has_value()}});
  tx.commit();
  return *impl_->find_by_id(a.id);
}

Account AccountStore::update(const std::string& id, const AccountChanges& c, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account a = impl_->require_active(id);
  std::string name = c.name.value_or(a.name), contact = c.contact.value_or(a.contact),
              affiliation = c.affiliation.value_or(a.affiliation);
  check_details(name, contact, affiliation);
  db.prepare("UPDATE accounts SET name = ?, contact = ?, affiliation = ? WHERE key = ?")
      .bind_all(name, contact, affiliation, a.key)
      .run();
  nlohmann::json changed = nlohmann::json::object();
  if (c.name) changed["name"] = true;
  if (c.contact) changed["contact"] = true;
  if (c.affiliation) changed["affiliation"] = true;
  impl_->journal(r, "account.set", a.key, {{"id", a.id}, {"changed", changed}});
  tx.commit();
  return *impl_->find_by_id(a.id);
}

Account AccountStore::rename(const std::string& old_id, const std::string& new_id, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account a = impl_->require_active(old_id);
  if (auto refusal = impl_->id_policy.check_new_id(new_id, a.kind)) refuse(*refusal);
  impl_->require_unused(new_id);
  if (auto refusal = check_rename_lock(a, r.now, policy_.rename_lock)) refuse(*refusal);
  TimePoint until = forward_until(r.now, policy_.forward_period);
  db.prepare("UPDATE accounts SET id = ?, renamed_at = ? WHERE key = ?").bind_all(new_id, to_db(r.now), a.key).run();
  db.prepare(
        "INSERT INTO aliases (old_id, account_key, reason, created_at, forward_until, forward_enabled) "
        "VALUES (?, ?, 'rename', ?, ?, 1)")
      .bind_all(old_id, a.key, to_db(r.now), to_db(until))
      .run();
  impl_->mark_used(new_id, "id", r.now);
  impl_->journal(r, "account.rename", a.key,
                 {{"from", old_id}, {"to", new_id}, {"forward_until", format_iso8601(until)}});
  tx.commit();
  return *impl_->find_by_id(new_id);
}

Account AccountStore::merge(const std::string& duplicate_id, const std::string& keep_id, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account dup = impl_->require_active(duplicate_id);
  Account keep = impl_->require_active(keep_id);
  if (auto refusal = check_merge(dup, keep)) refuse(*refusal);
  TimePoint until = forward_until(r.now, policy_.forward_period);
  // Grants and list memberships are united on KEEP (FAQ §3.1).
  db.prepare("INSERT OR IGNORE INTO grants (account_key, service) SELECT ?, service FROM grants WHERE account_key = ?")
      .bind_all(keep.key, dup.key)
      .run();
  db.prepare(
        "INSERT OR IGNORE INTO list_members (list_name, account_key) "
        "SELECT list_name, ? FROM list_members WHERE account_key = ?")
      .bind_all(keep.key, dup.key)
      .run();
  db.prepare("DELETE FROM grants WHERE account_key = ?").bind_all(dup.key).run();
  db.prepare("DELETE FROM list_members WHERE account_key = ?").bind_all(dup.key).run();
  db.prepare("DELETE FROM pending_passwords WHERE account_key = ?").bind_all(dup.key).run();
  // DUP's old addresses, and DUP itself, now lead to KEEP.
  db.prepare("UPDATE aliases SET account_key = ? WHERE account_key = ?").bind_all(keep.key, dup.key).run();
  db.prepare(
        "UPDATE accounts SET status = 'merged', merged_into = ?, general_hash = NULL, indice_hash = NULL "
        "WHERE key = ?")
      .bind_all(keep.key, dup.key)
      .run();
  db.prepare(
        "INSERT INTO aliases (old_id, account_key, reason, created_at, forward_until, forward_enabled) "
        "VALUES (?, ?, 'merge', ?, ?, 1)")
      .bind_all(dup.id, keep.key, to_db(r.now), to_db(until))
      .run();
  impl_->journal(r, "account.merge", keep.key,
                 {{"duplicate", dup.id}, {"duplicate_key", dup.key}, {"into", keep.id},
                  {"forward_until", format_iso8601(until)}});
  tx.commit();
  return *impl_->find_by_id(keep.id);
}

Account AccountStore::handover(const std::string& id, const std::string& contact, const std::string& general_hash,
                               const std::string& indice_hash, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account a = impl_->require_active(id);
  if (auto refusal = check_handover(a)) refuse(*refusal);
  if (auto refusal = check_contact(contact)) refuse(*refusal);
  db.prepare("UPDATE accounts SET contact = ?, general_hash = ?, indice_hash = ? WHERE key = ?")
      .bind_all(contact, general_hash, indice_hash, a.key)
      .run();
  db.prepare("DELETE FROM pending_passwords WHERE account_key = ?").bind_all(a.key).run();
  impl_->journal(r, "account.handover", a.key, {{"id", a.id}, {"passwords", "reset"}});
  tx.commit();
  return *impl_->find_by_id(a.id);
}

Account AccountStore::remove(const std::string& id, const std::string& reason, bool third_party,
                             bool override_protection, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  Account a = impl_->require_active(id);
  if (auto refusal = check_delete(a, reason, impl_->protected_lists_of(a.key), override_protection))
    refuse(*refusal);
  db.prepare("DELETE FROM grants WHERE account_key = ?").bind_all(a.key).run();
  db.prepare("DELETE FROM list_members WHERE account_key = ?").bind_all(a.key).run();
  db.prepare("DELETE FROM pending_passwords WHERE account_key = ?").bind_all(a.key).run();
  db.prepare(
        "UPDATE accounts SET status = 'deleted', general_hash = NULL, indice_hash = NULL, delete_reason = ?, "
        "deleted_by_third_party = ? WHERE key = ?")
      .bind_all(reason, third_party, a.key)
      .run();
  impl_->journal(r, "account.delete", a.key,
                 {{"id", a.id}, {"third_party", third_party}, {"override_protection", override_protection},
                  {"lists", a.lists}});
  tx.commit();
  return *impl_->find_by_id(a.id);
}

}  // namespace umind::store
