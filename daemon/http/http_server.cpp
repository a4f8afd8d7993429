// http_server.cpp — HttpServer: validates listen requests, owns listeners,
// and starts/stops them. Requests themselves are served in http_session.cpp.
#include "daemon/http/http_server.hpp"

#include <algorithm>
#include <stdexcept>

#include "daemon/http/listener.hpp"

namespace umind {

HttpServer::HttpServer(boost::asio::io_context& io, const Router& router, HttpServerLimits limits)
    : state_(std::make_shared<http_detail::ServerState>(io, router, std::move(limits))) {}

HttpServer::~HttpServer() { stop_accepting(); }

void HttpServer::check_overrides() const {
  const auto& routes = state_->router.routes();
  for (const auto& [key, limit] : state_->limits.body_limit_overrides) {
    bool known = std::any_of(routes.begin(), routes.end(), [&key = key](const Router::Route& r) {
      return key == r.pattern || key == r.method + " " + r.pattern;
    });
    if (!known) throw std::invalid_argument("body_limit_overrides: no route \"" + key + "\"");
  }
}

ListenAddress HttpServer::listen(const ListenAddress& where, std::optional<std::string> bearer_token,
                                 unsigned unix_mode, std::optional<gid_t> unix_group) {
  if (state_->stopping.load()) throw std::logic_error("HttpServer::listen after stop_accepting");
  check_overrides();
  std::shared_ptr<const BearerToken> token;
  if (bearer_token) token = std::make_shared<const BearerToken>(*bearer_token);
  ListenAddress bound = where;
  std::shared_ptr<http_detail::Listener> listener;
  if (where.kind == ListenAddress::Kind::inet) {
    if (!token)
      throw std::invalid_argument(where.to_string() + ": a TCP listener needs a bearer token (api.token_file)");
    listener = http_detail::start_tcp_listener(state_, where, std::move(token), bound);
  } else {
    listener = http_detail::start_unix_listener(state_, where.path, unix_mode, unix_group, std::move(token));
  }
  std::lock_guard lock(state_->listeners_mu);
  if (state_->stopping.load()) {  // stop_accepting ran meanwhile
    listener->close();
    throw std::logic_error("HttpServer::listen after stop_accepting");
  }
  state_->listeners.push_back(std::move(listener));
  return bound;
}

void HttpServer::stop_accepting() {
  std::vector<std::shared_ptr<http_detail::Listener>> listeners;
  {
    std::lock_guard lock(state_->listeners_mu);
    state_->stopping.store(true);
    listeners.swap(state_->listeners);
  }
  for (auto& l : listeners) l->close();
  for (auto& s : state_->begin_stop()) s->close_if_idle();
}

std::size_t HttpServer::in_flight() const { return state_->in_flight.load(); }

std::size_t HttpServer::connections() const { return state_->session_count(); }

}  // namespace umind
