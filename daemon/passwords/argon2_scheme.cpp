// argon2_scheme.cpp — {ARGON2} through libargon2: argon2id with 64 MiB, 3
// passes, 1 lane and a 16-byte salt from getrandom; verification of argon2id
// and argon2i with bounded costs. Never logs or echoes a password or hash.
#include <argon2.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "daemon/passwords/base64.hpp"
#include "daemon/passwords/hash_schemes.hpp"
#include "daemon/passwords/os_random.hpp"

namespace umind {
namespace {

constexpr std::uint32_t time_cost = 3;
constexpr std::uint32_t memory_cost_kib = 65536;
constexpr std::uint32_t lanes = 1;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t digest_bytes = 32;

// Bounds for stored values (imported or ours).
constexpr std::uint32_t max_memory_kib = 1024 * 1024;  // 1 GiB
constexpr std::uint32_t max_time_cost = 32;
constexpr std::uint32_t max_lanes = 16;
constexpr std::size_t min_salt_bytes = 8, max_salt_bytes = 64;
constexpr std::size_t min_digest_bytes = 16, max_digest_bytes = 64;

// Reads an encoded argon2 string left to right.
class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}
  bool literal(std::string_view lit) noexcept {
    if (rest_.substr(0, lit.size()) != lit) return false;
    rest_.remove_prefix(lit.size());
    return true;
  }
  // A decimal without leading zeros that fits in 32 bits.
  std::optional<std::uint32_t> number() noexcept {
    std::size_t n = 0;
    std::uint64_t value = 0;
    while (n < rest_.size() && rest_[n] >= '0' && rest_[n] <= '9' && n < 10) {
      value = value * 10 + static_cast<std::uint64_t>(rest_[n] - '0');
      ++n;
    }
    if (n == 0 || (n > 1 && rest_[0] == '0') || value > UINT32_MAX) return std::nullopt;
    rest_.remove_prefix(n);
    return static_cast<std::uint32_t>(value);
  }
  // Up to the next '$' (or the end), consumed.
  std::string_view field() noexcept {
    auto end = rest_.find('$');
    auto f = rest_.substr(0, end);
    rest_.remove_prefix(f.size());
    return f;
  }
  bool at_end() const noexcept { return rest_.empty(); }

 private:
  std::string_view rest_;
};

std::optional<argon2_type> variant_of(std::string_view text) noexcept {
  if (text.starts_with("$argon2id$")) return Argon2_id;
  if (text.starts_with("$argon2i$")) return Argon2_i;
  return std::nullopt;
}

bool within(std::optional<std::size_t> n, std::size_t lo, std::size_t hi) noexcept {
  return n && *n >= lo && *n <= hi;
}

}  // namespace

bool is_plausible_argon2(std::string_view text) noexcept {
  auto variant = variant_of(text);
  if (!variant) return false;
  Reader r(text);
  r.literal(*variant == Argon2_id ? "$argon2id" : "$argon2i");
  if (r.literal("$v=")) {
    auto v = r.number();
    if (!v || (*v != ARGON2_VERSION_10 && *v != ARGON2_VERSION_13)) return false;
  }
  if (!r.literal("$m=")) return false;
  auto m = r.number();
  if (!m || !r.literal(",t=")) return false;
  auto t = r.number();
  if (!t || !r.literal(",p=")) return false;
  auto p = r.number();
  if (!p || !r.literal("$")) return false;
  if (*p < 1 || *p > max_lanes || *t < 1 || *t > max_time_cost) return false;
  if (*m < 8 * *p || *m > max_memory_kib) return false;
  auto salt = base64_decoded_size(r.field(), Base64Padding::none);
  if (!within(salt, min_salt_bytes, max_salt_bytes) || !r.literal("$")) return false;
  auto digest = base64_decoded_size(r.field(), Base64Padding::none);
  return within(digest, min_digest_bytes, max_digest_bytes) && r.at_end();
}

std::string argon2id_hash(std::string_view password) {
  std::array<unsigned char, salt_bytes> salt{};
  fill_random(salt);
  std::string encoded(argon2_encodedlen(time_cost, memory_cost_kib, lanes, salt_bytes, digest_bytes, Argon2_id),
                      '\0');
  int rc = argon2id_hash_encoded(time_cost, memory_cost_kib, lanes, password.data(), password.size(), salt.data(),
                                 salt.size(), digest_bytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("argon2id hashing failed: ") + argon2_error_message(rc));
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

bool argon2_verify_text(std::string_view password, std::string_view text) {
  if (!is_plausible_argon2(text)) return false;
  const std::string encoded(text);  // libargon2 wants a C string
  int rc = argon2_verify(encoded.c_str(), password.data(), password.size(), *variant_of(text));
  switch (rc) {
    case ARGON2_OK: return true;
    case ARGON2_MEMORY_ALLOCATION_ERROR:
    case ARGON2_THREAD_FAIL:
      throw std::runtime_error(std::string("argon2 verification failed: ") + argon2_error_message(rc));
    default: return false;  // mismatch or a value libargon2 cannot decode
  }
}

}  // namespace umind
