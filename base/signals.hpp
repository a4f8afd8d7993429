// signals.hpp — umind's signals, the same for every role set: SIGUSR1
// reloads, SIGTERM and SIGINT stop (once), SIGHUP is logged and ignored
// (it must neither kill umind nor reach libmilter's signal thread, which
// would take it as "stop").
#pragma once
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace umind {

class DaemonSignals {
 public:
  // `reload` and `stop` run on `io`. The daemon shell, not this class, tells
  // systemd about them.
  DaemonSignals(boost::asio::io_context& io, std::function<void()> reload, std::function<void()> stop);
  void cancel() { signals_.cancel(); }

 private:
  void arm();
  boost::asio::signal_set signals_;
  std::function<void()> reload_, stop_;
};

}  // namespace umind
