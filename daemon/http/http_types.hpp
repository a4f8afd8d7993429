// http_types.hpp — what an admin API handler sees and returns: HttpRequest,
// HttpResponse and ApiError, the one exception a handler throws on purpose.
// Plain values: never a socket, an executor or a Beast type in here.
#pragma once
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace umind {

struct HttpRequest {
  std::string method;                              // "GET", "POST", …
  std::string target;                              // the path as sent (still encoded), no query
  std::map<std::string, std::string> query;        // decoded; '+' is a space; last repeat wins
  std::map<std::string, std::string> path_params;  // {name} segments of the pattern, decoded
  nlohmann::json body;                             // null when empty or not JSON (see raw_body)
  std::string raw_body;                            // the body bytes exactly as received
  std::string content_type;                        // the Content-Type header, "" when absent
  std::string peer;                                // "unix" or "IP:PORT" ("[V6]:PORT")
  // Who the journal names: the unix user (SO_PEERCRED) or "token" (TCP),
  // plus X-Umind-Actor only as a claim: "root (claimed: alice)".
  std::string actor;
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(unsigned s, nlohmann::json b = nullptr) : status(s), body(std::move(b)) {}  // NOLINT: {status, body}
  unsigned status = 200;
  nlohmann::json body;    // sent as JSON; null is sent as {} (except 204/304: no body)
  std::string text;       // with text_type set: sent as it is instead of body
  std::string text_type;  // e.g. "text/x-ldif"
};

// Becomes {"error": code, "message": text} with `status`. The message goes to
// the client: never put a password, a hash or an internal path in it.
struct ApiError : std::runtime_error {
  unsigned status;
  std::string code;
  ApiError(unsigned http_status, std::string error_code, std::string message)
      : std::runtime_error(std::move(message)), status(http_status), code(std::move(error_code)) {}
};

// {"error": code, "message": message} with `status`.
inline HttpResponse error_response(unsigned status, std::string code, std::string message) {
  return HttpResponse{status, nlohmann::json{{"error", std::move(code)}, {"message", std::move(message)}}};
}

}  // namespace umind
