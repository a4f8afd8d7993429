// base64.hpp — strict standard base64 (RFC 4648 §4) for hash values: padded
// as in {SSHA}, unpadded as inside argon2's encoded strings. Internal to
// umind_passwords. Refuses whitespace, stray padding and non-zero spare bits.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace umind {

enum class Base64Padding { required, none };

std::string base64_encode(std::span<const unsigned char> bytes);

// How many bytes `text` decodes to, or nothing when it is not canonical
// base64 of the given padding style. No allocation.
std::optional<std::size_t> base64_decoded_size(std::string_view text, Base64Padding padding) noexcept;

// The bytes, or nothing when base64_decoded_size refuses `text`.
std::optional<std::vector<unsigned char>> base64_decode(std::string_view text, Base64Padding padding);

}  // namespace umind
