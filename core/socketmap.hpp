// socketmap.hpp — DESIGN §6a: §6's decision as Postfix lookup tables. A
// socketmap request ("MAPNAME KEY", inside a netstring) names one of two
// maps: `access` (check_recipient_access: NOTFOUND for what is accepted, the
// refusal or tempfail in access(5)'s "NNN X.Y.Z text" form) and `route`
// (virtual_alias_maps: the rewrite target of an alias in its window or a
// list, NOTFOUND otherwise). Pure: the server in milter/ does the I/O and
// calls route_recipient; this file only parses and answers.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/routing.hpp"

namespace umind {

enum class SocketmapMap { access, route };

struct SocketmapRequest {
  SocketmapMap map = SocketmapMap::access;
  std::string_view key;  // a view into the parsed payload
};

// The most a request may hold: a map name, a space and an address (RFC 5321
// allows 256 octets for a path; Postfix keys are addresses or parts of them).
inline constexpr std::size_t socketmap_max_request = 1024;

struct SocketmapParse {
  std::optional<SocketmapRequest> request;
  std::string_view error;  // why not, when there is no request (fixed text)
};
SocketmapParse parse_socketmap_request(std::string_view payload);

// The reply (before netstring framing) to a lookup in `map` that
// route_recipient decided as `d`: "NOTFOUND ", "OK …" or "TEMP …".
std::string socketmap_answer(SocketmapMap map, const RouteDecision& d);
// The reply to a request that cannot be answered: "PERM why".
std::string socketmap_refusal(std::string_view why);

// A key Postfix tries only after the whole address got NOTFOUND: the bare
// domain or "user@" (access(5)), "@domain" (virtual(5)). umind answers it
// like any key, but logs it only when it refuses it (a recipient such as
// <@umin.ac.jp> is looked up in the same form).
bool is_partial_key(std::string_view key);

}  // namespace umind
