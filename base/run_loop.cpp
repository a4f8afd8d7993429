// run_loop.cpp — io_context::run with logged, survived exceptions.
#include "base/run_loop.hpp"

#include <exception>
#include <string>

#include "base/log.hpp"

namespace umind {

void run_loop(boost::asio::io_context& io, const char* name) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      log_error(std::string(name) + " loop: " + e.what());
    }
  }
}

}  // namespace umind
