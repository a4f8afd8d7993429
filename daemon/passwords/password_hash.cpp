// password_hash.cpp — picks the scheme for hash_password and verify_password
// and checks the shape of imported hashes. Never logs, prints or puts in an
// exception message a password or a hash.
#include "daemon/passwords/password_hash.hpp"

#include <stdexcept>

#include "daemon/passwords/hash_schemes.hpp"
#include "daemon/passwords/stored_hash.hpp"

namespace umind {

std::string hash_password(std::string_view password, PasswordScheme scheme) {
  if (password.find('\0') != std::string_view::npos)
    throw std::invalid_argument("a password with a NUL byte cannot be hashed");
  if (password.size() > crypt_max_password_bytes())
    throw std::invalid_argument("the password is too long to be hashed");
  switch (scheme) {
    case PasswordScheme::sha512crypt: return "{CRYPT}" + sha512crypt_hash(password);
    case PasswordScheme::argon2id: return "{ARGON2}" + argon2id_hash(password);
    case PasswordScheme::ssha512: return "{SSHA512}" + ssha512_hash(password);
  }
  throw std::invalid_argument("unknown password scheme");
}

bool verify_password(std::string_view password, std::string_view stored) {
  auto hash = parse_stored_hash(stored);
  if (!hash) return false;
  switch (hash->scheme) {
    case StoredScheme::crypt: return crypt_verify(password, hash->text);
    case StoredScheme::argon2: return argon2_verify_text(password, hash->text);
    case StoredScheme::ssha: return salted_sha_verify(password, hash->text, ShaDigest::sha1);
    case StoredScheme::ssha512: return salted_sha_verify(password, hash->text, ShaDigest::sha512);
    case StoredScheme::sha: return sha_verify(password, hash->text);
  }
  return false;
}

std::string_view hash_scheme_name(std::string_view stored) noexcept {
  auto hash = parse_stored_hash(stored);
  return hash ? tag_name(hash->scheme) : std::string_view{};
}

}  // namespace umind
