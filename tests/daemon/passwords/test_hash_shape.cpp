// test_hash_shape.cpp — is_supported_hash, the gate import uses to keep
// garbage out of LDAP: a table of good and bad userPassword values. Test
// values only, never real credentials.
#include <catch2/catch.hpp>

#include <string>

#include "daemon/passwords/password_hash.hpp"
#include "known_hashes.hpp"

using namespace umind;

namespace {

struct Row {
  std::string stored;
  bool supported;
  const char* why;
};

const std::string crypt6_digest =
    "d.d94REZOYrCYrw0EfJpf5ClOSJJ/rIqtKmq5vGQXqLAmU5JPwqMaQ6EdKVeHbQQmSQvBz36OswErqW00Spkm0";
// SHA-1("secret" + e0..ef) + e0..ef, made with Python's hashlib.
const std::string ssha_16_byte_salt = "{SSHA}UC4nIhjzSU8KZATXSsegd6h0l//g4eLj5OXm5+jp6uvs7e7v";
const std::string argon2_tail = "$ft1yRyUBZcrQTNAsDdQrRQ$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc";

}  // namespace

TEST_CASE("every known hash has a supported shape", "[shape]") {
  auto stored = GENERATE(from_range(test::all_known_hashes));
  CAPTURE(stored);
  CHECK(is_supported_hash(stored));
}

TEST_CASE("is_supported_hash table", "[shape]") {
  auto row = GENERATE(values<Row>({
      // good
      {"{CRYPT}$6$zKIiNGGc8p3OYZfB$" + crypt6_digest, true, "sha512crypt from slappasswd"},
      {"{crypt}$6$zKIiNGGc8p3OYZfB$" + crypt6_digest, true, "tag in lower case"},
      {"{Crypt}$6$short$" + crypt6_digest, true, "salt shorter than 16"},
      {"{CRYPT}$6$rounds=656000$zKIiNGGc8p3OYZfB$" + crypt6_digest, true, "explicit rounds"},
      {"{ssha}BivZFwBePZe2Rz+doT6KezLTn92AmnjK", true, "{ssha} in lower case, 4-byte salt"},
      {ssha_16_byte_salt, true, "{SSHA} with a 16-byte salt"},
      {"{ARGON2}$argon2id$m=4096,t=3,p=1" + argon2_tail, true, "argon2 without v= (version 0x10)"},
      {"{ARGON2}$argon2i$v=16$m=4096,t=3,p=1" + argon2_tail, true, "argon2i v=16"},
      // bad: not a hash at all
      {"", false, "empty"},
      {"secret", false, "cleartext"},
      {"{CLEARTEXT}secret", false, "unknown tag"},
      {"{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==", false, "unsalted MD5 is not supported"},
      {"{SSHABivZFwBePZe2Rz+doT6KezLTn92AmnjK", false, "unclosed tag"},
      {" {SSHA}BivZFwBePZe2Rz+doT6KezLTn92AmnjK", false, "leading space"},
      // bad: {CRYPT}
      {"{CRYPT}", false, "{CRYPT} with nothing"},
      {"{CRYPT}abJnggxhB/yWI", false, "traditional DES crypt"},
      {"{CRYPT}$6$zKIiNGGc8p3OYZfB$" + crypt6_digest.substr(1), false, "digest one character short"},
      {"{CRYPT}$6$zKIiNGGc8p3OYZfB$" + crypt6_digest + "x", false, "digest one character long"},
      {"{CRYPT}$6$zKIiNGGc8p3OYZfBx$" + crypt6_digest, false, "17-character salt"},
      {"{CRYPT}$6$$" + crypt6_digest, false, "empty salt"},
      {"{CRYPT}$6$zKIi NGGc8p3OYZf$" + crypt6_digest, false, "space in the salt"},
      {"{CRYPT}$6$rounds=999$zKIiNGGc8p3OYZfB$" + crypt6_digest, false, "rounds below 1000"},
      {"{CRYPT}$6$zKIiNGGc8p3OYZfB$" + crypt6_digest + "\n", false, "trailing newline"},
      {"{CRYPT}$7$zKIiNGGc8p3OYZfB$" + crypt6_digest, false, "unknown method $7$"},
      {"{CRYPT}$1$/skL.JBA$TRaVqL9k5QDgGKH7YmyRU", false, "md5crypt digest short"},
      {"{CRYPT}$2b$03$azeiTqrc7MChOnhligjgMe/eLBosxZMVm8OmtVBPiMOd6ywrFoUL6", false, "bcrypt cost 03"},
      {"{CRYPT}$2b$12$azeiTqrc7MChOnhligjgMe/eLBosxZMVm8OmtVBPiMOd6ywrFoUL", false, "bcrypt one short"},
      {"{CRYPT}$y$j9T$LoXIReUp78pnwItqNl2.0/", false, "yescrypt setting without digest"},
      // bad: {SSHA} {SSHA512} {SHA}
      {"{SSHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", false, "{SSHA} without salt (a bare SHA-1)"},
      {"{SSHA}BivZFwBePZe2Rz+doT6KezLTn92Amnj", false, "base64 missing a character"},
      {"{SSHA}BivZFwBePZe2Rz+doT6KezLTn92AmnjK=", false, "stray padding"},
      {"{SSHA}BivZFwBePZe2Rz+doT6KezLTn92A!njK", false, "character outside base64"},
      {"{SSHA}BivZFwBePZe2Rz+d oT6KezLTn92AmnjK", false, "space inside base64"},
      {"{SSHA512}BivZFwBePZe2Rz+doT6KezLTn92AmnjK", false, "{SSHA512} too short for a SHA-512 digest"},
      {"{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ", false, "{SHA} without padding"},
      {"{SHA}BivZFwBePZe2Rz+doT6KezLTn92AmnjK", false, "{SHA} of 24 bytes"},
      {"{SHA}5en6G6MezRroT3XKqkdPOmY/BfR=", false, "non-zero spare bits"},
      // bad: {ARGON2}
      {"{ARGON2}$argon2d$v=19$m=4096,t=3,p=1" + argon2_tail, false, "argon2d"},
      {"{ARGON2}$argon2id$v=18$m=4096,t=3,p=1" + argon2_tail, false, "unknown version"},
      {"{ARGON2}$argon2id$v=19$m=4194304,t=3,p=1" + argon2_tail, false, "4 GiB of memory"},
      {"{ARGON2}$argon2id$v=19$m=4096,t=0,p=1" + argon2_tail, false, "no passes"},
      {"{ARGON2}$argon2id$v=19$m=04096,t=3,p=1" + argon2_tail, false, "leading zero"},
      {"{ARGON2}$argon2id$v=19$t=3,m=4096,p=1" + argon2_tail, false, "parameters out of order"},
      {"{ARGON2}$argon2id$v=19$m=4096,t=3,p=1" + argon2_tail + "$", false, "trailing '$'"},
      {"{ARGON2}$argon2id$v=19$m=4096,t=3,p=1$ft1yRyUB$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc", false,
       "6-byte salt"},
      {"{ARGON2}$argon2id$v=19$m=4096,t=3,p=1$ft1yRyUBZcrQTNAsDdQrRQ==$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc",
       false, "padded base64 inside argon2"},
      {"{ARGON2}" + std::string(2000, 'a'), false, "absurdly long"},
  }));
  CAPTURE(row.why, row.stored);
  CHECK(is_supported_hash(row.stored) == row.supported);
}

TEST_CASE("an {SSHA} with a 16-byte salt verifies", "[shape]") {
  CHECK(verify_password("secret", ssha_16_byte_salt));
  CHECK_FALSE(verify_password("secreT", ssha_16_byte_salt));
}

TEST_CASE("our own hashes are supported shapes", "[shape]") {
  for (auto scheme : {PasswordScheme::sha512crypt, PasswordScheme::argon2id, PasswordScheme::ssha512}) {
    CAPTURE(to_string(scheme));
    CHECK(is_supported_hash(hash_password("Tky-shape-1", scheme)));
  }
}
