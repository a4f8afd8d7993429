// sync_engine.hpp — replays the store's journal into LDAP (DESIGN §5): each
// batch of rows names its targets, the engine reads their current state from
// the store and from the directory, plans the difference (core/ldap_plan)
// and sends it pipelined; then it writes the batch's last sequence number to
// cn=umind,ou=system. A crash anywhere replays from the last written number
// and, because the plan compares states, writes only what is still missing.
#pragma once
#include <cstdint>
#include <string>

#include "core/ldap_entries.hpp"
#include "daemon/ldap/connection.hpp"
#include "daemon/store/store_reader.hpp"
#include "daemon/sync/chain_runner.hpp"

namespace umind::sync {

struct SyncSettings {
  TreeNames tree;
  int batch_size = 1000;
  std::size_t window = 256;  // LDAP writes in flight
};

struct BatchResult {
  std::int64_t first_seq = 0, last_seq = 0;  // 0, 0: nothing to do
  std::size_t rows = 0, targets = 0;
  ChainOutcome outcome;
};

class SyncEngine {
 public:
  SyncEngine(store::StoreReader& reader, ldap::Connection& conn, SyncSettings settings)
      : reader_(reader), conn_(conn), settings_(std::move(settings)) {}

  // uminSyncSeq of cn=umind,ou=system (0 when absent). Throws ldap::Error.
  std::int64_t read_watermark();
  void write_watermark(std::int64_t seq);
  // uminHeartbeat of cn=umind,ou=system := `at` (DESIGN §5); creates the
  // entry (with the watermark `seq`) when the directory has none yet.
  void write_heartbeat(TimePoint at, std::int64_t seq);

  // Applies the rows after `after` (at most batch_size) and moves the
  // watermark past them. Throws ldap::Error when the directory fails (then
  // the watermark has not moved) or store::StoreError.
  BatchResult apply_batch(std::int64_t after);

 private:
  store::StoreReader& reader_;
  ldap::Connection& conn_;
  SyncSettings settings_;
};

}  // namespace umind::sync
