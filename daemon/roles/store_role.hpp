// store_role.hpp — the `store` role: the SQLite account store and its single
// writer thread (every account write, every password batch and every change
// of the store policy runs there), the password schedule and the store's
// gauges. The watchdog probe travels through the writer thread, so a writer
// that is stuck stops umind's WATCHDOG=1 pings.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "base/heartbeat.hpp"
#include "base/role.hpp"
#include "daemon/roles/password_scheduler.hpp"
#include "daemon/store/account_store.hpp"

namespace umind {

class StoreRole final : public RoleComponent {
 public:
  // `stall_file` (tests only, --test-stall-file): while that file exists,
  // each watchdog probe holds the writer thread up.
  StoreRole(const Config& c, RoleServices& services, std::string stall_file);
  ~StoreRole() override;

  std::string_view name() const noexcept override { return "store"; }
  void start() override;  // opens the store, starts the writer and the schedule
  void stop() override;   // lets queued writes finish, then joins the writer
  void reconfigure(const Config& fresh) override;
  std::string check_alive(std::chrono::steady_clock::duration period) override;

  // Valid after start().
  store::AccountStore& store() { return *store_; }
  boost::asio::any_io_executor executor() { return io_.get_executor(); }
  // Beaten by long writer tasks (an import) to show progress.
  Heartbeat& writer_heartbeat() noexcept { return writer_beat_; }

 private:
  void describe_metrics();
  void probe();

  std::string path_;
  store::StorePolicy policy_;
  RoleServices& services_;
  std::string stall_file_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::unique_ptr<store::AccountStore> store_;
  std::optional<PasswordScheduler> scheduler_;
  Heartbeat writer_beat_;
  std::thread writer_;
};

// The store rules of a config (ID policy, rename lock, forwarding, schedule).
store::StorePolicy store_policy(const Config& c);

}  // namespace umind
