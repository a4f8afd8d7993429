// text.hpp — untrusted text: the one rule for text people type (the API,
// import and uminctl all use text_fault), and showing untrusted text safely
// inside a message: printable ASCII as it is, everything else as \xNN, long
// values cut. Used by every refusal that echoes user input, so no log line or
// SMTP reply can be forged with control characters.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace umind {

// 'value' in single quotes, escaped and cut to `max_chars` characters.
std::string quote_value(std::string_view value, std::size_t max_chars = 64);

// The text rule (names, affiliation, person key, contact, reasons, search
// text): valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// above U+10FFFF) without what hides or fakes what a terminal or web page
// shows — C0 controls and DEL, C1 controls (U+0080-U+009F), bidi controls
// (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), zero-width
// characters (U+200B-U+200D, U+FEFF) and line/paragraph separators
// (U+2028-U+2029).
struct TextFault {
  enum class Kind { not_utf8, control, bidi, zero_width, separator };
  Kind kind;
  std::size_t at;           // byte offset of the first offending byte
  char32_t code_point = 0;  // not for not_utf8
};
std::optional<TextFault> text_fault(std::string_view text);
// "'Taro\x07' contains a control character (byte 5)",
// "'a\xe2\x80\xae' contains a bidi control U+202E (byte 2)",
// "'\xff' is not valid UTF-8 (byte 1)".
std::string describe(const TextFault& fault, std::string_view text);
inline constexpr std::string_view text_rule =
    "text must be UTF-8 without control, bidi or zero-width characters";

// Index of the first byte that breaks UTF-8, or npos when `s` is valid.
std::size_t utf8_error_at(std::string_view s);

// `text` for a terminal: text_fault's characters (and broken UTF-8 bytes) as
// <U+XXXX> / \xNN, the rest as it is. For values stored before the rule.
std::string terminal_safe(std::string_view text);

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
