// reconcile.hpp — the full compare of the managed subtrees (people, indice,
// aliases, lists) with the store (`uminctl sync reconcile`, and every
// sync.reconcile_interval). Both sides are streamed into compact digests
// (core/entry_digest: each entry's DN and managed attributes), the store's on
// a thread of its own while slapd sends the subtrees; only entries whose
// digests differ are read again and planned with core/ldap_plan, so a no-op
// run over a million entries holds megabytes, not the tree. Passwords are not compared: the ACL
// lets nobody read them back (they are rewritten only when missing entries
// are added). Never touches anything outside the four subtrees, and refuses
// to delete more than max_delete_fraction of their entries unless forced.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/ldap_entries.hpp"
#include "daemon/ldap/connection.hpp"
#include "daemon/store/store_reader.hpp"
#include "daemon/sync/chain_runner.hpp"

namespace umind::sync {

struct ReconcileOptions {
  bool dry_run = false;
  bool force = false;
  double max_delete_fraction = 0.05;
  std::size_t window = 256;
  // Opens a second connection to the same server as the first: the smaller
  // subtrees are then read while slapd sends people (empty, or when it
  // fails: all on the one connection).
  std::function<ldap::Connection()> open_connection;
  std::size_t max_lines = 1000;  // of the diff, in the report
};

struct ReconcileReport {
  std::int64_t entries_in_directory = 0, entries_in_store = 0;
  std::int64_t adds = 0, modifies = 0, renames = 0, removes = 0;
  std::vector<std::string> lines;  // "add DN", "modify DN: attr, attr", "delete DN"…
  bool truncated = false;
  bool refused = false;  // too many deletes without force: nothing written
  bool applied = false;  // written (not a dry run, not refused)
  ChainOutcome outcome;
  std::int64_t changes() const { return adds + modifies + renames + removes; }
};

ReconcileReport reconcile(ldap::Connection& conn, store::StoreReader& reader, const TreeNames& tree,
                          const ReconcileOptions& options);

}  // namespace umind::sync
