// salted_sha_scheme.cpp — {SSHA512}, {SSHA} and {SHA} through OpenSSL EVP:
// base64(digest(password + salt) + salt), digests compared with CRYPTO_memcmp.
// Never logs or echoes a password, digest or hash.
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <vector>

#include "daemon/passwords/base64.hpp"
#include "daemon/passwords/hash_schemes.hpp"
#include "daemon/passwords/os_random.hpp"

namespace umind {
namespace {

constexpr std::size_t new_salt_bytes = 16;

// A digest buffer that is wiped when dropped.
struct Digest {
  std::array<unsigned char, EVP_MAX_MD_SIZE> bytes{};
  unsigned int size = 0;
  Digest() = default;
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  ~Digest() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

const EVP_MD* evp_of(ShaDigest digest) noexcept {
  return digest == ShaDigest::sha1 ? EVP_sha1() : EVP_sha512();
}

// digest(password + salt) into `out`; throws std::runtime_error if OpenSSL fails.
void salted_digest(ShaDigest digest, std::string_view password, std::span<const unsigned char> salt, Digest& out) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), evp_of(digest), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), password.data(), password.size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), salt.data(), salt.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.bytes.data(), &out.size) != 1 || out.size != digest_size(digest))
    throw std::runtime_error("OpenSSL digest computation failed");
}

// Whether digest(password + salt) equals `expected` (constant time).
bool digest_matches(ShaDigest digest, std::string_view password, std::span<const unsigned char> expected,
                    std::span<const unsigned char> salt) {
  Digest computed;
  salted_digest(digest, password, salt, computed);
  return expected.size() == computed.size &&
         CRYPTO_memcmp(computed.bytes.data(), expected.data(), expected.size()) == 0;
}

}  // namespace

std::size_t digest_size(ShaDigest digest) noexcept { return digest == ShaDigest::sha1 ? 20 : 64; }

std::string ssha512_hash(std::string_view password) {
  std::array<unsigned char, new_salt_bytes> salt{};
  fill_random(salt);
  Digest digest;
  salted_digest(ShaDigest::sha512, password, salt, digest);
  std::vector<unsigned char> value(digest.bytes.begin(), digest.bytes.begin() + digest.size);
  value.insert(value.end(), salt.begin(), salt.end());
  std::string text = base64_encode(value);
  OPENSSL_cleanse(value.data(), value.size());
  return text;
}

bool salted_sha_verify(std::string_view password, std::string_view text, ShaDigest digest) {
  auto value = base64_decode(text, Base64Padding::required);
  std::size_t n = digest_size(digest);
  if (!value || value->size() <= n) return false;
  std::span<const unsigned char> bytes(*value);
  return digest_matches(digest, password, bytes.first(n), bytes.subspan(n));
}

bool sha_verify(std::string_view password, std::string_view text) {
  auto value = base64_decode(text, Base64Padding::required);
  if (!value || value->size() != digest_size(ShaDigest::sha1)) return false;
  return digest_matches(ShaDigest::sha1, password, *value, {});
}

}  // namespace umind
