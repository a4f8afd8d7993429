// request_fields.cpp — typed access to request JSON with clear 400s.
#include "daemon/api/request_fields.hpp"

#include "daemon/http/router.hpp"

namespace umind::api {
namespace {
[[noreturn]] void bad(const char* field, const char* expected) {
  throw ApiError(400, "bad_request", std::string("field '") + field + "': expected " + expected);
}
}  // namespace

std::string required_string(const nlohmann::json& body, const char* field) {
  auto v = optional_string(body, field);
  if (!v) bad(field, "a string (it is required)");
  return *v;
}

std::optional<std::string> optional_string(const nlohmann::json& body, const char* field) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null()) return std::nullopt;
  if (!body[field].is_string()) bad(field, "a string");
  return body[field].get<std::string>();
}

bool optional_bool(const nlohmann::json& body, const char* field, bool fallback) {
  if (!body.is_object() || !body.contains(field) || body[field].is_null()) return fallback;
  if (!body[field].is_boolean()) bad(field, "true or false");
  return body[field].get<bool>();
}

}  // namespace umind::api
