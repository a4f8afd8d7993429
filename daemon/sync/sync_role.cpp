// sync_role.cpp — the sync thread: connect, catch up, wait, back off.
#include "daemon/sync/sync_role.hpp"

#include <future>

#include <ldap.h>

#include "base/log.hpp"
#include "core/time.hpp"

namespace umind::sync {
namespace {

constexpr auto poll_interval = std::chrono::milliseconds(200);
constexpr std::size_t kept_failures = 20;

}  // namespace

SyncRoleConfig sync_role_config(const Config& c) {
  SyncSettings settings;
  settings.tree = {c.ldap.base_dn, c.domain};
  settings.batch_size = c.sync.batch_size;
  return {c.store.path,          c.ldap, settings, c.sync.reconcile_interval.approximate(), c.sync.max_delete_fraction,
          c.sync.heartbeat_interval};
}

nlohmann::json status_json(const SyncStatus& s) {
  nlohmann::json failures = nlohmann::json::array();
  for (const auto& f : s.recent_failures)
    failures.push_back({{"dn", f.dn}, {"operation", f.operation}, {"code", f.code}, {"message", f.message}});
  nlohmann::json out = {{"connected", s.connected},
              {"applied_seq", s.applied_seq},
              {"journal_head", s.journal_head},
              {"lag", std::max<std::int64_t>(0, s.journal_head - s.applied_seq)},
              {"batches", s.batches},
              {"ops", s.ops},
              {"failed_ops", s.failed_ops},
              {"last_error", s.last_error},
              {"recent_failures", failures}};
  if (s.last_batch_at)
    out["last_batch_at"] = format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(*s.last_batch_at));
  if (s.heartbeat_at) out["heartbeat_at"] = format_iso8601(*s.heartbeat_at);
  return out;
}

SyncRole::SyncRole(SyncRoleConfig cfg, RoleServices& services)
    : cfg_(std::move(cfg)), metrics_(services.metrics) {
  metrics_.describe("umind_sync_applied_seq", "gauge", "journal sequence number applied to LDAP");
  metrics_.describe("umind_sync_lag_rows", "gauge", "journal rows not yet in LDAP");
  metrics_.describe("umind_sync_connected", "gauge", "1 while the sync role has a directory connection");
  metrics_.describe("umind_sync_ops_total", "counter", "LDAP writes done by sync, by operation");
  metrics_.describe("umind_sync_errors_total", "counter", "LDAP writes refused by the directory");
  metrics_.describe("umind_sync_failures_total", "counter", "lost connections and failed batches");
  metrics_.describe("umind_sync_batch_seconds", "gauge", "duration of the last batch");
  metrics_.describe("umind_sync_heartbeat_timestamp_seconds", "gauge",
                    "when the sync role last wrote uminHeartbeat (Unix time)");
}

SyncRole::~SyncRole() { stop(); }

void SyncRole::start() {
  next_reconcile_ = std::chrono::steady_clock::now() + cfg_.reconcile_interval;
  thread_ = std::thread([this] { run(); });
}

void SyncRole::request_stop() noexcept {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
}

void SyncRole::stop() {
  request_stop();
  if (thread_.joinable()) thread_.join();
  std::deque<std::function<void(bool)>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(jobs_);
  }
  for (auto& job : left) job(true);
}

void SyncRole::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

void SyncRole::add_status(nlohmann::json& body) const { body["sync"] = status_json(status()); }

SyncStatus SyncRole::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::pair<bool, SyncStatus> SyncRole::sync_now(std::chrono::milliseconds timeout) {
  std::int64_t target = 0;
  try {
    target = store::StoreReader(cfg_.store_path).journal_head();
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    status_.last_error = e.what();
    return {false, status_};
  }
  wake();
  std::unique_lock lock(mutex_);
  bool done = cv_.wait_for(lock, timeout, [&] { return status_.applied_seq >= target || stopping_; });
  return {done && status_.applied_seq >= target, status_};
}

void SyncRole::run_exclusive(const std::function<void(ldap::Connection&, store::StoreReader&)>& job) {
  auto done = std::make_shared<std::promise<void>>();
  auto result = done->get_future();
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("umind is stopping");
    jobs_.push_back([this, job, done](bool stopping) {
      if (stopping) {
        done->set_exception(std::make_exception_ptr(std::runtime_error("umind is stopping")));
        return;
      }
      try {
        if (!conn_ && !connect()) throw std::runtime_error("directory unavailable: " + status().last_error);
        try {
          job(*conn_, *reader_);
        } catch (const ldap::Error& e) {  // a connection that died since the last batch: one fresh try
          if (!e.unavailable()) throw;
          fail(e.what());
          if (!connect()) throw;
          job(*conn_, *reader_);
        }
        done->set_value();
      } catch (...) {
        done->set_exception(std::current_exception());
      }
    });
  }
  cv_.notify_all();
  result.get();
}

ReconcileOptions SyncRole::reconcile_options() const {
  ReconcileOptions o;
  o.max_delete_fraction = cfg_.max_delete_fraction;
  o.window = cfg_.settings.window;
  // Only for one URI: with a list, a second connection may reach another
  // server than the first, and the two halves would not be one directory.
  if (ldap_uri_list(cfg_.ldap.uri).size() == 1)
    o.open_connection = [ldap_cfg = cfg_.ldap] {
      return ldap::Connection::open(ldap_cfg, ldap::read_bind_password(ldap_cfg));
    };
  return o;
}

ReconcileReport SyncRole::reconcile(bool dry_run, bool force) {
  ReconcileReport report;
  ReconcileOptions o = reconcile_options();
  o.dry_run = dry_run;
  o.force = force;
  run_exclusive([&](ldap::Connection& conn, store::StoreReader& reader) {
    report = sync::reconcile(conn, reader, cfg_.settings.tree, o);
  });
  return report;
}

void SyncRole::reconcile_if_due() {
  if (cfg_.reconcile_interval.count() == 0 || std::chrono::steady_clock::now() < next_reconcile_) return;
  next_reconcile_ = std::chrono::steady_clock::now() + cfg_.reconcile_interval;
  auto r = sync::reconcile(*conn_, *reader_, cfg_.settings.tree, reconcile_options());
  std::string counts = std::to_string(r.entries_in_directory) + " entries compared; " + std::to_string(r.adds) +
                       " added, " + std::to_string(r.modifies) + " modified, " + std::to_string(r.renames) +
                       " renamed, " + std::to_string(r.removes) + " deleted";
  if (r.refused)
    log_error("reconcile: refused, " + std::to_string(r.removes) +
              " deletes exceed sync.max_delete_fraction; nothing written (run uminctl sync reconcile --dry-run)");
  else if (r.changes() > 0)
    log_warning("reconcile: the directory had drifted: " + counts);
  else
    log_info("reconcile: " + counts);
}

// A directory whose schema predates uminHeartbeat refuses it: that must not
// stop the sync of accounts, so heartbeats stop instead (until a restart
// after the schema is updated), with one error saying so.
void SyncRole::heartbeat_if_due() {
  if (cfg_.heartbeat_interval.count() == 0 || heartbeat_refused_) return;
  auto now = std::chrono::steady_clock::now();
  if (now < next_heartbeat_) return;
  TimePoint at = wall_clock_now();  // physical time: milters compare it with theirs
  try {
    SyncEngine(*reader_, *conn_, cfg_.settings).write_heartbeat(at, status().applied_seq);
  } catch (const ldap::Error& e) {
    if (e.code() != LDAP_UNDEFINED_TYPE && e.code() != LDAP_OBJECT_CLASS_VIOLATION) throw;
    heartbeat_refused_ = true;
    log_error(std::string("sync: the directory refuses uminHeartbeat (") + e.what() +
              "); load ldap-schema/umin.schema of this umind version and restart umind. Until then no heartbeats: "
              "milters judge staleness by their own link only");
    return;
  }
  next_heartbeat_ = now + cfg_.heartbeat_interval;
  {
    std::lock_guard lock(mutex_);
    status_.heartbeat_at = at;
  }
  metrics_.set("umind_sync_heartbeat_timestamp_seconds", {}, static_cast<double>(at.time_since_epoch().count()));
}

void SyncRole::wait_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, d, [&] { return stopping_ || woken_ || !jobs_.empty(); });
  woken_ = false;
}

bool SyncRole::connect() {
  try {
    if (!reader_) reader_ = std::make_unique<store::StoreReader>(cfg_.store_path);
    conn_ = std::make_unique<ldap::Connection>(ldap::Connection::open(cfg_.ldap, ldap::read_bind_password(cfg_.ldap)));
    SyncEngine engine(*reader_, *conn_, cfg_.settings);
    std::int64_t applied = engine.read_watermark();
    {
      std::lock_guard lock(mutex_);
      status_.connected = true;
      status_.applied_seq = applied;
      status_.last_error.clear();
    }
    metrics_.set("umind_sync_connected", {}, 1);
    backoff_.reset();
    next_heartbeat_ = {};  // at once: a reconnect is news
    log_info("sync: connected to " + cfg_.ldap.uri + ", resuming after journal row " + std::to_string(applied));
    return true;
  } catch (const std::exception& e) {
    fail(e.what());
    return false;
  }
}

void SyncRole::fail(const std::string& why) {
  conn_.reset();
  bool first;
  {
    std::lock_guard lock(mutex_);
    first = status_.connected || status_.last_error != why;
    status_.connected = false;
    status_.last_error = why;
  }
  metrics_.set("umind_sync_connected", {}, 0);
  metrics_.add("umind_sync_failures_total", {});
  if (first) log_error("sync: " + why + "; retrying (the watermark in LDAP says where to resume)");
  cv_.notify_all();
}

void SyncRole::run() {
  for (;;) {
    std::deque<std::function<void(bool)>> jobs;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      jobs.swap(jobs_);
    }
    for (auto& job : jobs) job(false);
    if (!conn_ && !connect()) {
      wait_for(backoff_.next());
      continue;
    }
    try {
      heartbeat_if_due();
      SyncEngine engine(*reader_, *conn_, cfg_.settings);
      auto started = std::chrono::steady_clock::now();
      std::int64_t after = status().applied_seq;
      BatchResult b = engine.apply_batch(after);
      std::int64_t head = b.rows == 0 ? after : reader_->journal_head();
      {
        std::lock_guard lock(mutex_);
        status_.journal_head = std::max(head, b.last_seq);
        if (b.rows > 0) {
          status_.applied_seq = b.last_seq;
          status_.batches += 1;
          status_.ops += static_cast<std::int64_t>(b.outcome.ops_done);
          status_.failed_ops += static_cast<std::int64_t>(b.outcome.failures.size());
          status_.last_batch_at = std::chrono::system_clock::now();
          for (const auto& f : b.outcome.failures) {
            status_.recent_failures.push_back(f);
            if (status_.recent_failures.size() > kept_failures) status_.recent_failures.pop_front();
          }
        }
        status_.last_error.clear();
      }
      cv_.notify_all();
      metrics_.set("umind_sync_applied_seq", {}, static_cast<double>(status().applied_seq));
      metrics_.set("umind_sync_lag_rows", {}, static_cast<double>(std::max<std::int64_t>(0, head - status().applied_seq)));
      if (b.rows == 0) {
        reconcile_if_due();
        wait_for(poll_interval);
        continue;
      }
      std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      metrics_.set("umind_sync_batch_seconds", {}, took.count());
      metrics_.add("umind_sync_ops_total", {{"op", "add"}}, static_cast<double>(b.outcome.adds));
      metrics_.add("umind_sync_ops_total", {{"op", "modify"}}, static_cast<double>(b.outcome.modifies));
      metrics_.add("umind_sync_ops_total", {{"op", "rename"}}, static_cast<double>(b.outcome.renames));
      metrics_.add("umind_sync_ops_total", {{"op", "delete"}}, static_cast<double>(b.outcome.removes));
      metrics_.add("umind_sync_errors_total", {}, static_cast<double>(b.outcome.failures.size()));
      for (const auto& f : b.outcome.failures)
        log_error("sync: " + f.operation + " " + f.dn + " refused: " + f.message + " (reconcile will retry)");
      if (b.outcome.ops_done > 0)
        log_info("sync: journal rows " + std::to_string(b.first_seq) + ".." + std::to_string(b.last_seq) + ": " +
                 std::to_string(b.outcome.ops_done) + " LDAP writes in " + std::to_string(took.count()) + " s");
    } catch (const std::exception& e) {
      fail(e.what());
      wait_for(backoff_.next());
    }
  }
  conn_.reset();
}

}  // namespace umind::sync
