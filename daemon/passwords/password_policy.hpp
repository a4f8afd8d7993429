// password_policy.hpp — what a new UMIN password must be (FAQ §2.5) and the
// random passwords given at creation and handover (DESIGN §3). A refusal
// names the rule broken, never the password, nor anything that would reveal
// part of it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/refusal.hpp"

namespace umind {

inline constexpr std::size_t password_min_length = 8;
inline constexpr std::size_t password_max_length = 128;

// Letters and digits without the look-alikes 0 O o 1 l I (FAQ §2.5).
inline constexpr std::string_view random_password_alphabet =
    "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

// Rules, in this order:
//   password.length      8 to 128 characters (counted as UTF-8 characters)
//   password.characters  printable half-width ASCII 0x21-0x7E only
Check check_new_password(std::string_view password);
// The same, then
//   password.contains-id  the password contains the ID (any case)
// The message does not name the ID: it would tell the reader part of the
// password. An empty `id` skips that rule.
Check check_new_password(std::string_view password, std::string_view id);

// `length` characters of random_password_alphabet from getrandom(2), each
// uniform (rejection sampling), with at least one upper-case letter, one
// lower-case letter and one digit; so it passes check_new_password.
// Throws std::invalid_argument unless 8 <= length <= 128, std::runtime_error
// if the kernel gives no random bytes.
std::string random_password(std::size_t length = 16);

}  // namespace umind
