// json_text.cpp — bounded, non-throwing JSON parsing and dumping.
// Error messages name positions, never the text they failed on.
#include "daemon/http/json_text.hpp"

#include <cctype>

namespace umind {
namespace {

struct TooDeep {};

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
  auto limit = static_cast<int>(max_depth);
  nlohmann::json::parser_callback_t guard = [limit](int depth, nlohmann::json::parse_event_t event,
                                                    nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start ||
         event == nlohmann::json::parse_event_t::array_start) &&
        depth >= limit)
      throw TooDeep{};
    return true;
  };
  try {
    return nlohmann::json::parse(text.begin(), text.end(), guard);
  } catch (const TooDeep&) {
    error = "nested deeper than " + std::to_string(max_depth) + " levels";
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
