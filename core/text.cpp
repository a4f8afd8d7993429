// text.cpp — the text rule, and safe quoting of untrusted values for messages.
#include "core/text.hpp"

#include <cstdio>

namespace umind {
namespace {

// One UTF-8 sequence at the start of `s`: its code point and length, or
// length 0 when it is broken (RFC 3629).
struct Decoded {
  char32_t code_point;
  std::size_t length;
};

Decoded decode_utf8(std::string_view s) {
  auto c = static_cast<unsigned char>(s[0]);
  if (c < 0x80) return {c, 1};
  std::size_t extra = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the first continuation byte
  char32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    extra = 1;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    extra = 2;
    cp = c & 0x0f;
    if (c == 0xe0) lo = 0xa0;
    if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    extra = 3;
    cp = c & 0x07;
    if (c == 0xf0) lo = 0x90;
    if (c == 0xf4) hi = 0x8f;
  } else {
    return {0, 0};
  }
  if (extra >= s.size()) return {0, 0};  // cut short
  for (std::size_t k = 1; k <= extra; ++k) {
    auto d = static_cast<unsigned char>(s[k]);
    if (k == 1 ? (d < lo || d > hi) : (d < 0x80 || d > 0xbf)) return {0, 0};
    cp = (cp << 6) | (d & 0x3f);
  }
  return {cp, extra + 1};
}

std::optional<TextFault::Kind> classify(char32_t cp) {
  using K = TextFault::Kind;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return K::control;
  if (cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069))
    return K::bidi;
  if ((cp >= 0x200b && cp <= 0x200d) || cp == 0xfeff) return K::zero_width;
  if (cp == 0x2028 || cp == 0x2029) return K::separator;
  return std::nullopt;
}

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

}  // namespace

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

std::optional<TextFault> text_fault(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_utf8(text.substr(i));
    if (d.length == 0) return TextFault{TextFault::Kind::not_utf8, i};
    if (auto kind = classify(d.code_point)) return TextFault{*kind, i, d.code_point};
    i += d.length;
  }
  return std::nullopt;
}

std::string describe(const TextFault& fault, std::string_view text) {
  std::string where = " (byte " + std::to_string(fault.at + 1) + ")";
  std::string value = quote_value(text);
  std::string cp = code_point_name(fault.code_point);
  switch (fault.kind) {
    case TextFault::Kind::not_utf8: return value + " is not valid UTF-8" + where;
    case TextFault::Kind::control:
      return value + " contains a control character" + (fault.code_point >= 0x80 ? " " + cp : "") + where;
    case TextFault::Kind::bidi: return value + " contains a bidi control " + cp + where;
    case TextFault::Kind::zero_width: return value + " contains a zero-width character " + cp + where;
    case TextFault::Kind::separator: return value + " contains a line or paragraph separator " + cp + where;
  }
  return value + " breaks the text rule" + where;
}

std::size_t utf8_error_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = decode_utf8(s.substr(i)).length;
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_utf8(text.substr(i));
    if (d.length == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
      continue;
    }
    if (classify(d.code_point))
      out += "<" + code_point_name(d.code_point) + ">";
    else
      out.append(text.substr(i, d.length));
    i += d.length;
  }
  return out;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower_ascii(c);
  return out;
}

}  // namespace umind
