// api_call.hpp — how uminctl talks to umind: find the API (--api or
// api.listen), send one request, and turn the answer into output and the
// exit code of DESIGN §2 (0 ok, 1 refused, 2 usage, 3 not found,
// 4 unavailable). Never prints a token; prints a password only when the
// daemon generated it for this request.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/output.hpp"
#include "core/config.hpp"
#include "core/listen_address.hpp"

namespace umind::cli {

struct ApiTarget {
  std::string address;  // --api, or empty for the config's api.listen
  const Config* config = nullptr;
};

// Where the API listens (--api or api.listen) and the token to send (from
// api.token_file, if set) — or, after saying why on stderr, nullopt: the
// caller exits with exit_usage.
struct ApiEndpoint {
  ListenAddress where;
  std::optional<std::string> token;
};
std::optional<ApiEndpoint> resolve_api(const ApiTarget& target);

// Formats a successful answer for people.
using TextFormatter = std::function<std::string(const nlohmann::json& body)>;

// Sends the request; on 2xx prints the body (JSON) or text(body); otherwise
// prints the error and returns its exit code.
int api_call(const ApiTarget& target, const Output& out, const std::string& method, const std::string& path,
             const nlohmann::json& body, const TextFormatter& text);

// Exit code for an HTTP status (2xx 0, 422 1, 400/401/405/413 2, 404 3, else 4).
int exit_code_for_status(unsigned status);

}  // namespace umind::cli
