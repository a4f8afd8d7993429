// sync_role.hpp — the `sync` role: a thread that keeps OpenLDAP caught up
// with the store. It polls the journal (every 200 ms, or at once when woken),
// applies batches with SyncEngine, and on any directory or store failure
// drops the connection, waits (1 s doubling to 30 s) and resumes from the
// watermark in LDAP — nothing is lost and nothing applied twice. Status and
// metrics for `uminctl sync status`; `sync now` waits for the current head;
// reconcile runs here too (on request and every sync.reconcile_interval).
// Every sync.heartbeat_interval it writes uminHeartbeat to cn=umind,ou=system
// (DESIGN §5): the time travels through every syncrepl hop, so each milter
// knows how old its replica is.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "base/backoff.hpp"
#include "base/role.hpp"
#include "core/config.hpp"
#include "daemon/sync/reconcile.hpp"
#include "daemon/sync/sync_engine.hpp"

namespace umind::sync {

struct SyncStatus {
  bool connected = false;
  std::int64_t applied_seq = 0;  // the watermark in LDAP
  std::int64_t journal_head = 0;
  std::int64_t batches = 0, ops = 0, failed_ops = 0;
  std::string last_error;                            // "" when the last attempt worked
  std::optional<std::chrono::system_clock::time_point> last_batch_at;
  std::optional<TimePoint> heartbeat_at;             // the last uminHeartbeat written
  std::deque<ChainFailure> recent_failures;          // the newest 20
};

struct SyncRoleConfig {
  std::string store_path;
  LdapConfig ldap;
  SyncSettings settings;
  std::chrono::seconds reconcile_interval{0};  // 0: only on request
  double max_delete_fraction = 0.05;
  std::chrono::seconds heartbeat_interval{10};  // 0: no heartbeat
};

SyncRoleConfig sync_role_config(const Config& c);

class SyncRole final : public RoleComponent {
 public:
  SyncRole(SyncRoleConfig cfg, RoleServices& services);
  ~SyncRole() override;
  SyncRole(const SyncRole&) = delete;
  SyncRole& operator=(const SyncRole&) = delete;

  std::string_view name() const noexcept override { return "sync"; }
  void start() override;
  // Asks the thread to stop after the batch in flight; waiters of sync_now
  // return at once and queued jobs fail. Safe from any thread, never blocks.
  void request_stop() noexcept override;
  void stop() override;  // request_stop(), then waits for the thread
  void add_status(nlohmann::json& body) const override;
  void wake();
  SyncStatus status() const;
  // Waits until everything the journal holds now is in LDAP, or `timeout`.
  // Returns whether it got there, and the status.
  std::pair<bool, SyncStatus> sync_now(std::chrono::milliseconds timeout);
  // Runs `job` on the sync thread with its connection (reconcile): the
  // batches pause meanwhile. Throws what the job throws, or when the
  // directory cannot be reached.
  void run_exclusive(const std::function<void(ldap::Connection&, store::StoreReader&)>& job);
  // A reconcile on the sync thread (see reconcile.hpp).
  ReconcileReport reconcile(bool dry_run, bool force);

 private:
  void run();
  bool connect();
  void fail(const std::string& why);
  void wait_for(std::chrono::milliseconds d);
  void reconcile_if_due();
  void heartbeat_if_due();
  ReconcileOptions reconcile_options() const;

  SyncRoleConfig cfg_;
  Metrics& metrics_;
  std::unique_ptr<store::StoreReader> reader_;
  std::unique_ptr<ldap::Connection> conn_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false, woken_ = false;
  std::deque<std::function<void(bool stopping)>> jobs_;  // run on the thread, or failed when stopping
  SyncStatus status_;
  ReconnectBackoff backoff_;
  bool heartbeat_refused_ = false;  // the directory's schema lacks uminHeartbeat
  std::chrono::steady_clock::time_point next_reconcile_, next_heartbeat_;
};

// The status as JSON (GET /v1/sync/status, and "sync" in GET /v1/status).
nlohmann::json status_json(const SyncStatus& s);

}  // namespace umind::sync
