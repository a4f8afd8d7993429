// api_client.cpp — ApiClient: each call runs one coroutine on a private
// io_context (Beast basic_stream gives per-operation timeouts), so the
// public API is synchronous. Never retries, never logs the token.
#include "daemon/http/api_client.hpp"

#include <array>
#include <vector>

#include <pwd.h>
#include <unistd.h>

#include "daemon/http/asio.hpp"
#include "daemon/http/json_text.hpp"

namespace umind {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using error_code = boost::system::error_code;

namespace {

// Bodies at least this large are announced with Expect: 100-continue.
constexpr std::uint64_t expect_threshold = 64 * 1024;
constexpr std::size_t chunk_size = 64 * 1024;
constexpr std::uint64_t max_response_bytes = std::uint64_t{1} << 30;

std::string default_actor() {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name)
    return std::string("uminctl:") + found->pw_name;
  return "uminctl:uid" + std::to_string(::geteuid());
}

ApiClient::Result to_result(http::response<http::string_body>&& res) {
  ApiClient::Result r;
  r.status = res.result_int();
  if (!res.body().empty()) {
    std::string error;
    auto parsed = parse_json(res.body(), error, 512);
    r.body = parsed ? std::move(*parsed) : nlohmann::json(std::move(res.body()));
  }
  return r;
}

}  // namespace

// One request as the coroutine sends it.
struct ApiClient::Outgoing {
  std::string method;
  std::string target;
  std::string content_type;  // "" when no body
  std::uint64_t size = 0;
  // Fills up to `max` bytes; returns how many (0: the data ended).
  std::function<std::size_t(char*, std::size_t)> read;
  std::function<void(std::uint64_t)> progress;
  bool expect_continue = false;
};

namespace {

class Exchange {
 public:
  Exchange(const ListenAddress& where, const std::optional<std::string>& token, std::chrono::seconds timeout,
           const std::string& actor)
      : where_(where), token_(token), timeout_(timeout), actor_(actor) {}

  template <class Stream>
  net::awaitable<ApiClient::Result> run(Stream& stream, const ApiClient::Outgoing& out) {
    auto verb = http::string_to_verb(out.method);
    if (verb == http::verb::unknown) throw std::invalid_argument("unknown HTTP method " + out.method);
    http::request<http::empty_body> req{verb, out.target, 11};
    req.set(http::field::host, where_.kind == ListenAddress::Kind::unix_socket ? "localhost" : where_.to_string());
    req.set(http::field::user_agent, "uminctl");
    req.set(http::field::accept, "application/json");
    if (!actor_.empty()) req.set("X-Umind-Actor", actor_);
    if (token_) req.set(http::field::authorization, "Bearer " + *token_);
    if (!out.content_type.empty()) req.set(http::field::content_type, out.content_type);
    if (out.size > 0 || verb == http::verb::post || verb == http::verb::put || verb == http::verb::patch)
      req.content_length(out.size);
    if (out.expect_continue && out.size > 0) req.set(http::field::expect, "100-continue");
    req.keep_alive(false);

    error_code ec;
    http::request_serializer<http::empty_body> sr{req};
    stream.expires_after(timeout_);
    co_await http::async_write_header(stream, sr, net::redirect_error(net::use_awaitable, ec));
    if (ec) fail("sending the request to", ec);

    if (out.expect_continue && out.size > 0) {
      // Either 100 Continue, or the final answer (a refusal) before the body.
      http::response_parser<http::string_body> first;
      first.body_limit(max_response_bytes);
      stream.expires_after(timeout_);
      co_await http::async_read_header(stream, buffer_, first, net::redirect_error(net::use_awaitable, ec));
      if (ec) fail("reading the answer of", ec);
      if (first.get().result() != http::status::continue_) {
        co_return co_await finish(stream, first);
      }
    }

    error_code write_error;
    if (out.size > 0) {
      std::vector<char> chunk(chunk_size);
      std::uint64_t sent = 0;
      while (sent < out.size) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), out.size - sent));
        std::size_t n = out.read(chunk.data(), want);
        if (n == 0)
          throw std::runtime_error("upload data ended after " + std::to_string(sent) + " of " +
                                   std::to_string(out.size) + " bytes");
        stream.expires_after(timeout_);
        co_await net::async_write(stream, net::buffer(chunk.data(), n),
                                  net::redirect_error(net::use_awaitable, write_error));
        if (write_error) break;  // the server may have answered and closed: read that answer
        sent += n;
        if (out.progress) out.progress(sent);
      }
    }

    for (;;) {
      http::response_parser<http::string_body> parser;
      parser.body_limit(max_response_bytes);
      stream.expires_after(timeout_);
      co_await http::async_read_header(stream, buffer_, parser, net::redirect_error(net::use_awaitable, ec));
      if (ec) fail(write_error ? "sending the request to" : "reading the answer of", write_error ? write_error : ec);
      if (parser.get().result_int() / 100 == 1) continue;  // a late 100 Continue
      co_return co_await finish(stream, parser);
    }
  }

  [[noreturn]] void fail(const std::string& doing, const error_code& ec) const {
    if (ec == beast::error::timeout)
      throw ApiUnavailable("umind at " + where_.to_string() + " did not answer within " +
                           std::to_string(timeout_.count()) + "s");
    throw ApiUnavailable(doing + " umind at " + where_.to_string() + " failed: " + ec.message());
  }

 private:
  template <class Stream>
  net::awaitable<ApiClient::Result> finish(Stream& stream, http::response_parser<http::string_body>& parser) {
    error_code ec;
    while (!parser.is_done()) {
      stream.expires_after(timeout_);
      co_await http::async_read_some(stream, buffer_, parser, net::redirect_error(net::use_awaitable, ec));
      if (ec) fail("reading the answer of", ec);
    }
    co_return to_result(parser.release());
  }

  const ListenAddress& where_;
  const std::optional<std::string>& token_;
  std::chrono::seconds timeout_;
  const std::string& actor_;
  beast::flat_buffer buffer_;
};

}  // namespace

ApiClient::ApiClient(const ListenAddress& where, std::optional<std::string> bearer_token,
                     std::chrono::seconds timeout)
    : where_(where),
      token_(std::move(bearer_token)),
      timeout_(timeout),
      // On the unix socket umind knows the user itself (SO_PEERCRED).
      actor_(where.kind == ListenAddress::Kind::inet ? default_actor() : std::string()) {}

ApiClient::Result ApiClient::exchange(const Outgoing& out) {
  net::io_context io;
  Exchange ex(where_, token_, timeout_, actor_);
  auto unavailable = [this](const error_code& ec) -> ApiUnavailable {
    if (ec == beast::error::timeout)
      return ApiUnavailable("umind at " + where_.to_string() + " did not accept a connection within " +
                            std::to_string(timeout_.count()) + "s");
    return ApiUnavailable("cannot connect to umind at " + where_.to_string() + ": " + ec.message());
  };

  auto session = [&]() -> net::awaitable<Result> {
    error_code ec;
    if (where_.kind == ListenAddress::Kind::unix_socket) {
      beast::basic_stream<net::local::stream_protocol> stream(io);
      stream.expires_after(timeout_);
      co_await stream.async_connect(net::local::stream_protocol::endpoint(where_.path),
                                    net::redirect_error(net::use_awaitable, ec));
      if (ec) throw unavailable(ec);
      co_return co_await ex.run(stream, out);
    }
    net::ip::tcp::resolver resolver(io);
    auto endpoints = co_await resolver.async_resolve(where_.host, std::to_string(where_.port),
                                                     net::redirect_error(net::use_awaitable, ec));
    if (ec) throw unavailable(ec);
    beast::tcp_stream stream(io);
    stream.expires_after(timeout_);
    co_await stream.async_connect(endpoints, net::redirect_error(net::use_awaitable, ec));
    if (ec) throw unavailable(ec);
    co_return co_await ex.run(stream, out);
  };

  std::exception_ptr error;
  std::optional<Result> result;
  net::co_spawn(io, session(), [&](std::exception_ptr e, Result r) {
    error = e;
    if (!e) result = std::move(r);
  });
  io.run();
  if (error) std::rethrow_exception(error);
  if (!result) throw ApiUnavailable("talking to umind at " + where_.to_string() + " did not complete");
  return std::move(*result);
}

ApiClient::Result ApiClient::call(const std::string& method, const std::string& target, const nlohmann::json& body) {
  Outgoing out;
  out.method = method;
  out.target = target;
  std::string text;
  if (!body.is_null()) {
    text = dump_json(body);
    out.content_type = "application/json";
  }
  out.size = text.size();
  std::size_t offset = 0;
  out.read = [&text, &offset](char* buf, std::size_t max) {
    std::size_t n = std::min(max, text.size() - offset);
    std::copy_n(text.data() + offset, n, buf);
    offset += n;
    return n;
  };
  out.expect_continue = out.size >= expect_threshold;
  return exchange(out);
}

ApiClient::Result ApiClient::upload(const std::string& target, const std::string& content_type, std::istream& data,
                                    std::uint64_t size, const std::function<void(std::uint64_t)>& progress) {
  Outgoing out;
  out.method = "POST";
  out.target = target;
  out.content_type = content_type;
  out.size = size;
  out.read = [&data](char* buf, std::size_t max) {
    data.read(buf, static_cast<std::streamsize>(max));
    return static_cast<std::size_t>(data.gcount());
  };
  out.progress = progress;
  out.expect_continue = true;
  return exchange(out);
}

}  // namespace umind
