// reconcile.cpp — digests of the directory and of the store, taken at the
// same time (the store is scanned on a thread of its own while slapd streams
// the four subtrees), then merged; only what differs is read again, in full,
// and planned with core/ldap_plan.
#include "daemon/sync/reconcile.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <stop_token>
#include <thread>
#include <unordered_map>

#include "core/entry_digest.hpp"
#include "core/ldap_names.hpp"
#include "core/ldap_plan.hpp"
#include "core/text.hpp"
#include "daemon/ldap/pipeline.hpp"
#include "daemon/sync/directory_reader.hpp"

namespace umind::sync {
namespace {

enum class Subtree { people, indice, aliases, lists };

// The attributes a digest covers: the managed ones, less userPassword (the
// ACL lets nobody read it back; it is rewritten only when an entry is added).
const std::vector<std::string>& compared_for(Subtree s) {
  static const TreeNames probe{"", "x"};
  auto compared = [](const LdapEntry& e) {
    std::vector<std::string> out;
    for (const auto& a : managed_attributes(e))
      if (a != "userPassword") out.push_back(a);
    return out;
  };
  static const std::vector<std::string> people = compared(people_entry(probe, AccountState{}));
  static const std::vector<std::string> indice = [&] {
    AccountState a;
    a.indice_hash = "x";
    return compared(*indice_entry(probe, a));
  }();
  static const std::vector<std::string> aliases = compared(alias_entry(probe, AliasState{}));
  static const std::vector<std::string> lists = compared(list_entry(probe, ListState{}));
  switch (s) {
    case Subtree::people: return people;
    case Subtree::indice: return indice;
    case Subtree::aliases: return aliases;
    case Subtree::lists: return lists;
  }
  return lists;
}

// What to ask slapd for: object classes, the compared attributes and the
// name (less to send than the full list; userPassword is not readable).
std::vector<std::string> requested_for(Subtree s, const char* name_attr) {
  std::vector<std::string> out{"objectClass", name_attr};
  for (const auto& a : compared_for(s))
    if (a != name_attr) out.push_back(a);
  return out;
}

// One directory entry, as far as reconcile remembers it.
struct Seen {
  std::uint64_t digest = 0;
  std::string dn;
  bool matched = false;
};
struct KeyedSeen {
  std::int64_t key;  // uminAccountKey; -1 when missing or not a number (not ours: it goes)
  Seen seen;
};
struct KeyLess {
  bool operator()(const KeyedSeen& a, std::int64_t k) const { return a.key < k; }
  bool operator()(std::int64_t k, const KeyedSeen& a) const { return k < a.key; }
};
using Keyed = std::vector<KeyedSeen>;            // sorted by key once loaded
using Named = std::unordered_map<std::string, Seen>;

// The store's side: the digest of every entry it wants, in key / name order.
struct StoreDigests {
  std::vector<std::pair<std::int64_t, std::uint64_t>> people, indice;
  std::vector<std::pair<std::string, std::uint64_t>> aliases, lists;
};

struct Cancelled {};  // a worker asked to stop (the other side failed)
void check_stop(const std::stop_token& stop) {
  if (stop.stop_requested()) throw Cancelled{};
}

StoreDigests scan_store(store::StoreReader& reader, const TreeNames& tree, const std::stop_token& stop) {
  StoreDigests s;
  reader.each_active_account([&](AccountState&& a) {
    check_stop(stop);
    s.people.emplace_back(a.key, entry_digest(people_entry(tree, a), compared_for(Subtree::people)));
    if (auto i = indice_entry(tree, a)) s.indice.emplace_back(a.key, entry_digest(*i, compared_for(Subtree::indice)));
  });
  reader.each_alias([&](AliasState&& a) {
    check_stop(stop);
    s.aliases.emplace_back(a.old_id, entry_digest(alias_entry(tree, a), compared_for(Subtree::aliases)));
  });
  reader.each_list([&](ListState&& l) {
    check_stop(stop);
    s.lists.emplace_back(l.name, entry_digest(list_entry(tree, l), compared_for(Subtree::lists)));
  });
  return s;
}

// The directory's side, read by one or two connections at once.
struct DirectoryDigests {
  Keyed people, indice;
  Named aliases, lists;
  std::int64_t entries = 0;
  std::vector<std::string> duplicates;  // a second entry under a name already seen: it goes
};

std::string subtree_base(const TreeNames& tree, Subtree s) {
  switch (s) {
    case Subtree::people: return ldap_names::people_base(tree.base);
    case Subtree::indice: return ldap_names::indice_base(tree.base);
    case Subtree::aliases: return ldap_names::aliases_base(tree.base);
    case Subtree::lists: return ldap_names::lists_base(tree.base);
  }
  return {};
}

// An entry's digest, and the first value of `name_attr` (empty when none).
std::pair<std::uint64_t, std::string_view> digest_of(const ldap::EntryView& e, const std::vector<std::string>& compared,
                                                     std::string_view name_attr) {
  EntryDigest digest(e.dn, compared);
  std::string_view name;
  for (const auto& a : e.attributes) {
    auto values = e.values_of(a);
    digest.add(a.name, values);
    if (name.empty() && !values.empty() && equal_ignoring_case(a.name, name_attr)) name = values[0];
  }
  return {digest.value(), name};
}

Keyed load_keyed(ldap::Connection& conn, const TreeNames& tree, Subtree s, std::int64_t& entries,
                 const std::stop_token& stop) {
  Keyed out;
  const auto& compared = compared_for(s);
  auto requested = requested_for(s, "uminAccountKey");
  conn.search_views(subtree_base(tree, s), ldap::Scope::one, "(objectClass=*)", requested, [&](const ldap::EntryView& e) {
    check_stop(stop);
    ++entries;
    auto [digest, key] = digest_of(e, compared, "uminAccountKey");
    out.push_back({parse_account_key(key).value_or(-1), {digest, std::string(e.dn), false}});
  });
  auto by_key = [](const KeyedSeen& a, const KeyedSeen& b) { return a.key < b.key; };
  if (!std::is_sorted(out.begin(), out.end(), by_key))  // slapadd'ed from export-ldif: already in key order
    std::sort(out.begin(), out.end(), by_key);
  return out;
}

Named load_named(ldap::Connection& conn, const TreeNames& tree, Subtree s, const char* rdn_attr, std::int64_t& entries,
                 std::vector<std::string>& duplicates, const std::stop_token& stop) {
  Named out;
  const auto& compared = compared_for(s);
  auto requested = requested_for(s, rdn_attr);
  conn.search_views(subtree_base(tree, s), ldap::Scope::one, "(objectClass=*)", requested, [&](const ldap::EntryView& e) {
    check_stop(stop);
    ++entries;
    auto [digest, name] = digest_of(e, compared, rdn_attr);
    auto [it, fresh] = out.emplace(std::string(name), Seen{digest, std::string(e.dn), false});
    if (!fresh) duplicates.emplace_back(e.dn);
  });
  return out;
}

// Runs `fn` on a thread of its own; join() waits and rethrows its failure.
// Going out of scope first asks it to stop (Cancelled), then waits.
class Worker {
 public:
  explicit Worker(std::function<void(const std::stop_token&)> fn)
      : thread_([this, fn = std::move(fn)](std::stop_token stop) {
          try {
            fn(stop);
          } catch (const Cancelled&) {
          } catch (...) {
            failed_ = std::current_exception();
          }
        }) {}
  Worker(const Worker&) = delete;  // the thread holds `this`
  Worker& operator=(const Worker&) = delete;
  void join() {
    thread_.join();
    if (failed_) std::rethrow_exception(failed_);
  }

 private:
  std::exception_ptr failed_;
  std::jthread thread_;  // last: started once failed_ exists, joined before it goes
};

class Reconciler {
 public:
  Reconciler(ldap::Connection& conn, store::StoreReader& reader, const TreeNames& tree, const ReconcileOptions& o)
      : conn_(conn), reader_(reader), tree_(tree), options_(o), dir_(conn, tree.base) {}

  ReconcileReport run() {
    plan();
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
  // Both sides' digests, compared; what differs planned (the store seen in
  // one snapshot, held only this long).
  void plan() {
    store::Snapshot snapshot(reader_);
    StoreDigests store;
    DirectoryDigests dir;
    {
      // Three at once: the store scan, and slapd sending people on this
      // connection while the smaller subtrees come over a second one.
      Worker scan([&](const std::stop_token& stop) { store = scan_store(reader_, tree_, stop); });
      auto load_others = [&](ldap::Connection& c, std::int64_t& entries, const std::stop_token& stop) {
        dir.indice = load_keyed(c, tree_, Subtree::indice, entries, stop);
        dir.aliases = load_named(c, tree_, Subtree::aliases, "uid", entries, dir.duplicates, stop);
        dir.lists = load_named(c, tree_, Subtree::lists, "cn", entries, dir.duplicates, stop);
      };
      std::int64_t other_entries = 0;
      bool second_opened = false;
      std::optional<Worker> others;
      if (options_.open_connection)
        others.emplace([&](const std::stop_token& stop) {
          std::optional<ldap::Connection> second;
          try {
            second.emplace(options_.open_connection());
          } catch (const ldap::Error&) {
            return;  // read them on the one connection, below
          }
          second_opened = true;
          load_others(*second, other_entries, stop);
        });
      dir.people = load_keyed(conn_, tree_, Subtree::people, dir.entries, {});
      if (others) others->join();
      if (!second_opened) load_others(conn_, dir.entries, {});
      scan.join();
      dir.entries += other_entries;
    }
    report_.entries_in_directory = dir.entries;
    for (const auto& dn : dir.duplicates) add(plan_fixed(std::nullopt, LdapEntry{dn, {}}, false));

    for (const auto& [key, digest] : store.people) compare_keyed(dir.people, Subtree::people, key, digest);
    for (const auto& [key, digest] : store.indice) compare_keyed(dir.indice, Subtree::indice, key, digest);
    for (const auto& [name, digest] : store.aliases) compare_named(dir.aliases, Subtree::aliases, name, digest);
    for (const auto& [name, digest] : store.lists) compare_named(dir.lists, Subtree::lists, name, digest);
    plan_keyed_differences(dir.people, Subtree::people);
    plan_keyed_differences(dir.indice, Subtree::indice);
    plan_named_differences(dir.aliases, Subtree::aliases);
    plan_named_differences(dir.lists, Subtree::lists);
  }

  std::string subtree_base(Subtree s) const { return sync::subtree_base(tree_, s); }

  void compare_keyed(Keyed& have, Subtree s, std::int64_t key, std::uint64_t digest) {
    ++report_.entries_in_store;
    auto [first, last] = std::equal_range(have.begin(), have.end(), key, KeyLess{});
    if (last - first == 1 && first->seen.digest == digest) {
      first->seen.matched = true;
      return;
    }
    for (auto it = first; it != last; ++it) it->seen.matched = true;  // planned below, with the full entries
    differing_keys_[static_cast<int>(s)].push_back(key);
  }

  void compare_named(Named& have, Subtree s, const std::string& name, std::uint64_t digest) {
    ++report_.entries_in_store;
    auto it = have.find(name);
    if (it != have.end()) {
      it->second.matched = true;
      if (it->second.digest == digest) return;
    }
    differing_names_[static_cast<int>(s)].push_back(name);
  }

  // The store's entry for what differs, read again in the same snapshot.
  std::optional<LdapEntry> wanted(Subtree s, std::int64_t key) {
    auto a = reader_.account(key);
    if (!a) return std::nullopt;
    return s == Subtree::people ? std::optional(people_entry(tree_, *a)) : indice_entry(tree_, *a);
  }
  std::optional<LdapEntry> wanted(Subtree s, const std::string& name) {
    if (s == Subtree::aliases) {
      auto a = reader_.alias(name);
      return a ? std::optional(alias_entry(tree_, *a)) : std::nullopt;
    }
    auto l = reader_.list(name);
    return l ? std::optional(list_entry(tree_, *l)) : std::nullopt;
  }

  void plan_keyed_differences(const Keyed& have, Subtree s) {
    const auto& keys = differing_keys_[static_cast<int>(s)];
    auto current = dir_.by_account_keys(subtree_base(s), keys);
    for (auto key : keys)
      if (auto want = wanted(s, key)) add(plan_keyed(want, current[key], false));
    for (const auto& [key, seen] : have)
      if (!seen.matched) add(plan_keyed(std::nullopt, {LdapEntry{seen.dn, {}}}, false));
  }

  void plan_named_differences(const Named& have, Subtree s) {
    for (const auto& name : differing_names_[static_cast<int>(s)]) {
      auto want = wanted(s, name);
      if (!want) continue;
      std::optional<LdapEntry> current;
      if (auto it = have.find(name); it != have.end()) current = conn_.read(it->second.dn, compared_attributes());
      add(plan_fixed(want, current, false));
    }
    for (const auto& [name, seen] : have)
      if (!seen.matched) add(plan_fixed(std::nullopt, LdapEntry{seen.dn, {}}, false));
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
  std::vector<std::int64_t> differing_keys_[4];
  std::vector<std::string> differing_names_[4];
  std::vector<OpChain> removals_, chains_;
  ReconcileReport report_;
};

}  // namespace

ReconcileReport reconcile(ldap::Connection& conn, store::StoreReader& reader, const TreeNames& tree,
                          const ReconcileOptions& options) {
  return Reconciler(conn, reader, tree, options).run();
}

}  // namespace umind::sync
