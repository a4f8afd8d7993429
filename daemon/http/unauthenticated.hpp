// unauthenticated.hpp — internal to umind_http_server: the connections of a
// listener with a token that have not yet shown it. They are few by rule: at
// most `per_peer` from one peer address and `cap` in all; a newcomer past
// either makes room by closing the oldest (its own peer's first), so
// connections that hold a slot without sending a request can never keep a
// client with the token out (issue 12, finding 4). Thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace umind::http_detail {

class SessionHandle;

class UnauthenticatedConnections {
 public:
  UnauthenticatedConnections(std::size_t cap, std::size_t per_peer);

  // Adds connection `id` (ids grow with age) from `peer`; returns the
  // connections it displaced, to be closed by the caller.
  std::vector<std::shared_ptr<SessionHandle>> admit(std::uint64_t id, const std::string& peer,
                                                    std::weak_ptr<SessionHandle> session);
  // The connection authenticated or ended; a no-op when it was displaced.
  void leave(std::uint64_t id);
  std::size_t size() const;

 private:
  struct Entry {
    std::string peer;
    std::weak_ptr<SessionHandle> session;
  };
  using Entries = std::map<std::uint64_t, Entry>;  // oldest first

  std::size_t count_from(const std::string& peer) const;
  // Removes `it` and keeps its session (if still alive) in `out`.
  void displace(Entries::iterator it, std::vector<std::shared_ptr<SessionHandle>>& out);

  const std::size_t cap_, per_peer_;
  mutable std::mutex mu_;
  Entries entries_;
};

}  // namespace umind::http_detail
