// config_file.cpp — reads umind.yaml and checks the secret files it names.
#include "base/config_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <grp.h>
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

// The gid, or what is wrong ("no such group", a lookup error).
std::variant<gid_t, std::string> lookup_group(const std::string& name) {
  std::vector<char> buf(16384);
  struct group gr {};
  struct group* found = nullptr;
  int err = 0;
  while ((err = ::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found)) == ERANGE && buf.size() < (1u << 20))
    buf.resize(buf.size() * 2);
  if (found != nullptr) return gr.gr_gid;
  return std::string(err == 0 ? "no such group" : std::strerror(err));
}

std::string group_problem(const std::string& name) {
  auto r = lookup_group(name);
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string{};
}

ConfigResult load_config_file(const std::string& path, HostCheck host) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int e = errno;
    return std::vector<ConfigError>{{path, 1, 1, "(file)", std::string("cannot read: ") + std::strerror(e)}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  HostChecks checks;
  if (host == HostCheck::check) checks = {secret_file_problem, group_problem};
  return load_config(text.str(), path, checks);
}

ConfigResult load_cli_config(const std::string& explicit_path) {
  if (!explicit_path.empty()) return load_config_file(explicit_path, HostCheck::skip);
  if (::access(default_config_path, F_OK) == 0) return load_config_file(default_config_path, HostCheck::skip);
  return Config{};
}

gid_t group_id(const std::string& name) {
  auto r = lookup_group(name);
  if (auto* problem = std::get_if<std::string>(&r)) throw std::runtime_error("group " + name + ": " + *problem);
  return std::get<gid_t>(r);
}

std::string format_errors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

}  // namespace umind
