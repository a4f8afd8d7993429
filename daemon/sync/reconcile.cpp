// reconcile.cpp — fingerprints of the directory, streamed against the store.
#include "daemon/sync/reconcile.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include "core/ldap_names.hpp"
#include "core/ldap_plan.hpp"
#include "daemon/ldap/pipeline.hpp"
#include "daemon/sync/directory_reader.hpp"

namespace umind::sync {
namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// DN, object classes and managed attributes (not userPassword: unreadable),
// in a fixed order, values sorted.
std::size_t fingerprint(const LdapEntry& e, const std::vector<std::string>& managed) {
  std::string canon = lower(e.dn);
  auto add_attr = [&](const std::string& name, bool fold) {
    canon += '\x1e';
    canon += name;
    auto it = e.attrs.find(name);
    if (it == e.attrs.end()) return;
    std::vector<std::string> vals = it->second;
    if (fold)
      for (auto& v : vals) v = lower(v);
    std::sort(vals.begin(), vals.end());
    for (const auto& v : vals) {
      canon += '\x1f';
      canon += v;
    }
  };
  add_attr("objectClass", true);
  for (const auto& a : managed)
    if (a != "userPassword") add_attr(a, false);
  return std::hash<std::string>{}(canon);
}

struct Seen {
  std::size_t print = 0;
  std::string dn;
  bool matched = false;
};

const std::vector<std::string>& managed_for(const std::string& subtree) {
  static const TreeNames probe{"", "x"};
  static const LdapEntry people = people_entry(probe, AccountState{});
  static const LdapEntry indice = [] {
    AccountState a;
    a.indice_hash = "x";
    return *indice_entry(probe, a);
  }();
  static const LdapEntry alias = alias_entry(probe, AliasState{});
  static const LdapEntry list = list_entry(probe, ListState{});
  if (subtree == "people") return managed_attributes(people);
  if (subtree == "indice") return managed_attributes(indice);
  if (subtree == "aliases") return managed_attributes(alias);
  return managed_attributes(list);
}

class Reconciler {
 public:
  Reconciler(ldap::Connection& conn, store::StoreReader& reader, const TreeNames& tree, const ReconcileOptions& o)
      : conn_(conn), reader_(reader), tree_(tree), options_(o), dir_(conn, tree.base) {}

  ReconcileReport run() {
    // The directory side: fingerprints by account key (people, indice) or by name.
    auto people = load_keyed("people");
    auto indice = load_keyed("indice");
    auto aliases = load_named("aliases", "uid");
    auto lists = load_named("lists", "cn");

    reader_.begin_snapshot();
    try {
      reader_.each_active_account([&](AccountState&& a) {
        compare_keyed(people, "people", a.key, people_entry(tree_, a));
        if (auto i = indice_entry(tree_, a)) compare_keyed(indice, "indice", a.key, *i);
      });
      reader_.each_alias([&](AliasState&& a) { compare_named(aliases, "aliases", a.old_id, alias_entry(tree_, a)); });
      reader_.each_list([&](ListState&& l) { compare_named(lists, "lists", l.name, list_entry(tree_, l)); });
    } catch (...) {
      reader_.end_snapshot();
      throw;
    }
    reader_.end_snapshot();
    plan_keyed_differences(people, "people");
    plan_keyed_differences(indice, "indice");
    for (auto* named : {&aliases, &lists})
      for (const auto& [name, seen] : *named)
        if (!seen.matched) add(plan_fixed(std::nullopt, LdapEntry{seen.dn, {}}, false));

    report_.refused = !options_.force && report_.entries_in_directory > 0 &&
                      static_cast<double>(report_.removes) >
                          options_.max_delete_fraction * static_cast<double>(report_.entries_in_directory);
    if (!options_.dry_run && !report_.refused && !(removals_.empty() && chains_.empty())) {
      // Deletes first: a stray entry may sit where a wanted one goes.
      ldap::Pipeline pipeline(conn_, options_.window);
      report_.outcome = run_chains(pipeline, removals_);
      auto rest = run_chains(pipeline, chains_);
      report_.outcome.ops_done += rest.ops_done;
      report_.outcome.adds += rest.adds;
      report_.outcome.modifies += rest.modifies;
      report_.outcome.renames += rest.renames;
      report_.outcome.removes += rest.removes;
      report_.outcome.failures.insert(report_.outcome.failures.end(), rest.failures.begin(), rest.failures.end());
      report_.applied = true;
    }
    return std::move(report_);
  }

 private:
  using Keyed = std::unordered_map<std::int64_t, std::vector<Seen>>;
  using Named = std::unordered_map<std::string, Seen>;

  std::string subtree_base(const std::string& ou) { return "ou=" + ou + "," + tree_.base; }

  Keyed load_keyed(const std::string& ou) {
    Keyed out;
    const auto& managed = managed_for(ou);
    conn_.search(subtree_base(ou), ldap::Scope::one, "(objectClass=*)", compared_attributes(), [&](LdapEntry&& e) {
      ++report_.entries_in_directory;
      std::int64_t key = -1;  // no key: not one of ours, it goes
      try {
        key = std::stoll(first_value(e, "uminAccountKey"));
      } catch (const std::exception&) {
      }
      out[key].push_back({fingerprint(e, managed), e.dn, false});
    });
    return out;
  }

  Named load_named(const std::string& ou, const char* rdn_attr) {
    Named out;
    const auto& managed = managed_for(ou);
    conn_.search(subtree_base(ou), ldap::Scope::one, "(objectClass=*)", compared_attributes(), [&](LdapEntry&& e) {
      ++report_.entries_in_directory;
      std::string name = first_value(e, rdn_attr);
      auto [it, fresh] = out.emplace(name, Seen{fingerprint(e, managed), e.dn, false});
      if (!fresh) add(plan_fixed(std::nullopt, LdapEntry{e.dn, {}}, false));  // a second entry, same name
    });
    return out;
  }

  void compare_keyed(Keyed& have, const std::string& ou, std::int64_t key, const LdapEntry& want) {
    ++report_.entries_in_store;
    auto it = have.find(key);
    if (it != have.end() && it->second.size() == 1 && it->second[0].print == fingerprint(want, managed_for(ou))) {
      it->second[0].matched = true;
      return;
    }
    if (it != have.end())
      for (auto& s : it->second) s.matched = true;  // planned below, with the full entries
    differing_[ou].push_back(want);
  }

  void compare_named(Named& have, const std::string& ou, const std::string& name, const LdapEntry& want) {
    ++report_.entries_in_store;
    auto it = have.find(name);
    std::optional<LdapEntry> current;
    if (it != have.end()) {
      it->second.matched = true;
      if (it->second.print == fingerprint(want, managed_for(ou))) return;
      current = conn_.read(it->second.dn, compared_attributes());
    }
    add(plan_fixed(want, current, false));
  }

  void plan_keyed_differences(Keyed& have, const std::string& ou) {
    auto& wants = differing_[ou];
    std::vector<std::int64_t> keys;
    for (const auto& w : wants) keys.push_back(std::stoll(first_value(w, "uminAccountKey")));
    auto current = dir_.by_account_keys(subtree_base(ou), keys);
    for (std::size_t i = 0; i < wants.size(); ++i) add(plan_keyed(wants[i], current[keys[i]], false));
    for (const auto& [key, seen] : have)
      for (const auto& s : seen)
        if (!s.matched) add(plan_keyed(std::nullopt, {LdapEntry{s.dn, {}}}, false));
  }

  void add(OpChain chain) {
    for (const auto& op : chain) {
      std::string line = std::string(operation_name(op.kind)) + " " + op.dn;
      switch (op.kind) {
        case LdapOp::Kind::add: ++report_.adds; break;
        case LdapOp::Kind::rename:
          ++report_.renames;
          line += " to " + op.new_rdn;
          break;
        case LdapOp::Kind::remove: ++report_.removes; break;
        case LdapOp::Kind::modify: {
          ++report_.modifies;
          std::string sep = ": ";
          for (const auto& m : op.mods) {
            line += sep + m.attr;
            sep = ", ";
          }
          break;
        }
      }
      if (report_.lines.size() < options_.max_lines)
        report_.lines.push_back(std::move(line));
      else
        report_.truncated = true;
    }
    bool only_removes = std::all_of(chain.begin(), chain.end(), [](const LdapOp& op) { return op.kind == LdapOp::Kind::remove; });
    if (!chain.empty()) (only_removes ? removals_ : chains_).push_back(std::move(chain));
  }

  ldap::Connection& conn_;
  store::StoreReader& reader_;
  const TreeNames& tree_;
  const ReconcileOptions& options_;
  DirectoryReader dir_;
  std::map<std::string, std::vector<LdapEntry>> differing_;
  std::vector<OpChain> removals_, chains_;
  ReconcileReport report_;
};

}  // namespace

ReconcileReport reconcile(ldap::Connection& conn, store::StoreReader& reader, const TreeNames& tree,
                          const ReconcileOptions& options) {
  return Reconciler(conn, reader, tree, options).run();
}

}  // namespace umind::sync
