// bearer_token.hpp — checks an Authorization header against the admin API
// token in constant time (SHA-256 of both sides, then CRYPTO_memcmp), so
// neither the content nor the length of the token leaks through timing.
// It never logs, prints or returns the token.
#pragma once
#include <array>
#include <string>
#include <string_view>

namespace umind {

class BearerToken {
 public:
  // Throws std::invalid_argument unless valid_bearer_token(token).
  explicit BearerToken(const std::string& token);

  // True for "Bearer <token>" (scheme case-insensitive, spaces around the
  // token ignored) with the right token.
  bool matches_header(std::string_view authorization) const;

 private:
  std::array<unsigned char, 32> digest_{};
};

}  // namespace umind
