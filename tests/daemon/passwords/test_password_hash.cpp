// test_password_hash.cpp — hash_password / verify_password: round trips in
// every scheme, wrong passwords, fresh salts, other producers' hashes, the
// exact output forms, and concurrent sha512crypt. Test passwords only.
#include <catch2/catch.hpp>

#include <array>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "daemon/passwords/password_hash.hpp"
#include "known_hashes.hpp"

using namespace umind;
using namespace std::string_literals;

namespace {

constexpr std::array all_schemes{PasswordScheme::sha512crypt, PasswordScheme::argon2id, PasswordScheme::ssha512};

std::string lower_tag(std::string_view stored) {
  std::string s(stored);
  for (std::size_t i = 0; i < s.size() && s[i] != '}'; ++i)
    if (s[i] >= 'A' && s[i] <= 'Z') s[i] = static_cast<char>(s[i] - 'A' + 'a');
  return s;
}

}  // namespace

TEST_CASE("every scheme round-trips and refuses a wrong password", "[hash]") {
  auto scheme = GENERATE(from_range(all_schemes));
  auto password = GENERATE("Tky-pass-2024"s, "p@$$w0rd{}~!\"'\\`"s, std::string(128, 'x'), ""s);
  CAPTURE(to_string(scheme), password.size());
  std::string stored = hash_password(password, scheme);
  CHECK(verify_password(password, stored));
  CHECK_FALSE(verify_password(password + "x", stored));
  CHECK_FALSE(verify_password("Tky-pass-2025", stored));
  CHECK(is_supported_hash(stored));
  if (!password.empty()) {
    CHECK_FALSE(verify_password(password.substr(0, password.size() - 1), stored));
    CHECK(stored.find(password) == std::string::npos);
  }
}

TEST_CASE("two hashes of one password differ (fresh salt)", "[hash]") {
  auto scheme = GENERATE(from_range(all_schemes));
  CAPTURE(to_string(scheme));
  auto a = hash_password("same-password", scheme);
  auto b = hash_password("same-password", scheme);
  CHECK(a != b);
  CHECK(verify_password("same-password", a));
  CHECK(verify_password("same-password", b));
}

TEST_CASE("the output forms slapd verifies", "[hash]") {
  const std::string b64 = "[A-Za-z0-9+/]";
  SECTION("sha512crypt: {CRYPT}$6$ with a 16-character salt, default rounds") {
    std::regex form(R"(\{CRYPT\}\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86})");
    CHECK(std::regex_match(hash_password("pw-for-form", PasswordScheme::sha512crypt), form));
  }
  SECTION("argon2id: 64 MiB, 3 passes, 1 lane, 16-byte salt, 32-byte digest") {
    std::regex form(R"(\{ARGON2\}\$argon2id\$v=19\$m=65536,t=3,p=1\$)" + b64 + "{22}\\$" + b64 + "{43}");
    CHECK(std::regex_match(hash_password("pw-for-form", PasswordScheme::argon2id), form));
  }
  SECTION("ssha512: base64 of a 64-byte digest and a 16-byte salt") {
    std::regex form(R"(\{SSHA512\})" + b64 + "{107}=");  // 80 bytes
    CHECK(std::regex_match(hash_password("pw-for-form", PasswordScheme::ssha512), form));
  }
}

TEST_CASE("hashes made by slappasswd and other producers verify", "[hash][vectors]") {
  auto stored = GENERATE(from_range(test::all_known_hashes));
  CAPTURE(stored);
  CHECK(verify_password(test::known_password, stored));
  CHECK_FALSE(verify_password("Secret", stored));
  CHECK_FALSE(verify_password("secret ", stored));
  CHECK_FALSE(verify_password("", stored));
  CHECK(verify_password(test::known_password, lower_tag(stored)));  // {crypt}, {ssha}, ...
}

TEST_CASE("values that are not a supported hash never verify", "[hash]") {
  auto stored = GENERATE(as<std::string>{}, "", "secret", "{CLEARTEXT}secret", "{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==",
                         "{SSHA}", "{SSHA}!!!!", "{SHA}", "{CRYPT}", "{CRYPT}*", "{CRYPT}$6$",
                         "{ARGON2}$argon2d$v=19$m=4096,t=3,p=1$ft1yRyUBZcrQTNAsDdQrRQ$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc",
                         "{SSHABivZFwBePZe2Rz+doT6KezLTn92AmnjK");
  CAPTURE(stored);
  CHECK_FALSE(verify_password("secret", stored));
  CHECK_FALSE(verify_password("", stored));
}

TEST_CASE("argon2 costs beyond the bounds are refused before any work", "[hash]") {
  // m = 4 GiB would make one bind allocate 4 GiB; refused without trying.
  CHECK_FALSE(verify_password(
      "secret", "{ARGON2}$argon2id$v=19$m=4194304,t=3,p=1$ft1yRyUBZcrQTNAsDdQrRQ$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc"));
}

TEST_CASE("a truncated stored digest does not verify", "[hash]") {
  std::string stored(test::slappasswd_crypt6);
  stored.pop_back();
  CHECK_FALSE(verify_password("secret", stored));
  std::string ssha(test::slappasswd_ssha512);
  CHECK_FALSE(verify_password("secret", ssha.substr(0, ssha.size() - 4)));
}

TEST_CASE("passwords no scheme can hash faithfully are refused without echo", "[hash]") {
  auto scheme = GENERATE(from_range(all_schemes));
  const std::string with_nul("abc\0defgh", 9);
  const std::string too_long(512, 'k');
  for (const auto& pw : {with_nul, too_long}) {
    try {
      hash_password(pw, scheme);
      FAIL("hash_password accepted a password it cannot hash faithfully");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find("abc") == std::string::npos);
      CHECK(std::string(e.what()).find("kkkk") == std::string::npos);
    }
  }
  // libcrypt would stop at the NUL: "abc" must not match a hash of "abc".
  CHECK_FALSE(verify_password(with_nul, hash_password("abc", PasswordScheme::sha512crypt)));
  CHECK(verify_password(std::string(511, 'k'), hash_password(std::string(511, 'k'), PasswordScheme::sha512crypt)));
}

TEST_CASE("hash_scheme_name names the tag only", "[hash]") {
  CHECK(hash_scheme_name(test::slappasswd_crypt6) == "CRYPT");
  CHECK(hash_scheme_name("{crypt}whatever") == "CRYPT");
  CHECK(hash_scheme_name(test::slappasswd_argon2i) == "ARGON2");
  CHECK(hash_scheme_name(test::slappasswd_ssha) == "SSHA");
  CHECK(hash_scheme_name("{ssha512}x") == "SSHA512");
  CHECK(hash_scheme_name(test::slappasswd_sha) == "SHA");
  CHECK(hash_scheme_name(hash_password("x", PasswordScheme::argon2id)) == "ARGON2");
  CHECK(hash_scheme_name(hash_password("x", PasswordScheme::ssha512)) == "SSHA512");
  CHECK(hash_scheme_name("{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==").empty());
  CHECK(hash_scheme_name("{CRYPT").empty());
  CHECK(hash_scheme_name("secret").empty());
  CHECK(hash_scheme_name("").empty());
}

TEST_CASE("sha512crypt from 4 threads at once gives verifiable hashes", "[hash][threads]") {
  constexpr int threads = 4, per_thread = 8;
  std::vector<std::vector<std::string>> hashes(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([t, &hashes] {
      for (int i = 0; i < per_thread; ++i)
        hashes[static_cast<std::size_t>(t)].push_back(
            hash_password("pw-" + std::to_string(t) + "-" + std::to_string(i), PasswordScheme::sha512crypt));
    });
  for (auto& w : workers) w.join();

  std::vector<char> ok(threads, 0);
  workers.clear();
  for (int t = 0; t < threads; ++t)  // verify concurrently too
    workers.emplace_back([t, &hashes, &ok] {
      bool all = true;
      for (int i = 0; i < per_thread; ++i) {
        const auto& h = hashes[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
        all = all && verify_password("pw-" + std::to_string(t) + "-" + std::to_string(i), h);
        all = all && !verify_password("pw-" + std::to_string((t + 1) % threads) + "-" + std::to_string(i), h);
      }
      ok[static_cast<std::size_t>(t)] = all;
    });
  for (auto& w : workers) w.join();
  for (int t = 0; t < threads; ++t) {
    CAPTURE(t);
    CHECK(ok[static_cast<std::size_t>(t)]);
    CHECK(hashes[static_cast<std::size_t>(t)].size() == per_thread);
  }
}
