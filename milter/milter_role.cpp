// milter_role.cpp — wiring replica, callbacks, listener and metrics.
#include "milter/milter_role.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

#include "base/log.hpp"
#include "milter/milter_callbacks.hpp"
#include "milter/milter_listener.hpp"
#include "milter/replica/sync_client.hpp"
#include "milter/socketmap_lookup.hpp"
#include "milter/socketmap_server.hpp"

namespace umind::milter {

struct MilterRole::Parts {
  Parts(const Config& c, const Clock& clock, std::function<void()> on_exit)
      : listen(c.milter.listen),
        context(std::make_shared<MilterContext>(view, clock, std::make_shared<const RoutingRules>(routing_rules(c)))),
        sync(c.ldap, view),
        listener(std::move(on_exit)),
        socketmap_listen(c.milter.socketmap_listen) {
    if (socketmap_listen)
      socketmap = std::make_unique<SocketmapServer>(
          [ctx = context](std::string_view request) { return answer_socketmap_request(*ctx, request); });
  }
  ListenAddress listen;
  replica::ReplicaView view;
  std::shared_ptr<MilterContext> context;
  replica::SyncClient sync;
  MilterListener listener;
  std::optional<ListenAddress> socketmap_listen;  // none: no socketmap (DESIGN §6a)
  std::unique_ptr<SocketmapServer> socketmap;
};

namespace {

void describe(Metrics& m) {
  DecisionMetrics::describe(m);
  m.describe("umind_milter_replica_entries", "gauge", "routes in the milter's replica by kind");
  m.describe("umind_milter_replica_loaded", "gauge", "1 once the replica's first load is complete");
  m.describe("umind_milter_replica_live", "gauge", "1 while the replica follows slapd (persist phase)");
  m.describe("umind_milter_replica_staleness_seconds", "gauge",
             "age of the replica end to end: the older of its uminHeartbeat and its link's last good moment "
             "(-1 before the first load)");
  m.describe("umind_milter_replica_heartbeat_age_seconds", "gauge",
             "now minus the uminHeartbeat the replica holds (-1 when it holds none)");
  m.describe("umind_milter_replica_memory_bytes", "gauge", "memory held by the replica's tables");
  m.describe("umind_milter_replica_syncs_total", "counter", "sync searches by kind (connect, full, delta)");
  m.describe("umind_milter_replica_changes_total", "counter", "entries received from slapd");
  m.describe("umind_milter_replica_ignored_entries_total", "counter", "entries that are not routes");
  m.describe("umind_milter_connections", "gauge", "MTA connections with state");
  m.describe("umind_milter_socketmap_connections", "gauge", "open socketmap connections (DESIGN 6a)");
}

// What the metrics and `uminctl status` say of the replica, read once.
struct ReplicaState {
  bool loaded = false, live = false;
  replica::EntryCounts counts;
  std::optional<std::int64_t> staleness_seconds;  // none before the first load
  std::optional<std::int64_t> heartbeat_age_seconds;  // none when the replica holds no heartbeat
  std::size_t memory_bytes = 0;
};

ReplicaState replica_state(const MilterRole::Parts& p) {
  ReplicaState s;
  auto snap = p.view.snapshot();
  if (snap) {
    s.loaded = true;
    s.counts = snap->counts();
    s.memory_bytes = snap->memory_bytes();
  }
  s.live = p.view.live();
  TimePoint now = wall_clock_now();
  if (auto age = p.view.freshness(now).age) s.staleness_seconds = age->count();
  if (auto beat = p.view.heartbeat()) s.heartbeat_age_seconds = (now - *beat).count();
  return s;
}

void export_parts(const MilterRole::Parts& p, Metrics& m) {
  p.context->metrics.export_to(m);
  ReplicaState r = replica_state(p);
  m.set("umind_milter_replica_entries", {{"kind", "live"}}, static_cast<double>(r.counts.live));
  m.set("umind_milter_replica_entries", {{"kind", "alias"}}, static_cast<double>(r.counts.aliases));
  m.set("umind_milter_replica_entries", {{"kind", "list"}}, static_cast<double>(r.counts.lists));
  m.set("umind_milter_replica_loaded", {}, r.loaded ? 1 : 0);
  m.set("umind_milter_replica_live", {}, r.live ? 1 : 0);
  m.set("umind_milter_replica_staleness_seconds", {},
        r.staleness_seconds ? static_cast<double>(*r.staleness_seconds) : -1);
  m.set("umind_milter_replica_heartbeat_age_seconds", {},
        r.heartbeat_age_seconds ? static_cast<double>(*r.heartbeat_age_seconds) : -1);
  m.set("umind_milter_replica_memory_bytes", {}, static_cast<double>(r.memory_bytes));
  const auto& st = p.sync.stats();
  m.set("umind_milter_replica_syncs_total", {{"kind", "connect"}}, static_cast<double>(st.connects.load()));
  m.set("umind_milter_replica_syncs_total", {{"kind", "full"}}, static_cast<double>(st.full_refreshes.load()));
  m.set("umind_milter_replica_syncs_total", {{"kind", "delta"}}, static_cast<double>(st.delta_refreshes.load()));
  m.set("umind_milter_replica_changes_total", {}, static_cast<double>(st.changes.load()));
  m.set("umind_milter_replica_ignored_entries_total", {}, static_cast<double>(st.rejected_entries.load()));
  m.set("umind_milter_connections", {}, static_cast<double>(p.context->connections.load()));
  if (p.socketmap) m.set("umind_milter_socketmap_connections", {}, static_cast<double>(p.socketmap->connections()));
}

}  // namespace

// The replica thread beats at least every second unless a network call
// blocks it; those are bounded by ldap.timeout (connect, bind, each read).
MilterRole::MilterRole(const Config& c, RoleServices& services)
    : parts_(std::make_shared<Parts>(c, services.clock,
                                     [fail = services.fail] { fail("libmilter stopped on its own"); })),
      replica_allowance_(std::max<std::chrono::steady_clock::duration>(std::chrono::seconds(5), 4 * c.ldap.timeout)) {
  describe(services.metrics);
  std::weak_ptr<Parts> weak = parts_;
  services.metrics.on_scrape([weak](Metrics& m) {
    if (auto p = weak.lock()) export_parts(*p, m);
  });
}

MilterRole::~MilterRole() { stop(); }

void MilterRole::start() {
  set_milter_context(parts_->context);
  parts_->sync.start();
  parts_->listener.start(parts_->listen);
  log_info("milter listening on " + parts_->listen.milter_form() + " (answers 451 4.3.0 until the replica is loaded)");
  if (!parts_->socketmap) return;
  parts_->socketmap->start(*parts_->socketmap_listen);
  log_info("milter socketmap listening on " + parts_->socketmap_listen->to_string() +
           " (maps access and route; 451 4.3.0 until the replica is loaded)");
}

void MilterRole::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (parts_->socketmap) parts_->socketmap->stop();
  parts_->listener.stop();
  // MTA connections still open finish their current callback; wait a little.
  for (int i = 0; i < 20 && parts_->context->connections.load() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  set_milter_context(nullptr);
  parts_->sync.stop();
  log_info("milter stopped");
}

void MilterRole::add_status(nlohmann::json& body) const {
  ReplicaState r = replica_state(*parts_);
  auto or_null = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  body["milter"] = {{"loaded", r.loaded},
                    {"live", r.live},
                    {"staleness_seconds", or_null(r.staleness_seconds)},
                    {"heartbeat_age_seconds", or_null(r.heartbeat_age_seconds)},
                    {"entries", {{"live", r.counts.live}, {"alias", r.counts.aliases}, {"list", r.counts.lists}}}};
}

std::string MilterRole::check_alive(std::chrono::steady_clock::duration period) {
  if (parts_->listener.stopped_on_its_own()) return "libmilter's listener has stopped";
  if (parts_->socketmap) {
    auto quiet = parts_->socketmap->silent_for();
    if (quiet > 2 * period + std::chrono::seconds(1))
      return "the socketmap server's thread has not run a probe for " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(quiet).count()) + " ms";
  }
  auto silent = parts_->sync.alive().silent_for();
  if (silent <= std::max(2 * period, replica_allowance_)) return {};
  return "the milter's replica thread has not beaten for " +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(silent).count()) + " ms";
}

void MilterRole::reconfigure(const Config& c) {
  parts_->context->rules.store(std::make_shared<const RoutingRules>(routing_rules(c)));
}

}  // namespace umind::milter
