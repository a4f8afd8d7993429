// account_lists.cpp — mailing lists (members by account key, so membership
// follows renames), service grants (FAQ §2.5) and old-address forwarding
// opt-out (FAQ §2.6).
#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "daemon/store/store_impl.hpp"

namespace umind::store {

int AccountStore::set_forwarding(const std::string& id, bool enabled, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  std::int64_t key = 0;
  std::string scope;
  if (auto a = impl_->find_by_id(id); a && a->status == AccountStatus::active) {
    key = a->key;
    db.prepare("UPDATE aliases SET forward_enabled = ? WHERE account_key = ?").bind_all(enabled, key).run();
    scope = "all";
  } else {
    auto s = db.prepare("SELECT account_key FROM aliases WHERE old_id = ?");
    s.bind(1, id);
    if (!s.step()) not_found("no live ID or old ID " + quote_value(id));
    key = s.int64(0);
    db.prepare("UPDATE aliases SET forward_enabled = ? WHERE old_id = ?").bind_all(enabled, id).run();
    scope = id;
  }
  int changed = db.changes();
  impl_->journal(r, "forward.set", key, {{"id", id}, {"scope", scope}, {"enabled", enabled}});
  tx.commit();
  return changed;
}

std::vector<Alias> AccountStore::aliases_of(const std::string& id) {
  Account a = show(id);
  auto s = impl_->db.prepare(
      "SELECT old_id, reason, created_at, forward_until, forward_enabled FROM aliases WHERE account_key = ? "
      "ORDER BY created_at, old_id");
  s.bind(1, a.key);
  std::vector<Alias> out;
  while (s.step())
    out.push_back({s.text(0), a.id, a.key, s.text(1), from_db(s.int64(2)), from_db(s.int64(3)), s.int64(4) != 0});
  return out;
}

bool AccountStore::grant(const std::string& id, const std::string& service, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  if (auto refusal = check_service_name(service)) refuse(*refusal);
  Account a = impl_->require_active(id);
  db.prepare("INSERT OR IGNORE INTO grants (account_key, service) VALUES (?, ?)").bind_all(a.key, service).run();
  bool changed = db.changes() > 0;
  if (changed) impl_->journal(r, "grant", a.key, {{"id", a.id}, {"service", service}});
  tx.commit();
  return changed;
}

bool AccountStore::revoke(const std::string& id, const std::string& service, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  if (auto refusal = check_service_name(service)) refuse(*refusal);
  Account a = impl_->require_active(id);
  db.prepare("DELETE FROM grants WHERE account_key = ? AND service = ?").bind_all(a.key, service).run();
  bool changed = db.changes() > 0;
  if (changed) impl_->journal(r, "revoke", a.key, {{"id", a.id}, {"service", service}});
  tx.commit();
  return changed;
}

MailingList AccountStore::create_list(const std::string& name, const std::string& deliver_to, bool protect_members,
                                      const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  if (auto refusal = impl_->id_policy.check_new_list_name(name)) refuse(*refusal);
  impl_->require_unused(name);
  if (auto refusal = check_contact(deliver_to)) refuse(*refusal);
  db.prepare("INSERT INTO lists (name, deliver_to, protect_members, created_at) VALUES (?, ?, ?, ?)")
      .bind_all(name, deliver_to, protect_members, to_db(r.now))
      .run();
  impl_->mark_used(name, "list", r.now);
  impl_->journal(r, "list.create", std::nullopt,
                 {{"list", name}, {"deliver_to", deliver_to}, {"protect_members", protect_members}});
  tx.commit();
  return show_list(name);
}

MailingList AccountStore::add_member(const std::string& list, const std::string& id, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  show_list(list);
  Account a = impl_->require_active(id);
  db.prepare("INSERT OR IGNORE INTO list_members (list_name, account_key) VALUES (?, ?)").bind_all(list, a.key).run();
  if (db.changes() > 0) impl_->journal(r, "list.add", a.key, {{"list", list}, {"id", a.id}});
  tx.commit();
  return show_list(list);
}

MailingList AccountStore::remove_member(const std::string& list, const std::string& id, const Request& r) {
  auto& db = impl_->db;
  sql::Transaction tx(db);
  show_list(list);
  Account a = impl_->require_active(id);
  db.prepare("DELETE FROM list_members WHERE list_name = ? AND account_key = ?").bind_all(list, a.key).run();
  if (db.changes() == 0) not_found(quote_value(a.id) + " is not a member of " + quote_value(list));
  impl_->journal(r, "list.remove", a.key, {{"list", list}, {"id", a.id}});
  tx.commit();
  return show_list(list);
}

MailingList AccountStore::show_list(const std::string& name) {
  auto s = impl_->db.prepare("SELECT deliver_to, protect_members FROM lists WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) not_found("no list " + quote_value(name));
  MailingList l{name, s.text(0), s.int64(1) != 0, {}};
  auto m = impl_->db.prepare(
      "SELECT accounts.id FROM list_members JOIN accounts ON accounts.key = list_members.account_key "
      "WHERE list_name = ? ORDER BY accounts.id");
  m.bind(1, name);
  while (m.step()) l.members.push_back(m.text(0));
  return l;
}

}  // namespace umind::store
