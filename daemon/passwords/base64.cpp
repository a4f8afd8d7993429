// base64.cpp — strict base64 for hash values. Operates on hashes only; never
// used on, nor echoes, a password.
#include "daemon/passwords/base64.hpp"

#include <array>
#include <cstdint>

namespace umind {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int no_digit = -1;

constexpr std::array<int, 256> make_digit_table() {
  std::array<int, 256> table{};
  table.fill(no_digit);
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  return table;
}
constexpr auto digit_table = make_digit_table();

int digit(char c) noexcept { return digit_table[static_cast<unsigned char>(c)]; }

// The base64 digits of `text` without its padding, or nothing.
std::optional<std::string_view> digits_of(std::string_view text, Base64Padding padding) noexcept {
  if (padding == Base64Padding::required) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    text.remove_suffix(pad);
  }
  if (text.size() % 4 == 1) return std::nullopt;  // 6 bits cannot end a byte
  for (char c : text)
    if (digit(c) == no_digit) return std::nullopt;
  // The bits after the last whole byte must be zero (canonical form).
  if (!text.empty()) {
    auto last = static_cast<unsigned>(digit(text.back()));
    if (text.size() % 4 == 2 && (last & 0x0fu) != 0) return std::nullopt;
    if (text.size() % 4 == 3 && (last & 0x03u) != 0) return std::nullopt;
  }
  return text;
}

}  // namespace

std::string base64_encode(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += alphabet[(n >> 18) & 63u];
    out += alphabet[(n >> 12) & 63u];
    out += alphabet[(n >> 6) & 63u];
    out += alphabet[n & 63u];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) n |= std::uint32_t{bytes[i + 1]} << 8;
    out += alphabet[(n >> 18) & 63u];
    out += alphabet[(n >> 12) & 63u];
    out += rest == 2 ? alphabet[(n >> 6) & 63u] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::size_t> base64_decoded_size(std::string_view text, Base64Padding padding) noexcept {
  auto digits = digits_of(text, padding);
  if (!digits) return std::nullopt;
  return digits->size() * 6 / 8;
}

std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, Base64Padding padding) {
  auto digits = digits_of(text, padding);
  if (!digits) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(digits->size() * 6 / 8);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : *digits) {
    acc = (acc << 6) | static_cast<std::uint32_t>(digit(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((acc >> bits) & 0xffu));
    }
  }
  return out;
}

}  // namespace umind
