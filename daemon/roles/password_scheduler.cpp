// password_scheduler.cpp — the timer loop that lands pending passwords.
#include "daemon/roles/password_scheduler.hpp"

#include <boost/asio/post.hpp>

#include "base/log.hpp"

namespace umind {

PasswordScheduler::PasswordScheduler(boost::asio::any_io_executor store_executor, store::AccountStore& store,
                                     const Clock& clock, Metrics& metrics)
    : timer_(std::move(store_executor)), store_(store), clock_(clock), metrics_(metrics) {
  metrics_.describe("umind_passwords_applied_total", "counter", "pending password changes applied on schedule");
}

void PasswordScheduler::start() {
  boost::asio::post(timer_.get_executor(), [this] { tick(); });
}

void PasswordScheduler::stop() {
  stopped_ = true;
  timer_.cancel();
}

void PasswordScheduler::tick() {
  if (stopped_) return;
  std::chrono::milliseconds wait{1000};
  try {
    TimePoint now = clock_.now();
    if (int applied = store_.apply_due_passwords({"umind:password-schedule", now})) {
      log_info("password schedule: applied " + std::to_string(applied) + " pending change(s)");
      metrics_.add("umind_passwords_applied_total", {}, applied);
    }
    if (auto next = store_.next_password_due()) {
      // Aim at the next whole second of wall time after the due instant.
      auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*next - now);
      wait = std::clamp(until, std::chrono::milliseconds{1}, wait);
    }
  } catch (const std::exception& e) {
    log_error(std::string("password schedule: ") + e.what() + "; retrying");
  }
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tick();
  });
}

}  // namespace umind
