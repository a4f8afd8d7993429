// sanitizer.hpp — whether the test binary runs under AddressSanitizer, so a
// long randomized test can run fewer rounds there (the plain build runs all).
#pragma once

namespace umind::test {
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool under_sanitizer = true;
#else
inline constexpr bool under_sanitizer = false;
#endif
}  // namespace umind::test
