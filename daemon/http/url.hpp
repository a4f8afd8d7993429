// url.hpp — percent-encoding and the parts of an admin API target (path
// segments, query), shared by the server and ApiClient. Pure string work:
// it never does I/O and never throws on hostile input (bad input → nullopt).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace umind {

// Encodes every byte except the RFC 3986 unreserved ones (A-Z a-z 0-9 - . _ ~):
// "a+b c/d" → "a%2Bb%20c%2Fd". Safe for a query value and for a path segment.
std::string url_encode(std::string_view value);

// "%41" → "A". With plus_is_space (query strings, as browsers send them)
// '+' means ' '. nullopt on a malformed escape ("%4", "%zz").
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);

// path + "?k=v&k2=v2" with keys and values encoded; just path when empty.
std::string with_query(std::string path, const std::vector<std::pair<std::string, std::string>>& params);

struct SplitTarget {
  std::string_view path;   // "/v1/accounts/x"
  std::string_view query;  // "a=1&b=2", without '?'
};
SplitTarget split_target(std::string_view target);

// "/v1/a%2Fb/c" → {"v1", "a/b", "c"} (decoded after splitting, so an encoded
// '/' stays inside its segment). nullopt unless path starts with '/' and
// every escape is valid. "/" → {""}.
std::optional<std::vector<std::string>> split_path(std::string_view path);

// "a=1&b=x+y&c" → {a:1, b:"x y", c:""}; a repeated key keeps the last value.
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

}  // namespace umind
