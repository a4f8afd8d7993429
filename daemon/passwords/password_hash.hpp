// password_hash.hpp — LDAP userPassword values for UMIN accounts (DESIGN §3):
// new hashes in the configured scheme, verification of ours and of imported
// ones, and the shape check that keeps garbage out of LDAP. Must never log,
// print or put in an exception message a password or a hash.
#pragma once
#include <string>
#include <string_view>

#include "core/config.hpp"

namespace umind {

// The userPassword value slapd verifies on a simple bind, with a fresh salt:
//   sha512crypt  {CRYPT}$6$<16-char salt>$<86 chars>        (libcrypt)
//   argon2id     {ARGON2}$argon2id$v=19$m=65536,t=3,p=1$... (slapd argon2 module)
//   ssha512      {SSHA512}base64(SHA-512(password + salt) + 16-byte salt) (pw-sha2)
// Throws std::invalid_argument for a password no scheme can hash faithfully
// (a NUL byte, or 512 bytes or more), std::runtime_error when a library fails.
std::string hash_password(std::string_view password, PasswordScheme scheme);

// Whether `password` matches `stored`: {CRYPT} (any method libcrypt knows),
// {ARGON2} ($argon2id$ and $argon2i$, costs as is_supported_hash allows),
// {SSHA}, {SSHA512} and {SHA}; the tag is case-insensitive. Digests are
// compared in constant time. Unknown or malformed → false. Throws
// std::runtime_error only when a library fails (e.g. out of memory).
bool verify_password(std::string_view password, std::string_view stored);

// Whether an imported userPassword value looks like one slapd can verify:
//   {CRYPT}$1$ $5$ $6$ $y$ $gy$ $2b$ with salt and digest of the right
//     alphabet and length (and a method this libcrypt supports),
//   {ARGON2}$argon2id$ / $argon2i$ with v=16 or 19 (or none), bounded costs
//     (m <= 1 GiB, t <= 32, p <= 16), salt >= 8 bytes, digest >= 16 bytes,
//   {SSHA} / {SSHA512}: strict base64 of the digest + a 4-64 byte salt,
//   {SHA}: strict base64 of exactly 20 bytes.
// The tag is case-insensitive. Pure shape: proves nothing about the password.
bool is_supported_hash(std::string_view stored) noexcept;

// "CRYPT", "ARGON2", "SSHA", "SSHA512" or "SHA" from the {TAG} of `stored`
// (any case), "" for anything else. Looks at the tag only, so `account show`
// can name the scheme without ever showing the hash.
std::string_view hash_scheme_name(std::string_view stored) noexcept;

}  // namespace umind
