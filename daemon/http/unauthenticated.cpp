// unauthenticated.cpp — the bounded set of connections still without a token.
// Lock order: only mu_, never held while calling out (the caller closes).
#include "daemon/http/unauthenticated.hpp"

#include <algorithm>

namespace umind::http_detail {

UnauthenticatedConnections::UnauthenticatedConnections(std::size_t cap, std::size_t per_peer)
    : cap_(std::max<std::size_t>(cap, 1)), per_peer_(std::clamp<std::size_t>(per_peer, 1, cap_)) {}

std::size_t UnauthenticatedConnections::count_from(const std::string& peer) const {
  return static_cast<std::size_t>(
      std::count_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.second.peer == peer; }));
}

void UnauthenticatedConnections::displace(Entries::iterator it, std::vector<std::shared_ptr<SessionHandle>>& out) {
  if (auto s = it->second.session.lock()) out.push_back(std::move(s));
  entries_.erase(it);
}

std::vector<std::shared_ptr<SessionHandle>> UnauthenticatedConnections::admit(std::uint64_t id,
                                                                              const std::string& peer,
                                                                              std::weak_ptr<SessionHandle> session) {
  std::vector<std::shared_ptr<SessionHandle>> out;
  std::lock_guard lock(mu_);
  entries_[id] = Entry{peer, std::move(session)};
  // The newcomer is the youngest, so it is never the one displaced.
  for (std::size_t n = count_from(peer); n > per_peer_; --n)
    displace(std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.second.peer == peer; }),
             out);
  while (entries_.size() > cap_) displace(entries_.begin(), out);
  return out;
}

void UnauthenticatedConnections::leave(std::uint64_t id) {
  std::lock_guard lock(mu_);
  entries_.erase(id);
}

std::size_t UnauthenticatedConnections::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace umind::http_detail
