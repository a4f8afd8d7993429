// text.hpp — showing untrusted text safely inside a message: printable ASCII
// as it is, everything else as \xNN, long values cut. Used by every refusal
// that echoes user input, so no log line or SMTP reply can be forged with
// control characters.
#pragma once
#include <string>
#include <string_view>

namespace umind {

// 'value' in single quotes, escaped and cut to `max_chars` characters.
std::string quote_value(std::string_view value, std::size_t max_chars = 64);

inline bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
std::string to_lower_ascii(std::string_view s);
// Equal but for the case of ASCII letters (LDAP attribute names, DNs' types).
inline bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
  return true;
}

}  // namespace umind
