// password_scheduler.hpp — applies pending password changes when their time
// comes (DESIGN §4, §10): a timer on the store's writer executor, armed for
// the earliest effective_at but never longer than one second, so a wall
// clock jump (or a test's fake clock) is noticed within a second.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/clock.hpp"
#include "base/metrics.hpp"
#include "daemon/store/account_store.hpp"

namespace umind {

class PasswordScheduler {
 public:
  PasswordScheduler(boost::asio::any_io_executor store_executor, store::AccountStore& store, const Clock& clock,
                    Metrics& metrics);
  void start();
  void stop();  // call on the store executor

 private:
  void tick();
  boost::asio::steady_timer timer_;
  store::AccountStore& store_;
  const Clock& clock_;
  Metrics& metrics_;
  bool stopped_ = false;
};

}  // namespace umind
