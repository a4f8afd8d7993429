// api_call.cpp — one admin API request from uminctl.
#include "cli/api_call.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "core/text.hpp"
#include "daemon/http/api_client.hpp"
#include "daemon/http/token_file.hpp"
#include "daemon/http/url.hpp"

namespace umind::cli {
namespace {

// "name: '\xff' is not valid UTF-8 (byte 1)" — a password is never shown.
std::optional<std::string> utf8_problem(const std::string& what, const std::string& value) {
  auto at = utf8_error_at(value);
  if (at == std::string_view::npos) return std::nullopt;
  if (what.find("password") != std::string::npos)
    return what + ": is not valid UTF-8 (byte " + std::to_string(at + 1) + "; the value is not shown)";
  return what + ": " + describe(TextFault{TextFault::Kind::not_utf8, at}, value);
}

// What the request would carry that is not UTF-8. JSON can only hold UTF-8:
// sending it would turn those bytes into U+FFFD and store something else
// than was typed, so uminctl refuses, as the API does.
std::optional<std::string> non_utf8_argument(const std::string& target, const nlohmann::json& body) {
  if (body.is_object())
    for (const auto& item : body.items())
      if (item.value().is_string())
        if (auto p = utf8_problem(item.key(), item.value().get<std::string>())) return p;
  auto parts = split_target(target);
  for (const auto& segment : split_path(parts.path).value_or(std::vector<std::string>{}))
    if (auto p = utf8_problem("argument", segment)) return p;
  for (const auto& [key, value] : parse_query(parts.query).value_or(std::map<std::string, std::string>{}))
    if (auto p = utf8_problem(key, value)) return p;
  return std::nullopt;
}

}  // namespace

int exit_code_for_status(unsigned status) {
  if (status >= 200 && status < 300) return exit_ok;
  if (status == 422) return exit_refused;
  if (status == 404) return exit_not_found;
  if (status == 400 || status == 401 || status == 405 || status == 413) return exit_usage;
  return exit_unavailable;
}

std::optional<ApiEndpoint> resolve_api(const ApiTarget& target) {
  ApiEndpoint api{target.config->api.listen, std::nullopt};
  if (!target.address.empty()) {
    auto parsed = parse_listen_address(target.address);
    if (!parsed) {
      std::cerr << "uminctl: --api: expected unix:/path or inet:HOST:PORT, got " << target.address << "\n";
      return std::nullopt;
    }
    api.where = *parsed;
  }
  try {
    if (!target.config->api.token_file.empty()) api.token = read_token_file(target.config->api.token_file);
  } catch (const std::exception& e) {
    std::cerr << "uminctl: api.token_file: " << e.what() << "\n";
    return std::nullopt;
  }
  return api;
}

int api_call(const ApiTarget& target, const Output& out, const std::string& method, const std::string& path,
             const nlohmann::json& body, const TextFormatter& text) {
  if (auto problem = non_utf8_argument(path, body)) {
    out.emit({{"error", "text.utf8"}, {"message", *problem}}, "uminctl: " + *problem + "; " + std::string(text_rule), true);
    return exit_usage;
  }
  auto api = resolve_api(target);
  if (!api) return exit_usage;
  const ListenAddress& where = api->where;
  try {
    ApiClient client(where, api->token, std::chrono::seconds{60});
    auto result = client.call(method, path, body);
    int code = exit_code_for_status(result.status);
    if (code == exit_ok) {
      out.emit(result.body, text(result.body));
      return code;
    }
    std::string error = result.body.is_object() ? result.body.value("error", "error") : "error";
    std::string message = result.body.is_object() ? result.body.value("message", "") : result.body.dump();
    out.emit(result.body, "uminctl: " + message + " [" + error + "]", true);
    return code;
  } catch (const ApiUnavailable& e) {
    out.emit({{"error", "unavailable"}, {"message", e.what()}},
             "uminctl: umind is not reachable at " + where.to_string() + ": " + e.what(), true);
    return exit_unavailable;
  }
}

}  // namespace umind::cli
