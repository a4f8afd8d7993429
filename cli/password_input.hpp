// password_input.hpp — reading a password from stdin (one line), without
// echo on a terminal. The password is only ever sent to umind.
#pragma once
#include <optional>
#include <string>

namespace umind::cli {
// nullopt when stdin is closed before a line arrives.
std::optional<std::string> read_password(const char* prompt);
}  // namespace umind::cli
