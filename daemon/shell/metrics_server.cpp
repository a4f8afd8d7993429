// metrics_server.cpp — a minimal HTTP/1.1 endpoint for Prometheus scrapes:
// one coroutine per connection, one request per connection (so stopping never
// waits for idle keep-alive clients), a 10 s limit, 8 KiB of headers.
#include "daemon/shell/metrics_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace umind {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

asio::awaitable<void> serve_one(beast::tcp_stream stream, Metrics& metrics) {
  beast::flat_buffer buffer;
  {
    stream.expires_after(std::chrono::seconds(10));
    http::request_parser<http::empty_body> parser;
    parser.header_limit(8192);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    const auto& req = parser.get();
    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(false);
    if (req.method() != http::verb::get || req.target() != "/metrics") {
      res.result(http::status::not_found);
      res.set(http::field::content_type, "text/plain");
      res.body() = "only GET /metrics is served here\n";
    } else {
      res.result(http::status::ok);
      res.set(http::field::content_type, "text/plain; version=0.0.4");
      res.body() = metrics.render();
    }
    res.prepare_payload();
    co_await http::async_write(stream, res, asio::use_awaitable);
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

struct MetricsServer::Acceptor {
  explicit Acceptor(asio::io_context& io) : socket(io) {}
  tcp::acceptor socket;
};

namespace {
asio::awaitable<void> accept_loop(std::shared_ptr<MetricsServer::Acceptor> acceptor, Metrics& metrics) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor->socket.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->socket.is_open()) co_return;
    if (ec) continue;
    asio::co_spawn(acceptor->socket.get_executor(), serve_one(beast::tcp_stream(std::move(socket)), metrics),
                   asio::detached);
  }
}
}  // namespace

MetricsServer::MetricsServer(asio::io_context& io, const ListenAddress& where, Metrics& metrics)
    : acceptor_(std::make_shared<Acceptor>(io)), bound_(where) {
  tcp::resolver resolver(io);
  tcp::endpoint endpoint = *resolver.resolve(where.host, std::to_string(where.port)).begin();
  auto& a = acceptor_->socket;
  a.open(endpoint.protocol());
  a.set_option(tcp::acceptor::reuse_address(true));
  a.bind(endpoint);
  a.listen();
  bound_.port = a.local_endpoint().port();
  asio::co_spawn(io, accept_loop(acceptor_, metrics), asio::detached);
}

void MetricsServer::stop() {
  asio::post(acceptor_->socket.get_executor(), [a = acceptor_] {
    boost::system::error_code ignored;
    a->socket.close(ignored);
  });
}

}  // namespace umind
