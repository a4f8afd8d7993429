// known_hashes.hpp — userPassword values of the password "secret" made by
// other producers (slappasswd, Python's crypt, libxcrypt and libargon2
// called directly), pasted once. Test data only: never real credentials.
#pragma once
#include <array>
#include <string_view>

namespace umind::test {

inline constexpr std::string_view known_password = "secret";

// slappasswd -h '{SSHA}' -s secret
inline constexpr std::string_view slappasswd_ssha = "{SSHA}BivZFwBePZe2Rz+doT6KezLTn92AmnjK";
// slappasswd -h '{CRYPT}' -c '$6$%.16s' -s secret
inline constexpr std::string_view slappasswd_crypt6 =
    "{CRYPT}$6$zKIiNGGc8p3OYZfB$d.d94REZOYrCYrw0EfJpf5ClOSJJ/rIqtKmq5vGQXqLAmU5JPwqMaQ6EdKVeHbQQmSQvBz36OswErqW00Spkm0";
// slappasswd -o module-load=pw-sha2 -h '{SSHA512}' -s secret
inline constexpr std::string_view slappasswd_ssha512 =
    "{SSHA512}jEMY81aRhegdQpeFzzjs0eu4M2Cu6JFWsGodH0uQPgfOYcvcw+evQjDWxIPrNwyCkyC6z/abwaHFhT12smtRTcu+j/piGx2f";
// slappasswd -h '{SHA}' -s secret
inline constexpr std::string_view slappasswd_sha = "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=";
// slappasswd -o module-load=argon2 -h '{ARGON2}' -s secret (slapd's default is argon2i)
inline constexpr std::string_view slappasswd_argon2i =
    "{ARGON2}$argon2i$v=19$m=4096,t=3,p=1$ft1yRyUBZcrQTNAsDdQrRQ$4M2YUWSTkCCrPV1BJY2ju1c5j+xL8qTdKqaQpV06zDc";
// argon2id_hash_encoded(t=2, m=4096, p=2, salt "umind-known-salt", 32 bytes)
inline constexpr std::string_view libargon2_argon2id =
    "{ARGON2}$argon2id$v=19$m=4096,t=2,p=2$dW1pbmQta25vd24tc2FsdA$RhO4COxqvgdYghGkY5NnM3GCTn7RfFuAFsudja074Go";
// Python crypt.crypt('secret', crypt.mksalt(...)) and crypt_gensalt_rn + crypt_rn
inline constexpr std::string_view crypt_md5 = "{CRYPT}$1$/skL.JBA$TRaVqL9k5QDgGKH7YmyRU0";
inline constexpr std::string_view crypt_sha256 =
    "{CRYPT}$5$yJtWgIRMRHJGW7pi$wMiuRTVw3be9whC86JiokWwmyTqXz4pqWh0ZrohN.c6";
inline constexpr std::string_view crypt_sha512_rounds =
    "{CRYPT}$6$rounds=5000$saltsaltsaltsalt$ph0yGsyjzqdeFaon7.gJZo8eAG5/rj9/JdzOu1Rl7dKzBYg3xgvl7T2VQ2Rt81bc5AXkdA54r0p8QvC1omD6R1";
inline constexpr std::string_view crypt_bcrypt = "{CRYPT}$2b$12$azeiTqrc7MChOnhligjgMe/eLBosxZMVm8OmtVBPiMOd6ywrFoUL6";
inline constexpr std::string_view crypt_yescrypt =
    "{CRYPT}$y$j9T$LoXIReUp78pnwItqNl2.0/$2cjki5rbq.ZBc7hJrtpzduUPHH4xSZG.9MCQ.snkR21";
inline constexpr std::string_view crypt_gost_yescrypt =
    "{CRYPT}$gy$j9T$bMS5cJktDpWr1uG.KkFqM1$XUaq1.I8EYQ8eCyVqrusfoEeU4bj4vZbp61RlWO7NMA";

inline constexpr std::array all_known_hashes{
    slappasswd_ssha, slappasswd_crypt6, slappasswd_ssha512, slappasswd_sha, slappasswd_argon2i,
    libargon2_argon2id, crypt_md5, crypt_sha256, crypt_sha512_rounds, crypt_bcrypt,
    crypt_yescrypt, crypt_gost_yescrypt};

}  // namespace umind::test
