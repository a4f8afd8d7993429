// password_policy.cpp — the new-password rules and random passwords. Never
// puts the password, nor the ID it was found to contain, in a message.
#include "daemon/passwords/password_policy.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/text.hpp"
#include "daemon/passwords/os_random.hpp"

namespace umind {
namespace {

Refusal refuse(std::string rule, std::string message) { return Refusal{std::move(rule), std::move(message)}; }

// UTF-8 characters: every byte that is not a continuation byte starts one.
std::size_t character_count(std::string_view s) noexcept {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0u) != 0x80u; }));
}

bool is_half_width_printable(char c) noexcept { return c >= 0x21 && c <= 0x7e; }

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) noexcept {
  auto same = [](char a, char b) { return to_lower_ascii(a) == to_lower_ascii(b); };
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), same) != haystack.end();
}

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }

// Random bytes drawn one at a time; wiped when dropped.
class RandomPool {
 public:
  RandomPool() = default;
  RandomPool(const RandomPool&) = delete;
  RandomPool& operator=(const RandomPool&) = delete;
  ~RandomPool() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  unsigned char next() {
    if (used_ == bytes_.size()) {
      fill_random(bytes_);
      used_ = 0;
    }
    return bytes_[used_++];
  }

 private:
  std::array<unsigned char, 256> bytes_{};
  std::size_t used_ = bytes_.size();
};

}  // namespace

Check check_new_password(std::string_view password) {
  std::size_t n = character_count(password);
  if (n < password_min_length)
    return refuse("password.length", "the password is shorter than 8 characters; a password has 8 to 128 characters");
  if (n > password_max_length)
    return refuse("password.length", "the password is longer than 128 characters; a password has 8 to 128 characters");
  if (!std::all_of(password.begin(), password.end(), is_half_width_printable))
    return refuse("password.characters",
                  "the password may use only half-width ASCII letters, digits and symbols; "
                  "full-width or control characters and spaces are not allowed");
  return std::nullopt;
}

Check check_new_password(std::string_view password, std::string_view id) {
  if (auto refusal = check_new_password(password)) return refusal;
  if (!id.empty() && contains_ignoring_case(password, id))
    return refuse("password.contains-id", "the password contains the ID; choose a password without it");
  return std::nullopt;
}

std::string random_password(std::size_t length) {
  if (length < password_min_length || length > password_max_length)
    throw std::invalid_argument("a random password has 8 to 128 characters");
  constexpr std::size_t radix = random_password_alphabet.size();
  constexpr unsigned limit = 256 - 256 % radix;  // bytes >= limit would favour the first letters
  RandomPool pool;
  std::string password(length, '\0');
  for (;;) {
    for (char& c : password) {
      unsigned char b = pool.next();
      while (b >= limit) b = pool.next();
      c = random_password_alphabet[b % radix];
    }
    // Redrawing the whole password keeps it uniform over the valid ones.
    if (std::any_of(password.begin(), password.end(), is_upper) &&
        std::any_of(password.begin(), password.end(), is_lower_alpha) &&
        std::any_of(password.begin(), password.end(), is_digit))
      return password;
  }
}

}  // namespace umind
