// text.cpp — safe quoting of untrusted values for messages.
#include "core/text.hpp"

#include <cstdio>

namespace umind {

std::string quote_value(std::string_view value, std::size_t max_chars) {
  std::string out = "'";
  std::size_t shown = 0;
  for (char c : value) {
    if (shown == max_chars) {
      out += "...";
      break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\' && c != '\'') {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
    ++shown;
  }
  out += "'";
  return out;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower_ascii(c);
  return out;
}

}  // namespace umind
