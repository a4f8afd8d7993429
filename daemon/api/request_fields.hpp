// request_fields.hpp — reading the fields of an API request body and query,
// with a 400 that names the field when one is missing or of the wrong type.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace umind::api {

std::string required_string(const nlohmann::json& body, const char* field);
std::optional<std::string> optional_string(const nlohmann::json& body, const char* field);
bool optional_bool(const nlohmann::json& body, const char* field, bool fallback);

}  // namespace umind::api
