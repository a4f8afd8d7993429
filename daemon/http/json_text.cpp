// json_text.cpp — bounded, non-throwing JSON parsing and dumping.
// Error messages name positions, never the text they failed on.
#include "daemon/http/json_text.hpp"

#include <cctype>

namespace umind {
namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<nlohmann::json> parse_json(std::string_view text, std::string& error,
                                         std::size_t max_depth) {
  // Depth first, in one linear scan (nlohmann's callback parser, the other
  // way to bound depth, is quadratic on large arrays). The scan need not
  // validate: whatever it lets through, the parser still checks.
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        error = "nested deeper than " + std::to_string(max_depth) + " levels";
        return std::nullopt;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    error = "not valid JSON at byte " + std::to_string(e.byte);
  } catch (const std::exception&) {
    error = "not valid JSON";
  }
  return std::nullopt;
}

bool is_json_media_type(std::string_view content_type) {
  std::string type = lower_trimmed(content_type.substr(0, content_type.find(';')));
  return type == "application/json" || (type.starts_with("application/") && type.ends_with("+json"));
}

}  // namespace umind
