// token_file.cpp — loads api.token_file. Never puts the token in a message.
#include "daemon/http/token_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace umind {

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read: " + std::strerror(errno));
  char buf[token_file_max_bytes + 1];
  in.read(buf, sizeof buf);
  if (in.bad()) throw std::runtime_error(path + ": cannot read");
  auto text = token_from_file_content(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
  if (!text.problem.empty()) throw std::runtime_error(path + ": " + text.problem);
  return text.token;
}

}  // namespace umind
