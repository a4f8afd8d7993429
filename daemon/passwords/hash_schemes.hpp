// hash_schemes.hpp — one hash/verify pair per scheme family, behind
// password_hash.hpp. Internal to umind_passwords. `text` is what follows the
// {TAG}. Never logs, prints or throws with a password or a hash in a message.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace umind {

// libcrypt: "$6$<salt>$<digest>" with a fresh 16-character salt.
std::string sha512crypt_hash(std::string_view password);
bool crypt_verify(std::string_view password, std::string_view text);
// The longest password libcrypt hashes (CRYPT_MAX_PASSPHRASE_SIZE - 1).
std::size_t crypt_max_password_bytes() noexcept;

// libargon2: "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<digest>".
std::string argon2id_hash(std::string_view password);
bool argon2_verify_text(std::string_view password, std::string_view text);
// The shape and cost bounds of is_supported_hash, also applied before a
// verify so that no stored value can make one cost more than about 1 GiB.
bool is_plausible_argon2(std::string_view text) noexcept;

// OpenSSL: base64(digest(password + salt) + salt), unsalted for {SHA}.
enum class ShaDigest { sha1, sha512 };
std::string ssha512_hash(std::string_view password);
bool salted_sha_verify(std::string_view password, std::string_view text, ShaDigest digest);
bool sha_verify(std::string_view password, std::string_view text);
std::size_t digest_size(ShaDigest digest) noexcept;

}  // namespace umind
