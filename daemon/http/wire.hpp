// wire.hpp — internal to umind_http_server: converts between Beast messages
// and the handler's HttpRequest/HttpResponse (target splitting, JSON body
// parsing, actor sanitizing, the JSON response with its headers). Pure
// conversion: never does I/O and never calls a handler.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "daemon/http/asio.hpp"
#include "daemon/http/peer_identity.hpp"
#include "daemon/http/router.hpp"

namespace umind::http_detail {

struct TargetParts {
  std::string path;                   // still encoded
  std::vector<std::string> segments;  // decoded
  std::map<std::string, std::string> query;
};

// Beast 1.74 uses boost::string_view.
inline std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

// nullopt: not an origin-form target or a malformed escape (→ 400).
std::optional<TargetParts> parse_target(std::string_view target);

using RequestHeader = boost::beast::http::request_header<>;

// The request for the handler, or the 400 to send instead (bad JSON body).
std::variant<HttpRequest, HttpResponse> build_request(const RequestHeader& header, TargetParts target,
                                                      std::map<std::string, std::string> params,
                                                      const RouteOptions& options, std::string body,
                                                      const PeerIdentity& peer);

// What a response needs beyond HttpResponse.
struct ReplyExtras {
  std::vector<std::string> allow;  // 405: the Allow header
  bool authenticate = false;       // 401: WWW-Authenticate: Bearer
};

boost::beast::http::response<boost::beast::http::string_body> to_wire(const HttpResponse& response,
                                                                       unsigned version, bool keep_alive,
                                                                       const ReplyExtras& extras = {});

// Text from the client as it may go into the journal: visible ASCII and
// spaces only (anything else becomes '?'), at most 128 bytes.
std::string sanitize_actor(std::string_view text);

// The journal's actor: who umind vouches for (the unix user, or "token"),
// then what X-Umind-Actor claims, if anything: "alice (claimed: web:bob)".
std::string actor_of(const std::string& verified, std::string_view claimed);

}  // namespace umind::http_detail
