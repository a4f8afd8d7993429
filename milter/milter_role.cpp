// milter_role.cpp — wiring replica, callbacks, listener and metrics.
#include "milter/milter_role.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

#include "daemon/log.hpp"
#include "milter/milter_callbacks.hpp"
#include "milter/milter_listener.hpp"
#include "milter/replica/sync_client.hpp"

namespace umind::milter {

struct MilterRole::Parts {
  Parts(const Config& c, const Clock& clock, std::function<void()> on_exit)
      : listen(c.milter.listen),
        context(std::make_shared<MilterContext>(view, clock, std::make_shared<const RoutingRules>(routing_rules(c)))),
        sync(c.ldap, view, clock),
        listener(std::move(on_exit)) {}
  ListenAddress listen;
  replica::ReplicaView view;
  std::shared_ptr<MilterContext> context;
  replica::SyncClient sync;
  MilterListener listener;
};

namespace {

void describe(Metrics& m) {
  DecisionMetrics::describe(m);
  m.describe("umind_milter_replica_entries", "gauge", "routes in the milter's replica by kind");
  m.describe("umind_milter_replica_loaded", "gauge", "1 once the replica's first load is complete");
  m.describe("umind_milter_replica_live", "gauge", "1 while the replica follows slapd (persist phase)");
  m.describe("umind_milter_replica_staleness_seconds", "gauge",
             "seconds since the replica was last known current (0 while live; -1 before the first load)");
  m.describe("umind_milter_replica_memory_bytes", "gauge", "memory held by the replica's tables");
  m.describe("umind_milter_replica_syncs_total", "counter", "sync searches by kind (connect, full, delta)");
  m.describe("umind_milter_replica_changes_total", "counter", "entries received from slapd");
  m.describe("umind_milter_replica_ignored_entries_total", "counter", "entries that are not routes");
  m.describe("umind_milter_connections", "gauge", "MTA connections with state");
}

// What the metrics and `uminctl status` say of the replica, read once.
struct ReplicaState {
  bool loaded = false, live = false;
  replica::EntryCounts counts;
  std::optional<std::int64_t> staleness_seconds;  // none before the first load
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
  TimePoint now = p.context->clock.now();
  if (auto fresh = p.view.freshness(now); fresh.fresh_at) s.staleness_seconds = (now - *fresh.fresh_at).count();
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
  m.set("umind_milter_replica_memory_bytes", {}, static_cast<double>(r.memory_bytes));
  const auto& st = p.sync.stats();
  m.set("umind_milter_replica_syncs_total", {{"kind", "connect"}}, static_cast<double>(st.connects.load()));
  m.set("umind_milter_replica_syncs_total", {{"kind", "full"}}, static_cast<double>(st.full_refreshes.load()));
  m.set("umind_milter_replica_syncs_total", {{"kind", "delta"}}, static_cast<double>(st.delta_refreshes.load()));
  m.set("umind_milter_replica_changes_total", {}, static_cast<double>(st.changes.load()));
  m.set("umind_milter_replica_ignored_entries_total", {}, static_cast<double>(st.rejected_entries.load()));
  m.set("umind_milter_connections", {}, static_cast<double>(p.context->connections.load()));
}

}  // namespace

MilterRole::MilterRole(const Config& c, const Clock& clock, Metrics& metrics, std::function<void()> on_unplanned_exit)
    : parts_(std::make_shared<Parts>(c, clock, std::move(on_unplanned_exit))) {
  describe(metrics);
  std::weak_ptr<Parts> weak = parts_;
  metrics.on_scrape([weak](Metrics& m) {
    if (auto p = weak.lock()) export_parts(*p, m);
  });
}

MilterRole::~MilterRole() { stop(); }

void MilterRole::start() {
  set_milter_context(parts_->context);
  parts_->sync.start();
  parts_->listener.start(parts_->listen);
  log_info("milter listening on " + parts_->listen.milter_form() + " (answers 451 4.3.0 until the replica is loaded)");
}

void MilterRole::stop() {
  if (stopped_) return;
  stopped_ = true;
  parts_->listener.stop();
  // MTA connections still open finish their current callback; wait a little.
  for (int i = 0; i < 20 && parts_->context->connections.load() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  set_milter_context(nullptr);
  parts_->sync.stop();
  log_info("milter stopped");
}

nlohmann::json MilterRole::status() const {
  ReplicaState r = replica_state(*parts_);
  nlohmann::json staleness = nullptr;
  if (r.staleness_seconds) staleness = *r.staleness_seconds;
  return {{"loaded", r.loaded},
          {"live", r.live},
          {"staleness_seconds", staleness},
          {"entries", {{"live", r.counts.live}, {"alias", r.counts.aliases}, {"list", r.counts.lists}}}};
}

bool MilterRole::stopped_on_its_own() const noexcept { return parts_->listener.stopped_on_its_own(); }

void MilterRole::reconfigure(const Config& c) {
  parts_->context->rules.store(std::make_shared<const RoutingRules>(routing_rules(c)));
}

}  // namespace umind::milter
