// server_state.cpp — the shared bookkeeping of one HttpServer.
// Lock order: only mu_, never held while calling out.
#include "daemon/http/server_state.hpp"

namespace umind::http_detail {

std::optional<ServerState::SessionList::iterator> ServerState::add_session(std::weak_ptr<SessionHandle> s) {
  std::lock_guard lock(mu_);
  if (stopping.load()) return std::nullopt;
  return sessions_.insert(sessions_.end(), std::move(s));
}

void ServerState::remove_session(SessionList::iterator it) {
  std::lock_guard lock(mu_);
  sessions_.erase(it);
}

std::size_t ServerState::session_count() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::vector<std::shared_ptr<SessionHandle>> ServerState::begin_stop() {
  std::lock_guard lock(mu_);
  stopping.store(true);
  std::vector<std::shared_ptr<SessionHandle>> out;
  for (auto& w : sessions_)
    if (auto s = w.lock()) out.push_back(std::move(s));
  return out;
}

std::size_t ServerState::body_limit_for(const Router::Route* route) const {
  if (route) {
    auto it = limits.body_limit_overrides.find(route->method + " " + route->pattern);
    if (it == limits.body_limit_overrides.end()) it = limits.body_limit_overrides.find(route->pattern);
    if (it != limits.body_limit_overrides.end()) return it->second;
  }
  return limits.max_body_bytes;
}

}  // namespace umind::http_detail
