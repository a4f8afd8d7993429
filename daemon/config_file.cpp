// config_file.cpp — reads umind.yaml and checks the secret files it names.
#include "daemon/config_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace umind {
namespace {

std::string secret_file_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  ::close(fd);
  if (st.st_size == 0) return "the file is empty";
  return {};
}

}  // namespace

ConfigResult load_config_file(const std::string& path, SecretCheck secrets) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int e = errno;
    return std::vector<ConfigError>{{path, 1, 1, "(file)", std::string("cannot read: ") + std::strerror(e)}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  SecretFileCheck check;
  if (secrets == SecretCheck::check) check = secret_file_problem;
  return load_config(text.str(), path, check);
}

ConfigResult load_cli_config(const std::string& explicit_path) {
  if (!explicit_path.empty()) return load_config_file(explicit_path, SecretCheck::skip);
  if (::access(default_config_path, F_OK) == 0) return load_config_file(default_config_path, SecretCheck::skip);
  return Config{};
}

std::string format_errors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

}  // namespace umind
