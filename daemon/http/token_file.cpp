// token_file.cpp — loads api.token_file. Never puts the token in a message.
#include "daemon/http/token_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace umind {

bool valid_bearer_token(const std::string& token) {
  if (token.empty()) return false;
  for (char c : token)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  std::string text;
  char buf[4097];
  in.read(buf, sizeof buf);
  text.assign(buf, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw std::runtime_error(path + ": cannot read");
  if (text.size() > 4096) throw std::runtime_error(path + ": larger than 4 KiB; not a token file");
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && is_space(text[start])) ++start;
  text.erase(0, start);
  if (text.empty()) throw std::runtime_error(path + ": empty; expected a bearer token");
  if (!valid_bearer_token(text))
    throw std::runtime_error(path + ": the token must be one word of visible ASCII characters");
  return text;
}

}  // namespace umind
