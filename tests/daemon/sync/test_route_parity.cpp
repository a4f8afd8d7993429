// test_route_parity.cpp — one answer per DESIGN §6 row, whoever answers: each
// row's state is made in a real store through its own operations, then the
// address is routed twice at the same instant — from the store (the Directory
// `uminctl route` and the admin API's /v1/route use) and from a milter
// replica loaded with the LDAP entries the sync writes for that state, read
// back with read_directory_entry — and the two decisions must be the same.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/ldap_entries.hpp"
#include "core/ldap_plan.hpp"
#include "core/route_entry.hpp"
#include "daemon/store/account_import.hpp"
#include "daemon/store/store_reader.hpp"
#include "milter/replica/replica_builder.hpp"
#include "milter/replica/replica_view.hpp"
#include "tests/daemon/store/store_fixture.hpp"
#include "tests/milter/replica_records.hpp"

using namespace umind;
using namespace std::chrono;
using umind::test::StoreFixture;

namespace {

const TreeNames tree{"dc=umin,dc=ac,dc=jp", "umin.ac.jp"};

// The first RDN as the milter's sync client hands it over (type, value). IDs
// and list names never need DN escaping (their syntax forbids it).
Rdn rdn_of(std::string_view dn) {
  std::string_view rdn = first_rdn(dn);
  auto eq = rdn.find('=');
  REQUIRE(eq != std::string_view::npos);
  REQUIRE(rdn.find('\\') == std::string_view::npos);
  return {std::string(rdn.substr(0, eq)), std::string(rdn.substr(eq + 1))};
}

// An entry as the milter's sync search returns it: route_attributes only.
LdapEntry as_searched(const LdapEntry& e) {
  LdapEntry out{e.dn, {}};
  for (const char* name : route_attributes)
    if (auto it = e.attrs.find(name); it != e.attrs.end()) out.attrs.insert(*it);
  return out;
}

// The replica a milter holds after a full refresh of the tree the sync writes
// for this store: the entries of the StoreReader scans through
// core/ldap_entries, as export-ldif and reconcile build them (indice entries
// left out, as the milter's route_filter leaves them out), each read with
// read_directory_entry as the sync client reads it. Every entry the writer
// made must read back as a route.
std::shared_ptr<const replica::Snapshot> replica_of(StoreFixture& f) {
  store::StoreReader reader((f.dir / "umind.db").string());
  std::vector<LdapEntry> entries;
  {
    store::Snapshot snapshot(reader);
    reader.each_active_account([&](AccountState&& a) { entries.push_back(people_entry(tree, a)); });
    reader.each_alias([&](AliasState&& a) { entries.push_back(alias_entry(tree, a)); });
    reader.each_list([&](ListState&& l) { entries.push_back(list_entry(tree, l)); });
  }
  replica::ReplicaBuilder builder;
  builder.begin_refresh(true);
  unsigned n = 0;
  for (const auto& e : entries) {
    auto fact = read_directory_entry(as_searched(e), rdn_of(e.dn), test::uuid(++n));
    const auto* problem = std::get_if<std::string>(&fact);
    INFO((problem ? *problem : e.dn));
    const auto* record = std::get_if<RouteRecord>(&fact);
    REQUIRE(record != nullptr);
    REQUIRE(builder.upsert(*record));
  }
  builder.end_present_phase();
  builder.end_refresh();
  return builder.publish();
}

std::string_view action_name(RouteAction a) {
  switch (a) {
    case RouteAction::pass: return "pass";
    case RouteAction::accept: return "accept";
    case RouteAction::rewrite: return "rewrite";
    case RouteAction::reject: return "reject";
    case RouteAction::tempfail: return "tempfail";
  }
  return "?";
}

// Everything a decision says, in one line (a difference shows as a diff).
std::string summary(const RouteDecision& d) {
  std::string out(action_name(d.action));
  out.append(" ").append(to_string(d.route_case));
  if (!d.smtp_code.empty()) out.append(" ").append(d.smtp_code).append(" ").append(d.enhanced);
  if (!d.new_address.empty()) out.append(" -> ").append(d.new_address);
  if (!d.resolved_id.empty()) out.append(" (").append(d.resolved_id).append(")");
  if (d.alias_hops != 0) out.append(" hops=").append(std::to_string(d.alias_hops));
  if (!d.reply_text.empty()) out.append(" '").append(d.reply_text).append("'");
  return out;
}

struct Row {
  const char* name;                          // the §6 row
  std::function<void(StoreFixture&)> build;  // its state, made through the store's operations
  const char* address;
  RouteCase expected;  // so that a row cannot quietly test another one
};

// taro-tky renamed to taro-new now; the end of the old address's window.
TimePoint renamed(StoreFixture& f) {
  f.create("taro-tky");
  f.store->rename("taro-tky", "taro-new", f.req());
  return f.store->aliases_of("taro-new").at(0).forward_until;
}

void in_window(StoreFixture& f) {
  renamed(f);
  f.now += days{30};
}

void live(StoreFixture& f) { f.create("taro-tky"); }

void nothing(StoreFixture&) {}

// uminctl import of one record (--allow-legacy-ids when it is marked legacy).
void import_one(StoreFixture& f, const ImportRecord& r) {
  bool given = false;
  store::ImportBatch batch;
  batch.next = [&]() -> std::optional<ImportRecord> {
    if (std::exchange(given, true)) return std::nullopt;
    return r;
  };
  batch.source_errors = [] { return std::size_t{0}; };
  REQUIRE(f.store->import_accounts(batch, f.req()).committed);
}

ImportRecord legacy_record(const TimePoint& renamed_at) {
  ImportRecord r;
  r.line = 1;
  r.id = "old_style.id";
  r.kind = Kind::group;
  r.legacy = true;
  r.renamed_from = {{"t.yamada", renamed_at, true, true}};
  return r;
}

std::vector<Row> rows() {
  return {
      {"live ID", live, "<taro-tky@umin.ac.jp>", RouteCase::live},
      {"live ID, any case, +detail", live, "<Taro-TKY+box@UMIN.AC.JP>", RouteCase::live},
      {"legacy ID (imported), still deliverable",
       [](StoreFixture& f) { import_one(f, legacy_record(f.now - days{10})); }, "<old_style.id@umin.ac.jp>",
       RouteCase::live},
      {"legacy old ID (imported) in its window",
       [](StoreFixture& f) { import_one(f, legacy_record(f.now - days{10})); }, "<t.yamada+box@umin.ac.jp>",
       RouteCase::forward},
      {"list",
       [](StoreFixture& f) {
         f.create("taro-tky");
         f.store->create_list("news-ml", "news@lists.example.org", false, f.req());
         f.store->add_member("news-ml", "taro-tky", f.req());
       },
       "<news-ml@umin.ac.jp>", RouteCase::list},
      {"alias in its window", in_window, "<taro-tky@umin.ac.jp>", RouteCase::forward},
      {"alias in its window, +detail kept", in_window, "<taro-tky+box@umin.ac.jp>", RouteCase::forward},
      {"alias, last second of its window", [](StoreFixture& f) { f.now = renamed(f) - seconds{1}; },
       "<taro-tky@umin.ac.jp>", RouteCase::forward},
      // The store keeps an alias on the account, not on the ID it was renamed
      // to: a second rename (or a merge) moves the old address with it, so
      // the store never makes an alias of an alias — the chain resolves in one hop.
      {"alias of an alias (renamed twice)",
       [](StoreFixture& f) {
         auto policy = f.store->policy();
         policy.rename_lock = Duration::of_seconds(days{30});
         f.store->set_policy(policy);
         f.create("taro-a");
         f.store->rename("taro-a", "taro-b", f.req());
         f.now += days{31};
         f.store->rename("taro-b", "taro-c", f.req());
         f.now += days{1};
       },
       "<taro-a+box@umin.ac.jp>", RouteCase::forward},
      {"merged ID",
       [](StoreFixture& f) {
         f.create("taro-dup");
         f.create("taro-keep");
         f.store->merge("taro-dup", "taro-keep", f.req());
       },
       "<taro-dup@umin.ac.jp>", RouteCase::forward},
      {"old address of a merged ID",
       [](StoreFixture& f) {
         f.create("taro-old");
         f.store->rename("taro-old", "taro-dup", f.req());
         f.create("taro-keep");
         f.store->merge("taro-dup", "taro-keep", f.req());
       },
       "<taro-old@umin.ac.jp>", RouteCase::forward},
      {"forwarding off",
       [](StoreFixture& f) {
         renamed(f);
         f.store->set_forwarding("taro-new", false, f.req());
       },
       "<taro-tky@umin.ac.jp>", RouteCase::forward_off},
      {"alias expired (at the window's end)", [](StoreFixture& f) { f.now = renamed(f); }, "<taro-tky@umin.ac.jp>",
       RouteCase::alias_expired},
      {"alias expired (long after)", [](StoreFixture& f) { f.now = renamed(f) + days{400}; }, "<taro-tky@umin.ac.jp>",
       RouteCase::alias_expired},
      {"alias whose account was deleted",
       [](StoreFixture& f) {
         renamed(f);
         f.store->remove("taro-new", "retired", false, false, f.req());
       },
       "<taro-tky@umin.ac.jp>", RouteCase::alias_target_gone},
      {"deleted ID",
       [](StoreFixture& f) {
         f.create("taro-tky");
         f.store->remove("taro-tky", "retired", false, false, f.req());
       },
       "<taro-tky@umin.ac.jp>", RouteCase::unknown},
      {"unknown ID", nothing, "<nobody-x@umin.ac.jp>", RouteCase::unknown},
      {"bad syntax", nothing, "<taro_tky@umin.ac.jp>", RouteCase::bad_syntax},
      {"bad syntax, quoted local part", nothing, "<\"taro tky\"@umin.ac.jp>", RouteCase::bad_syntax},
      {"other domain", live, "<taro-tky@example.org>", RouteCase::foreign_domain},
      {"postmaster", nothing, "<postmaster@umin.ac.jp>", RouteCase::passthrough},
      // A loop (or a chain longer than 8) cannot be made through the store:
      // aliases point at accounts, and an ID is never used twice. The core
      // tests (tests/core/test_routing.cpp) cover that row on a plain map.
  };
}

}  // namespace

TEST_CASE("route parity: the store and the milter's replica answer every §6 row alike") {
  for (const Row& row : rows()) {
    DYNAMIC_SECTION(row.name) {
      StoreFixture f;
      row.build(f);
      replica::ReplicaView view;
      view.publish(replica_of(f));
      view.mark_live(f.now);
      auto snapshot = view.snapshot();
      auto store_directory = f.store->directory();
      INFO(row.address);
      for (auto reply : {ExpiredAliasReply::unknown, ExpiredAliasReply::moved, ExpiredAliasReply::moved_to}) {
        RoutingRules rules;
        rules.expired_alias_reply = reply;
        // As the admin API's /v1/route answers `uminctl route`.
        auto from_store = route_recipient(rules, *store_directory, DirectoryFreshness::current(), row.address, f.now);
        auto from_replica = route_recipient(rules, *snapshot, view.freshness(f.now), row.address, f.now);
        CHECK(from_store.route_case == row.expected);
        CHECK(summary(from_replica) == summary(from_store));
      }
    }
  }
}
