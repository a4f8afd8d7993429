// crypt_scheme.cpp — {CRYPT} through libxcrypt's reentrant calls
// (crypt_gensalt_rn, crypt_rn) on a private, wiped work area: no static
// buffers, safe from many threads. Never logs or echoes a password or hash.
#include <crypt.h>
#include <openssl/crypto.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "daemon/passwords/hash_schemes.hpp"

namespace umind {
namespace {

// libcrypt's 32 KiB work area on the heap, holding the NUL-terminated copies
// of the password and the setting that crypt_rn needs; wiped when dropped.
class CryptWorkArea {
 public:
  CryptWorkArea() : data_(std::make_unique<crypt_data>()) {}  // zeroed
  ~CryptWorkArea() { OPENSSL_cleanse(data_.get(), sizeof(crypt_data)); }
  CryptWorkArea(const CryptWorkArea&) = delete;
  CryptWorkArea& operator=(const CryptWorkArea&) = delete;

  // False when the password does not fit or holds a NUL byte.
  bool set_password(std::string_view password) noexcept {
    return copy_c_string(password, data_->input, sizeof data_->input);
  }
  bool set_setting(std::string_view setting) noexcept {
    return copy_c_string(setting, data_->setting, sizeof data_->setting);
  }
  // "$6$" + 16 salt characters from the OS's random source.
  bool generate_sha512_setting() noexcept {
    return crypt_gensalt_rn("$6$", 0, nullptr, 0, data_->setting, static_cast<int>(sizeof data_->setting)) !=
           nullptr;
  }
  // The hash, or nullptr when libcrypt refuses the setting.
  const char* run() noexcept {
    const char* out = crypt_rn(data_->input, data_->setting, data_.get(), static_cast<int>(sizeof(crypt_data)));
    return (out == nullptr || out[0] == '*') ? nullptr : out;
  }

 private:
  static bool copy_c_string(std::string_view text, char* out, std::size_t capacity) noexcept {
    if (text.size() >= capacity || text.find('\0') != std::string_view::npos) return false;
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return true;
  }
  std::unique_ptr<crypt_data> data_;
};

}  // namespace

std::size_t crypt_max_password_bytes() noexcept { return CRYPT_MAX_PASSPHRASE_SIZE - 1; }

std::string sha512crypt_hash(std::string_view password) {
  CryptWorkArea area;
  if (!area.set_password(password)) throw std::invalid_argument("password cannot be hashed by libcrypt");
  if (!area.generate_sha512_setting()) throw std::runtime_error("libcrypt could not generate a $6$ salt");
  const char* out = area.run();
  if (out == nullptr) throw std::runtime_error("libcrypt sha512crypt hashing failed");
  return out;
}

bool crypt_verify(std::string_view password, std::string_view text) {
  CryptWorkArea area;
  if (!area.set_password(password) || !area.set_setting(text)) return false;
  const char* out = area.run();
  if (out == nullptr) return false;
  std::size_t n = std::strlen(out);
  return n == text.size() && CRYPTO_memcmp(out, text.data(), n) == 0;
}

}  // namespace umind
