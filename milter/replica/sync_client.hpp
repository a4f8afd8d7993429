// sync_client.hpp — keeps a ReplicaView current from slapd with libldap's
// content-sync client (ldap_sync_init refreshAndPersist, RFC 4533) on its own
// thread: a full load first, then every change as it happens. The cookie is
// kept across reconnects, so a reconnect is a delta, not a reload. When the
// link breaks it reconnects (base/backoff.hpp) while the milter keeps
// routing from the last snapshot; the view records when the link was last
// good and the uminHeartbeat the replica holds (milter.max_staleness is
// judged from the older of the two). The thread beats `alive()` as it works,
// for the watchdog.
// Needs only read access (the cn=milter,ou=system DN of ldap-schema/acl.conf).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "base/backoff.hpp"
#include "base/clock.hpp"
#include "base/heartbeat.hpp"
#include "core/config.hpp"
#include "milter/replica/replica_builder.hpp"
#include "milter/replica/replica_view.hpp"

namespace umind::replica {

struct SyncStats {
  std::atomic<std::uint64_t> connects{0};          // sync searches started
  std::atomic<std::uint64_t> full_refreshes{0};    // complete loads
  std::atomic<std::uint64_t> delta_refreshes{0};   // cookie resumes
  std::atomic<std::uint64_t> changes{0};           // entries received (adds, changes, deletes)
  std::atomic<std::uint64_t> rejected_entries{0};  // entries that are not routes
};

class SyncClient {
 public:
  SyncClient(LdapConfig ldap, ReplicaView& view);
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;
  ~SyncClient();

  void start();
  // Returns within about a second, also in the middle of a full load.
  void stop();
  const SyncStats& stats() const noexcept { return stats_; }
  // Beaten by the sync thread at least every second while it is not blocked
  // in a network call (those are bounded by ldap.timeout and TCP keepalive).
  const Heartbeat& alive() const noexcept { return alive_; }

  // The callbacks' hooks (sync thread only).
  void note_heartbeat(std::optional<TimePoint> at) noexcept { heartbeat_ = at; }
  void beat() noexcept { alive_.beat(); }

 private:
  void run();
  // One connection: refresh, then persist until the link breaks or stop().
  // Returns true when it reached the persist phase.
  bool session();
  void set_socket(int fd);
  void publish();
  void wait_before_retry(std::chrono::milliseconds d);
  bool stopping() const noexcept { return stopping_.load(std::memory_order_acquire); }

  LdapConfig ldap_;
  ReplicaView& view_;
  ReplicaBuilder builder_;
  std::string cookie_;
  std::optional<TimePoint> heartbeat_;  // of the entries applied so far
  SyncStats stats_;
  Heartbeat alive_;
  ReconnectBackoff backoff_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;  // guards socket_ and the backoff wait
  std::condition_variable wake_;
  int socket_ = -1;
  std::thread thread_;
};

}  // namespace umind::replica
