// token_text.cpp — the bearer token rule for api.token_file's content.
#include "core/token_text.hpp"

namespace umind {

bool valid_bearer_token(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

TokenText token_from_file_content(std::string_view text) {
  if (text.size() > token_file_max_bytes) return {{}, "larger than 4 KiB; not a token file"};
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  if (text.empty()) return {{}, "empty; expected a bearer token"};
  if (!valid_bearer_token(text)) return {{}, "the token must be one word of visible ASCII characters"};
  return {std::string(text), {}};
}

}  // namespace umind
