// sync_engine.cpp — one journal batch: targets, states, plan, send, watermark.
#include "daemon/sync/sync_engine.hpp"

#include <set>

#include "core/ldap_names.hpp"
#include "core/ldap_plan.hpp"
#include "core/time.hpp"
#include "daemon/ldap/pipeline.hpp"
#include "daemon/sync/directory_reader.hpp"
#include "daemon/sync/journal_targets.hpp"

namespace umind::sync {
namespace {

// What the store holds for a batch's targets (one snapshot).
struct StoreSide {
  std::map<std::int64_t, std::optional<AccountState>> accounts;
  std::map<std::string, AliasState> aliases;
  std::set<std::string> list_names;
};

StoreSide read_store(store::StoreReader& reader, const Targets& targets) {
  StoreSide s;
  store::Snapshot snapshot(reader);
  for (const auto& [key, pw] : targets.accounts) {
    s.accounts[key] = reader.account(key);
    for (auto& a : reader.aliases_of(key)) s.aliases.emplace(a.old_id, std::move(a));
    for (auto& l : reader.lists_of(key)) s.list_names.insert(std::move(l));
  }
  s.list_names.insert(targets.lists.begin(), targets.lists.end());
  return s;
}

std::optional<LdapEntry> wanted_people(const TreeNames& t, const std::optional<AccountState>& a) {
  if (!a || a->status != AccountStatus::active) return std::nullopt;
  return people_entry(t, *a);
}

std::optional<LdapEntry> wanted_indice(const TreeNames& t, const std::optional<AccountState>& a) {
  if (!a) return std::nullopt;
  return indice_entry(t, *a);
}

void keep(std::vector<OpChain>& chains, OpChain chain) {
  if (!chain.empty()) chains.push_back(std::move(chain));
}

}  // namespace

std::int64_t SyncEngine::read_watermark() {
  auto e = conn_.read(ldap_names::sync_state_dn(settings_.tree.base), {"uminSyncSeq"});
  if (!e) return 0;
  std::string v = first_value(*e, "uminSyncSeq");
  return v.empty() ? 0 : std::stoll(v);
}

void SyncEngine::write_watermark(std::int64_t seq) {
  auto want = sync_state_entry(settings_.tree, seq);
  auto have = conn_.read(want.dn, {"objectClass", "cn", "uminSyncSeq"});
  for (const auto& op : plan_fixed(want, have, false)) {
    if (op.kind == LdapOp::Kind::add)
      conn_.add(op.entry);
    else
      conn_.modify(op.dn, op.mods);
  }
}

void SyncEngine::write_heartbeat(TimePoint at, std::int64_t seq) {
  auto entry = sync_state_entry(settings_.tree, seq);
  std::string stamp = format_generalized_time(at);
  if (!conn_.read(entry.dn, {"cn"})) {
    entry.attrs[std::string(ldap_attr::heartbeat)] = {stamp};
    conn_.add(entry);
    return;
  }
  conn_.modify(entry.dn, {{LdapMod::Op::replace, std::string(ldap_attr::heartbeat), {stamp}}});
}

BatchResult SyncEngine::apply_batch(std::int64_t after) {
  BatchResult result;
  auto rows = reader_.journal_after(after, settings_.batch_size);
  if (rows.empty()) return result;
  result.first_seq = rows.front().seq;
  result.last_seq = rows.back().seq;
  result.rows = rows.size();

  Targets targets;
  for (const auto& row : rows) add_targets(targets, row);
  StoreSide store = read_store(reader_, targets);
  result.targets = targets.accounts.size() + store.list_names.size();

  const TreeNames& t = settings_.tree;
  DirectoryReader dir(conn_, t.base);
  std::vector<std::int64_t> keys;
  for (const auto& [key, pw] : targets.accounts) keys.push_back(key);
  auto people = dir.by_account_keys(ldap_names::people_base(t.base), keys);
  auto indice = dir.by_account_keys(ldap_names::indice_base(t.base), keys);

  std::vector<OpChain> chains;
  std::set<std::string> member_dns;  // lists holding any of these must be re-planned
  for (const auto& [key, passwords] : targets.accounts) {
    const auto& state = store.accounts[key];
    auto want = wanted_people(t, state);
    const auto& have = people[key];
    for (const auto& h : have) member_dns.insert(h.dn);
    if (want) member_dns.insert(want->dn);
    keep(chains, plan_keyed(want, have, passwords.general));
    keep(chains, plan_keyed(wanted_indice(t, state), indice[key], passwords.indice));
  }

  std::set<std::string> alias_ids;
  for (const auto& [id, a] : store.aliases) alias_ids.insert(id);
  auto have_aliases = dir.aliases(alias_ids);
  for (const auto& [id, a] : store.aliases) {
    auto h = have_aliases.find(id);
    keep(chains, plan_fixed(alias_entry(t, a), h == have_aliases.end() ? std::nullopt : std::optional(h->second), false));
  }

  auto have_lists = dir.lists(store.list_names, member_dns);
  std::set<std::string> list_names = store.list_names;
  for (const auto& [name, e] : have_lists) list_names.insert(name);
  for (const auto& name : list_names) {
    auto state = reader_.list(name);
    std::optional<LdapEntry> want;
    if (state) want = list_entry(t, *state);
    auto h = have_lists.find(name);
    std::optional<LdapEntry> have;
    if (h != have_lists.end()) have = h->second;
    // A list the store does not know is not ours to delete here (reconcile decides).
    if (want) keep(chains, plan_fixed(want, have, false));
  }

  ldap::Pipeline pipeline(conn_, settings_.window);
  result.outcome = run_chains(pipeline, chains);
  write_watermark(result.last_seq);
  return result;
}

}  // namespace umind::sync
