// stored_hash.hpp — splits a userPassword value into its {TAG} (matched
// case-insensitively, as slapd does) and the scheme's own text. Internal to
// umind_passwords. Never copies, logs or echoes the value.
#pragma once
#include <optional>
#include <string_view>

namespace umind {

enum class StoredScheme { crypt, argon2, ssha, ssha512, sha };

struct StoredHash {
  StoredScheme scheme;
  std::string_view text;  // everything after the closing '}'
};

// The scheme and its text, or nothing for an unknown tag or no tag.
std::optional<StoredHash> parse_stored_hash(std::string_view stored) noexcept;

// "CRYPT", "ARGON2", "SSHA", "SSHA512", "SHA".
std::string_view tag_name(StoredScheme scheme) noexcept;

}  // namespace umind
