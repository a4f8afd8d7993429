// token_file.hpp — reading the admin API bearer token from api.token_file,
// for umind and uminctl alike. Errors name the file, never its content; the
// token is never logged. The content rule is core/token_text, which
// --check-config applies too.
#pragma once
#include <string>

#include "core/token_text.hpp"

namespace umind {

// The token: the file's content without surrounding whitespace. Throws
// std::runtime_error "PATH: why" when the file cannot be read, is empty, is
// larger than 4 KiB or the token has inner whitespace or control characters.
std::string read_token_file(const std::string& path);

}  // namespace umind
