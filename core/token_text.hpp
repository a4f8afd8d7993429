// token_text.hpp — what makes the content of api.token_file a usable admin
// API bearer token. Pure: umind's API role and uminctl (reading the file) and
// --check-config (checking it before start) use this one rule, so a token
// file the daemon would refuse at start is refused by --check-config too.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace umind {

// A token file holds at most this many bytes; read one more to tell.
inline constexpr std::size_t token_file_max_bytes = 4096;

// True when `token` is usable as a bearer token: non-empty, visible ASCII only.
bool valid_bearer_token(std::string_view token);

// The token in a token file's `content` (surrounding whitespace dropped), or
// why there is none; the message never shows the content.
struct TokenText {
  std::string token;
  std::string problem;  // empty when `token` is usable
};
TokenText token_from_file_content(std::string_view content);

}  // namespace umind
