// json_text.hpp — JSON text in and out of the admin API, shared by server and
// client. dump_json never throws (invalid UTF-8 becomes U+FFFD); parse_json
// never throws, bounds nesting depth and never echoes input in its errors
// (a body may hold a password).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace umind {

inline constexpr std::size_t max_json_depth = 64;

// Compact JSON; invalid UTF-8 in strings is replaced, never an exception.
std::string dump_json(const nlohmann::json& value);

// The parsed value, or nullopt with `error` set to a message naming the byte
// offset only ("not valid JSON at byte 17", "nested deeper than 64 levels").
std::optional<nlohmann::json> parse_json(std::string_view text, std::string& error,
                                         std::size_t max_depth = max_json_depth);

// "application/json", "application/problem+json; charset=utf-8" → true.
bool is_json_media_type(std::string_view content_type);

}  // namespace umind
