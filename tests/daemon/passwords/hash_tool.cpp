// hash_tool.cpp — test helper for slapd_bind_test.sh: reads one password line
// on stdin and prints hash_password(password, SCHEME) for slapd to verify.
//   passwords_hash_tool sha512crypt|argon2id|ssha512 < password
// Never echoes the password; the hash goes to stdout only.
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include "daemon/passwords/password_hash.hpp"

namespace {

std::optional<umind::PasswordScheme> parse_scheme(std::string_view name) {
  for (auto s : {umind::PasswordScheme::sha512crypt, umind::PasswordScheme::argon2id, umind::PasswordScheme::ssha512})
    if (umind::to_string(s) == name) return s;
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<umind::PasswordScheme> scheme;
  if (argc == 2) scheme = parse_scheme(argv[1]);
  if (!scheme) {
    std::cerr << "usage: passwords_hash_tool sha512crypt|argon2id|ssha512 < password\n";
    return 2;
  }
  std::string password;
  password.reserve(1024);  // no reallocation leaves copies behind for short lines
  if (!std::getline(std::cin, password)) {
    std::cerr << "passwords_hash_tool: no password on stdin\n";
    return 2;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  int rc = 0;
  try {
    std::cout << umind::hash_password(password, *scheme) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "passwords_hash_tool: " << e.what() << '\n';
    rc = 1;
  }
  explicit_bzero(password.data(), password.size());
  return rc;
}
