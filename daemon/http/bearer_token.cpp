// bearer_token.cpp — constant-time bearer token comparison over SHA-256
// digests. The token itself is hashed once and not kept.
#include "daemon/http/bearer_token.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "daemon/http/token_file.hpp"

namespace umind {
namespace {

std::array<unsigned char, 32> sha256(std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != out.size())
    throw std::runtime_error("SHA-256 failed");
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if ((x | 0x20) != (y | 0x20)) return false;
  }
  return true;
}

}  // namespace

BearerToken::BearerToken(const std::string& token) {
  if (!valid_bearer_token(token))
    throw std::invalid_argument("the API bearer token must be non-empty visible ASCII");
  digest_ = sha256(token);
}

bool BearerToken::matches_header(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer";
  if (authorization.size() <= scheme.size() || !iequals(authorization.substr(0, scheme.size()), scheme) ||
      authorization[scheme.size()] != ' ')
    return false;
  std::string_view presented = authorization.substr(scheme.size());
  while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
  while (!presented.empty() && presented.back() == ' ') presented.remove_suffix(1);
  auto digest = sha256(presented);
  // Both digests are 32 bytes whatever the lengths of the tokens were.
  return CRYPTO_memcmp(digest.data(), digest_.data(), digest.size()) == 0;
}

}  // namespace umind
