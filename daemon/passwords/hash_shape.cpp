// hash_shape.cpp — is_supported_hash: whether an imported userPassword value
// has the shape of a hash slapd can verify, so import refuses garbage before
// it reaches LDAP. Looks at shapes only; never logs or echoes the value.
#include <crypt.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "daemon/passwords/base64.hpp"
#include "daemon/passwords/hash_schemes.hpp"
#include "daemon/passwords/password_hash.hpp"
#include "daemon/passwords/stored_hash.hpp"

namespace umind {
namespace {

constexpr std::size_t max_stored_length = 1024;  // no real hash comes close
constexpr std::size_t min_salt_bytes = 4, max_salt_bytes = 64;

// crypt's "hash64" alphabet (bcrypt uses the same characters, reordered).
bool is_hash64(char c) noexcept {
  return c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_hash64_text(std::string_view s, std::size_t min, std::size_t max) noexcept {
  return s.size() >= min && s.size() <= max && std::all_of(s.begin(), s.end(), is_hash64);
}

// Splits "a$b$c" into exactly `n` fields; false if the count differs.
template <std::size_t n>
bool split_fields(std::string_view s, std::array<std::string_view, n>& out) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    auto end = s.find('$');
    if ((end == std::string_view::npos) != (i == n - 1)) return false;
    out[i] = s.substr(0, end);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end + 1);
  }
  return true;
}

// "rounds=N" of sha256crypt/sha512crypt, N in libcrypt's range.
bool is_rounds_field(std::string_view f) noexcept {
  constexpr std::string_view key = "rounds=";
  if (!f.starts_with(key)) return false;
  f.remove_prefix(key.size());
  if (f.empty() || f.size() > 9 || f[0] == '0') return false;
  unsigned long n = 0;
  for (char c : f) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<unsigned long>(c - '0');
  }
  return n >= 1000;
}

// $1$salt$digest and $5$ / $6$ [rounds=N$]salt$digest.
struct ShaCryptLayout {
  std::size_t max_salt_chars;
  std::size_t digest_chars;
  bool rounds_allowed;
};
constexpr ShaCryptLayout md5crypt{8, 22, false}, sha256crypt{16, 43, true}, sha512crypt{16, 86, true};

bool is_sha_crypt(std::string_view rest, ShaCryptLayout layout) noexcept {
  std::array<std::string_view, 3> with_rounds;
  std::array<std::string_view, 2> plain;
  if (layout.rounds_allowed && split_fields(rest, with_rounds))
    return is_rounds_field(with_rounds[0]) && is_hash64_text(with_rounds[1], 1, layout.max_salt_chars) &&
           is_hash64_text(with_rounds[2], layout.digest_chars, layout.digest_chars);
  return split_fields(rest, plain) && is_hash64_text(plain[0], 1, layout.max_salt_chars) &&
         is_hash64_text(plain[1], layout.digest_chars, layout.digest_chars);
}

// $2b$NN$ + 22 salt + 31 digest characters, cost 04..31.
bool is_bcrypt(std::string_view rest) noexcept {
  if (rest.size() != 3 + 53 || rest[2] != '$') return false;
  if (rest[0] < '0' || rest[0] > '3' || rest[1] < '0' || rest[1] > '9') return false;
  int cost = (rest[0] - '0') * 10 + (rest[1] - '0');
  return cost >= 4 && cost <= 31 && is_hash64_text(rest.substr(3), 53, 53);
}

// $y$params$salt$digest and $gy$... (yescrypt, gost-yescrypt): 43-char digest.
bool is_yescrypt(std::string_view rest) noexcept {
  std::array<std::string_view, 3> f;
  return split_fields(rest, f) && is_hash64_text(f[0], 1, 32) && is_hash64_text(f[1], 1, 86) &&
         is_hash64_text(f[2], 43, 43);
}

bool has_crypt_shape(std::string_view text) noexcept {
  if (text.starts_with("$1$")) return is_sha_crypt(text.substr(3), md5crypt);
  if (text.starts_with("$5$")) return is_sha_crypt(text.substr(3), sha256crypt);
  if (text.starts_with("$6$")) return is_sha_crypt(text.substr(3), sha512crypt);
  if (text.starts_with("$2b$")) return is_bcrypt(text.substr(4));
  if (text.starts_with("$y$")) return is_yescrypt(text.substr(3));
  if (text.starts_with("$gy$")) return is_yescrypt(text.substr(4));
  return false;
}

// The shape, and a method this libcrypt (hence slapd's {CRYPT}) can run.
bool is_plausible_crypt(std::string_view text) noexcept {
  if (!has_crypt_shape(text)) return false;
  std::array<char, CRYPT_OUTPUT_SIZE> setting{};
  if (text.size() >= setting.size()) return false;
  std::memcpy(setting.data(), text.data(), text.size());
  int verdict = crypt_checksalt(setting.data());
  return verdict == CRYPT_SALT_OK || verdict == CRYPT_SALT_METHOD_LEGACY || verdict == CRYPT_SALT_TOO_CHEAP;
}

bool is_plausible_salted_sha(std::string_view text, ShaDigest digest) noexcept {
  auto n = base64_decoded_size(text, Base64Padding::required);
  std::size_t d = digest_size(digest);
  return n && *n >= d + min_salt_bytes && *n <= d + max_salt_bytes;
}

}  // namespace

bool is_supported_hash(std::string_view stored) noexcept {
  if (stored.size() > max_stored_length) return false;
  auto hash = parse_stored_hash(stored);
  if (!hash) return false;
  switch (hash->scheme) {
    case StoredScheme::crypt: return is_plausible_crypt(hash->text);
    case StoredScheme::argon2: return is_plausible_argon2(hash->text);
    case StoredScheme::ssha: return is_plausible_salted_sha(hash->text, ShaDigest::sha1);
    case StoredScheme::ssha512: return is_plausible_salted_sha(hash->text, ShaDigest::sha512);
    case StoredScheme::sha:
      return base64_decoded_size(hash->text, Base64Padding::required) == digest_size(ShaDigest::sha1);
  }
  return false;
}

}  // namespace umind
