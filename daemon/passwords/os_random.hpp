// os_random.hpp — random bytes from the kernel (getrandom), for salts and
// random passwords. Internal to umind_passwords. Never falls back to a
// weaker source: it throws instead.
#pragma once
#include <span>

namespace umind {

// Fills `out` completely from getrandom(2); throws std::runtime_error if the
// kernel cannot deliver.
void fill_random(std::span<unsigned char> out);

}  // namespace umind
