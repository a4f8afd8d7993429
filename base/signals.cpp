// signals.cpp — umind's signal handling (see the header).
#include "base/signals.hpp"

#include <csignal>

#include "base/log.hpp"

namespace umind {

DaemonSignals::DaemonSignals(boost::asio::io_context& io, std::function<void()> reload, std::function<void()> stop)
    : signals_(io, SIGTERM, SIGINT, SIGUSR1), reload_(std::move(reload)), stop_(std::move(stop)) {
  signals_.add(SIGHUP);
  arm();
}

void DaemonSignals::arm() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    if (signo == SIGHUP) {
      log_warning("SIGHUP ignored: reload with SIGUSR1 or `uminctl reload`, stop with SIGTERM");
      arm();
    } else if (signo == SIGUSR1) {
      reload_();
      arm();
    } else {
      log_info(std::string("signal ") + (signo == SIGTERM ? "TERM" : "INT") + ": stopping");
      stop_();
    }
  });
}

}  // namespace umind
