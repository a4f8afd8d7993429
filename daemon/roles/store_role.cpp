// store_role.cpp — the writer thread, the store gauges and the watchdog probe.
#include "daemon/roles/store_role.hpp"

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/post.hpp>
#include <unistd.h>

#include "base/log.hpp"
#include "base/run_loop.hpp"

namespace umind {

store::StorePolicy store_policy(const Config& c) {
  return {c.id_policy.patterns, c.id_policy.rename_lock, c.id_policy.forward_period, c.passwords.apply};
}

StoreRole::StoreRole(const Config& c, RoleServices& services, std::string stall_file)
    : path_(c.store.path), policy_(store_policy(c)), services_(services), stall_file_(std::move(stall_file)) {}

StoreRole::~StoreRole() { stop(); }

void StoreRole::start() {
  store_ = std::make_unique<store::AccountStore>(path_, policy_);
  log_info("store " + path_ + " open");
  describe_metrics();
  scheduler_.emplace(io_.get_executor(), *store_, services_.clock, services_.metrics);
  scheduler_->start();
  work_.emplace(io_.get_executor());
  writer_beat_.beat();
  writer_ = std::thread([this] { run_loop(io_, "store writer"); });
}

void StoreRole::stop() {
  if (!writer_.joinable()) return;
  boost::asio::post(io_, [this] { scheduler_->stop(); });
  work_.reset();
  writer_.join();
}

void StoreRole::reconfigure(const Config& fresh) {
  boost::asio::post(io_, [this, policy = store_policy(fresh)]() mutable { store_->set_policy(std::move(policy)); });
}

// The answer is judged on the probe posted one tick ago: a writer that has
// not run it within two periods is stuck (or busy without beating).
std::string StoreRole::check_alive(std::chrono::steady_clock::duration period) {
  auto silent = writer_beat_.silent_for();
  boost::asio::post(io_, [this] { probe(); });
  if (silent <= 2 * period) return {};
  return "the store writer thread has not run for " +
         std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(silent).count()) + " ms";
}

void StoreRole::probe() {
  while (!stall_file_.empty() && ::access(stall_file_.c_str(), F_OK) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  writer_beat_.beat();
}

// Store gauges are read on the writer thread at scrape time.
void StoreRole::describe_metrics() {
  Metrics& m = services_.metrics;
  m.describe("umind_accounts", "gauge", "accounts by status");
  m.describe("umind_aliases", "gauge", "old addresses (renames and merges)");
  m.describe("umind_lists", "gauge", "mailing lists");
  m.describe("umind_pending_passwords", "gauge", "password changes waiting for their time");
  m.describe("umind_journal_head", "gauge", "sequence number of the newest journal row");
  m.on_scrape([this](Metrics& out) {
    // Shared: a scrape that gives up after 5 s must not leave the writer
    // with a dangling promise.
    auto promise = std::make_shared<std::promise<store::StoreStatus>>();
    auto future = promise->get_future();
    boost::asio::post(io_, [this, promise] {
      try {
        promise->set_value(store_->status());
      } catch (...) {
        promise->set_exception(std::current_exception());
      }
    });
    if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) return;
    auto st = future.get();
    out.set("umind_accounts", {{"status", "active"}}, static_cast<double>(st.active));
    out.set("umind_accounts", {{"status", "merged"}}, static_cast<double>(st.merged));
    out.set("umind_accounts", {{"status", "deleted"}}, static_cast<double>(st.deleted));
    out.set("umind_aliases", {}, static_cast<double>(st.aliases));
    out.set("umind_lists", {}, static_cast<double>(st.lists));
    out.set("umind_pending_passwords", {}, static_cast<double>(st.pending_passwords));
    out.set("umind_journal_head", {}, static_cast<double>(st.journal_head));
  });
}

}  // namespace umind
