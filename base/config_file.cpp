// config_file.cpp — reads umind.yaml and checks the secret files it names:
// there, a regular file no one but its owner (and group, to read) can use,
// and content the daemon will take.
#include "base/config_file.hpp"

#include <cerrno>
#include <cstdio>
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

#include "core/token_text.hpp"

namespace umind {
namespace {

// Mode bits a secret file must not have: any for others (OpenSSH refuses a
// key file others can read), and group write. Group read stays allowed
// (0640 root:umind lets operators in group umind read the API token).
constexpr mode_t secret_mode_forbidden = S_IRWXO | S_IWGRP;

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Reads what the daemon will read and applies its rule to the content.
std::string content_problem(std::string_view key, int fd) {
  if (key != "api.token_file") return {};
  char buf[token_file_max_bytes + 1];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n < 0) return std::strerror(errno);
  return token_from_file_content(std::string_view(buf, static_cast<std::size_t>(n))).problem;
}

std::string secret_file_problem(std::string_view key, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  if ((st.st_mode & secret_mode_forbidden) != 0)
    return "mode " + mode_text(st.st_mode) +
           ((st.st_mode & S_IRWXO) != 0 ? " gives every local user access to a secret"
                                        : " lets its group change a secret") +
           "; chmod it to 0600 (or 0640 for a group that may read it)";
  if (st.st_size == 0) return "the file is empty";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  std::string problem = content_problem(key, fd);
  ::close(fd);
  return problem;
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
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))  // an ifstream reads a directory as empty
    return std::vector<ConfigError>{{path, 1, 1, "(file)", "cannot read: it is a directory, not a YAML file"}};
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
