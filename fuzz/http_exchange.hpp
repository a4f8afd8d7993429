// http_exchange.hpp — the connection of the HTTP fuzz targets: the input is
// the byte stream a client sends on one unix-socket connection (pipelining
// allowed); it goes through the real HttpSession over a socketpair on the
// caller's io_context, and what comes back is split into responses with
// Beast's parser. Checks: the connection always ends, the stream is HTTP/1.x
// responses only, never a 500.
#pragma once
#include <sys/socket.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/http/http_session.hpp"
#include "daemon/http/server_state.hpp"
#include "fuzz/fuzz_common.hpp"

namespace umind::fuzz {

struct WireResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

// Sends `data` on a new connection, half-closes, runs `io` until the server
// closes; returns everything the server sent.
inline std::string exchange(boost::asio::io_context& io, const std::shared_ptr<http_detail::ServerState>& state,
                            const std::uint8_t* data, std::size_t size) {
  namespace net = boost::asio;
  using unix_socket = net::local::stream_protocol::socket;
  int fds[2];
  FUZZ_CHECK(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0, "socketpair");
  unix_socket server(io, net::local::stream_protocol(), fds[0]);
  unix_socket client(io, net::local::stream_protocol(), fds[1]);
  http_detail::start_session(state, std::move(server), nullptr, false);

  std::string response;
  bool read_done = false;
  net::async_write(client, net::buffer(data, size), [&](boost::system::error_code, std::size_t) {
    boost::system::error_code ignored;
    client.shutdown(unix_socket::shutdown_send, ignored);
  });
  net::async_read(client, net::dynamic_buffer(response), [&](boost::system::error_code, std::size_t) {
    read_done = true;
  });
  io.run();
  io.restart();
  FUZZ_CHECK(read_done, "the connection ends");
  return response;
}

// The responses of a stream (interim 100s included); aborts on anything
// that is not a well-formed HTTP/1.x response, and on a 500.
inline std::vector<WireResponse> split_responses(std::string_view stream) {
  namespace http = boost::beast::http;
  std::vector<WireResponse> out;
  while (!stream.empty()) {
    FUZZ_CHECK(stream.rfind("HTTP/1.", 0) == 0, "each response starts with its status line");
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(stream.size());
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done()) {
      std::size_t n = parser.put(boost::asio::buffer(stream.data() + used, stream.size() - used), ec);
      used += n;
      if (ec == http::error::need_more && n == 0) {  // the server closed: a body up to the end
        ec = {};
        parser.put_eof(ec);
        break;
      }
      if (ec == http::error::need_more) ec = {};
      FUZZ_CHECK(!ec, "a well-formed HTTP response");
    }
    FUZZ_CHECK(!ec, "a complete HTTP response");
    const auto& msg = parser.get();
    FUZZ_CHECK(msg.result_int() != 500, "no 500 for any input");
    out.push_back({msg.result_int(), std::string(msg[http::field::content_type]), msg.body()});
    stream.remove_prefix(used);
  }
  return out;
}

}  // namespace umind::fuzz
