// run_loop.hpp — runs an io_context on the calling thread until it has no
// more work; an exception escaping a handler is logged and the loop goes on
// (one bad request must not end a thread the daemon depends on).
#pragma once
#include <boost/asio/io_context.hpp>

namespace umind {

void run_loop(boost::asio::io_context& io, const char* name);

}  // namespace umind
