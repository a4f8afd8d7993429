// http_session.cpp — one connection of the admin API as a coroutine on its
// own strand. serve_one takes a request through read_header → framed →
// authorized → route_header → ready_for_body (route and size) → read_body →
// respond (run the handler, write the JSON response), repeated while
// keep-alive. Errors found before the request was read whole close the
// connection after a short lingering drain (reject), so the client still
// reads the response. On a listener with a token, a connection is
// "unauthenticated" until a request carries it: short header deadline, and
// a bounded set (ServerState::unauthenticated) that may close it.
#include "daemon/http/http_session.hpp"

#include "base/log.hpp"

#include <cstdio>
#include <limits>
#include <list>

#include "daemon/http/arriving_body.hpp"
#include "daemon/http/framing.hpp"
#include "daemon/http/handler_call.hpp"
#include "daemon/http/peer_identity.hpp"
#include "daemon/http/wire.hpp"

namespace umind::http_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using error_code = boost::system::error_code;

namespace {

constexpr std::size_t header_limit = 16 * 1024;
constexpr auto linger_time = std::chrono::seconds(2);
// Not boost::none: Beast 1.74 compares the Content-Length with the optional,
// and any number is greater than none.
constexpr std::uint64_t no_limit = std::numeric_limits<std::uint64_t>::max();

// A malformed message (as opposed to the peer going away or a limit).
bool malformed(const error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::header_limit && ec != http::error::body_limit;
}

// What a request header asks for: the target (nullopt: malformed), the
// route (none: see unrouted_reply) and the limit of the route's body.
struct Routing {
  std::optional<TargetParts> target;
  Router::Match match;
  std::size_t limit = 0;
  bool routed() const { return target && match.route; }
};

struct Reply {
  HttpResponse response;
  ReplyExtras extras;
};

// The answer when no route takes the request: 400 for a malformed target,
// 404 for a path no route has, 405 with Allow for one that other methods have.
Reply unrouted_reply(const Routing& routing) {
  if (!routing.target) return {error_response(400, "bad_request", "malformed request target"), {}};
  if (routing.match.allowed.empty()) return {error_response(404, "not_found", "no such API path"), {}};
  return {error_response(405, "method_not_allowed", "method not allowed on this path"),
          ReplyExtras{routing.match.allowed, false}};
}

HttpResponse body_too_large(std::size_t limit) {
  return error_response(413, "too_large", "request body larger than " + std::to_string(limit) + " bytes");
}

// Counts a request in flight for the lifetime of the object.
class InFlight {
 public:
  explicit InFlight(std::atomic<std::size_t>& n) : n_(n) { ++n_; }
  ~InFlight() { --n_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<std::size_t>& n_;
};

template <class Socket>
class Session final : public SessionHandle, public std::enable_shared_from_this<Session<Socket>> {
 public:
  Session(std::shared_ptr<ServerState> state, Socket socket, std::shared_ptr<const BearerToken> token)
      : state_(std::move(state)),
        strand_(net::make_strand(state_->io)),
        socket_(std::move(socket)),
        timer_(strand_),
        token_(std::move(token)),
        peer_(identify(socket_)),
        id_(++state_->next_session_id) {}

  void start(bool busy) {
    auto self = this->shared_from_this();
    registration_ = state_->add_session(self);
    if (!registration_) {  // stopping: accepted just before the listener closed
      error_code ignored;
      socket_.close(ignored);
      return;
    }
    if (token_ && !busy) {
      unauthenticated_ = true;
      for (auto& displaced : state_->unauthenticated.admit(id_, peer_.host, self)) displaced->close_unauthenticated();
    }
    net::co_spawn(strand_, run(busy), [self](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log_error(std::string("api: connection failed: ") + ex.what());
      } catch (...) {
        log_error("api: connection failed");
      }
    });
  }

  ~Session() override {
    if (registration_) state_->remove_session(*registration_);
    if (unauthenticated_) state_->unauthenticated.leave(id_);
  }

  void close_if_idle() override {
    net::post(strand_, [self = this->shared_from_this()] {
      if (self->idle_ && self->buffer_.size() == 0 && !(self->header_ && self->header_->got_some())) {
        self->closing_ = true;
        error_code ignored;
        self->socket_.cancel(ignored);
      }
    });
  }

  void close_unauthenticated() override {
    net::post(strand_, [self = this->shared_from_this()] {
      if (!self->unauthenticated_) return;  // it showed the token meanwhile
      self->unauthenticated_ = false;       // no longer in the set
      self->closing_ = true;
      error_code ignored;
      // cancel() misses a read whose completion is already queued (bytes of
      // the header arrived): the header read would then go on waiting until
      // its deadline. Shutting the receive side ends that next read at once.
      self->socket_.shutdown(Socket::shutdown_receive, ignored);
      self->socket_.cancel(ignored);
    });
  }

 private:
  using HeaderParser = http::request_parser<http::empty_body>;
  using BodyParser = http::request_parser<ArrivingBody>;
  using Request = http::request<ArrivingBody>;

  net::awaitable<void> run(bool busy) {
    if (busy) {
      co_await refuse_busy();
    } else {
      while (co_await serve_one()) {
      }
    }
    disarm();
    error_code ignored;
    socket_.shutdown(Socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (registration_) {
      state_->remove_session(*registration_);
      registration_.reset();
    }
    authenticated();
  }

  // Leaves the set of unauthenticated connections (if it was there).
  void authenticated() {
    if (!unauthenticated_) return;
    unauthenticated_ = false;
    state_->unauthenticated.leave(id_);
  }

  // Timer: on expiry, cancels the pending socket operation and sets timed_out_.
  void arm(std::chrono::steady_clock::duration d) {
    auto gen = ++timer_generation_;
    timed_out_ = false;
    timer_.expires_after(d);
    timer_.async_wait(net::bind_executor(strand_, [self = this->shared_from_this(), gen](error_code ec) {
      if (ec || gen != self->timer_generation_) return;
      self->timed_out_ = true;
      error_code ignored;
      self->socket_.cancel(ignored);
    }));
  }

  void disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  net::awaitable<bool> write(const HttpResponse& response, unsigned version, bool keep_alive,
                             const ReplyExtras& extras = {}) {
    auto res = to_wire(response, version, keep_alive, extras);
    http::response_serializer<http::string_body> serializer{res};
    error_code ec;
    // The timeout is per write, not for the whole answer: a large export to
    // a slow reader is fine as long as it keeps reading.
    while (!ec && !serializer.is_done()) {
      arm(state_->limits.request_timeout);
      co_await http::async_write_some(socket_, serializer, net::redirect_error(net::use_awaitable, ec));
      disarm();
    }
    co_return !ec;
  }

  // An answer before the body was read: send it, stop sending, and read
  // (discard) what the client still sends for a moment, so that closing
  // does not reset the connection before the client has read the answer.
  net::awaitable<void> reject(const HttpResponse& response, unsigned version, const ReplyExtras& extras = {}) {
    if (!co_await write(response, version, false, extras)) co_return;
    error_code ec;
    socket_.shutdown(Socket::shutdown_send, ec);
    arm(linger_time);
    std::array<char, 16 * 1024> sink{};
    while (!ec) co_await socket_.async_read_some(net::buffer(sink), net::redirect_error(net::use_awaitable, ec));
    disarm();
  }

  // A fresh parser for the next request's header. Any body size passes here:
  // the route's limit is checked (ready_for_body) before a body byte is buffered.
  void start_header_parser() {
    header_.emplace();
    header_->header_limit(header_limit);
    header_->body_limit(no_limit);
  }

  net::awaitable<void> refuse_busy() {
    start_header_parser();
    error_code ec;
    arm(std::min<std::chrono::steady_clock::duration>(state_->limits.request_timeout, std::chrono::seconds(5)));
    co_await http::async_read_header(socket_, buffer_, *header_, net::redirect_error(net::use_awaitable, ec));
    disarm();
    if (ec) co_return;
    co_await reject(error_response(503, "busy", "too many connections; try again"), header_->get().version());
  }

  // Serves one request; true to keep the connection for another.
  net::awaitable<bool> serve_one() {
    if (state_->stopping.load() || closing_) co_return false;
    if (!co_await read_header()) co_return false;
    InFlight counting(state_->in_flight);
    const unsigned version = header_->get().version();
    if (!co_await framed(version)) co_return false;
    if (!co_await authorized(version)) co_return false;
    Routing routing = route_header();
    if (!co_await ready_for_body(routing, version)) co_return false;
    BodyParser body(std::move(*header_));
    header_.reset();
    if (!co_await read_body(body, routing.limit, version)) co_return false;
    co_return co_await respond(body, std::move(routing), version);
  }

  // Waits (idle) for the next request's header; false when there is none to
  // serve: an idle close, a stop, the client left, or an error answered here.
  net::awaitable<bool> read_header() {
    start_header_parser();
    error_code ec;
    idle_ = true;
    arm(unauthenticated_ ? std::min(state_->limits.unauthenticated_timeout, state_->limits.request_timeout)
                         : state_->limits.request_timeout);
    co_await http::async_read_header(socket_, buffer_, *header_, net::redirect_error(net::use_awaitable, ec));
    idle_ = false;
    disarm();
    if (!ec) co_return true;
    const bool started = header_->got_some() || buffer_.size() > 0;
    if (!closing_ && started) co_await reject_unreadable_header(ec);
    co_return false;
  }

  // 408, 431 or 400 for a header that did not arrive whole; nothing when the
  // peer went away. The request's version is unknown: answered as HTTP/1.1.
  net::awaitable<void> reject_unreadable_header(const error_code& ec) {
    if (timed_out_)
      co_await reject(error_response(408, "timeout", "request not received in time"), 11);
    else if (ec == http::error::header_limit)
      co_await reject(error_response(431, "headers_too_large", "request headers too large"), 11);
    else if (malformed(ec))
      co_await reject(error_response(400, "bad_request", "malformed HTTP request"), 11);
  }

  // False (answered, to be closed) when the body's framing could be read
  // two ways: the body is never taken for another request.
  net::awaitable<bool> framed(unsigned version) {
    auto fault = framing_fault(header_->get());
    if (!fault) co_return true;
    co_await reject(error_response(fault->status, fault->status == 501 ? "not_implemented" : "bad_request",
                                   fault->message),
                    version);
    co_return false;
  }

  // True when no token is needed or the header carries it; else answers 401.
  net::awaitable<bool> authorized(unsigned version) {
    if (!token_ || token_->matches_header(sv(header_->get()[http::field::authorization]))) {
      authenticated();
      co_return true;
    }
    ReplyExtras extras;
    extras.authenticate = true;
    co_await reject(error_response(401, "unauthorized", "a valid bearer token is required"), version, extras);
    co_return false;
  }

  // The target, route and body limit the request header asks for.
  Routing route_header() const {
    const auto& head = header_->get();
    Routing routing;
    routing.target = parse_target(sv(head.target()));
    if (routing.target) routing.match = state_->router.match(sv(head.method_string()), routing.target->segments);
    routing.limit = state_->body_limit_for(routing.match.route);
    return routing;
  }

  // Before any body byte is read: refuses a body that nothing would take
  // (400/404/405) or that is over the route's limit (413), and sends
  // 100 Continue when the client waits for it. False to close the connection.
  net::awaitable<bool> ready_for_body(const Routing& routing, unsigned version) {
    const bool expect_continue = beast::iequals(header_->get()[http::field::expect], "100-continue");
    auto length = header_->content_length();
    const bool too_large = length && *length > routing.limit;
    if ((expect_continue || too_large) && !routing.routed()) {
      // Nothing would take this body: say why before the client sends it. A
      // named reply: GCC 12 freed a braced ReplyExtras{...} temporary in this
      // co_await twice (the 405 crashed; tests/daemon/http/test_session_paths).
      Reply reply = unrouted_reply(routing);
      co_await reject(reply.response, version, reply.extras);
      co_return false;
    }
    if (too_large) {
      co_await reject(body_too_large(routing.limit), version);
      co_return false;
    }
    if (expect_continue && !header_->is_done()) co_return co_await send_continue(version);
    co_return true;
  }

  // "100 Continue"; false when it could not be written.
  net::awaitable<bool> send_continue(unsigned version) {
    http::response<http::empty_body> cont{http::status::continue_, version};
    error_code ec;
    arm(state_->limits.request_timeout);
    co_await http::async_write(socket_, cont, net::redirect_error(net::use_awaitable, ec));
    disarm();
    co_return !ec;
  }

  // The body, with the route's limit; every read may stall for the timeout.
  // False when it did not arrive whole (answered with 413, 408 or 400 where
  // that applies).
  net::awaitable<bool> read_body(BodyParser& body, std::size_t limit, unsigned version) {
    body.body_limit(limit);
    error_code ec;
    while (!body.is_done()) {
      arm(state_->limits.request_timeout);
      co_await http::async_read_some(socket_, buffer_, body, net::redirect_error(net::use_awaitable, ec));
      disarm();
      if (!ec) continue;
      if (ec == http::error::body_limit)
        co_await reject(body_too_large(limit), version);
      else if (timed_out_)
        co_await reject(error_response(408, "timeout", "request body not received in time"), version);
      else if (malformed(ec))
        co_await reject(error_response(400, "bad_request", "malformed HTTP request body"), version);
      co_return false;
    }
    co_return true;
  }

  // Runs the route, or says why none takes the request, and writes the
  // answer; true to keep the connection for another request.
  net::awaitable<bool> respond(BodyParser& body, Routing routing, unsigned version) {
    // A response to HEAD must not have a body; none is routed, so answer and close.
    bool keep_alive = body.keep_alive() && body.get().method() != http::verb::head;
    auto message = body.release();
    Reply reply;
    if (routing.routed())
      reply.response = co_await run_handler(message, routing);
    else
      reply = unrouted_reply(routing);
    keep_alive = keep_alive && !state_->stopping.load();
    bool written = co_await write(reply.response, version, keep_alive, reply.extras);
    co_return written && keep_alive;
  }

  // The handler's response, or the 400 that build_request gives instead.
  net::awaitable<HttpResponse> run_handler(Request& message, Routing& routing) {
    auto built = build_request(message.base(), std::move(*routing.target), std::move(routing.match.params),
                               routing.match.route->options, std::move(message.body()), peer_);
    if (auto* req = std::get_if<HttpRequest>(&built))
      co_return co_await run_route(*routing.match.route, std::move(*req), state_->io);
    co_return std::move(std::get<HttpResponse>(built));
  }

  std::shared_ptr<ServerState> state_;
  net::strand<net::io_context::executor_type> strand_;
  Socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<const BearerToken> token_;
  const PeerIdentity peer_;
  const std::uint64_t id_;
  beast::flat_buffer buffer_;
  std::optional<HeaderParser> header_;
  std::optional<ServerState::SessionList::iterator> registration_;
  std::uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  bool idle_ = false;
  bool closing_ = false;
  bool unauthenticated_ = false;  // in state_->unauthenticated
};

template <class Socket>
void start(std::shared_ptr<ServerState> state, Socket socket, std::shared_ptr<const BearerToken> token, bool busy) {
  auto session = std::make_shared<Session<Socket>>(std::move(state), std::move(socket), std::move(token));
  session->start(busy);
}

}  // namespace

void start_session(std::shared_ptr<ServerState> state, net::ip::tcp::socket socket,
                   std::shared_ptr<const BearerToken> token, bool busy) {
  start(std::move(state), std::move(socket), std::move(token), busy);
}

void start_session(std::shared_ptr<ServerState> state, net::local::stream_protocol::socket socket,
                   std::shared_ptr<const BearerToken> token, bool busy) {
  start(std::move(state), std::move(socket), std::move(token), busy);
}

}  // namespace umind::http_detail
