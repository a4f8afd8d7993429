// os_random.cpp — getrandom(2), retried on EINTR and short reads. Never
// falls back to a weaker source and never logs what it returns.
#include "daemon/passwords/os_random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

namespace umind {

void fill_random(std::span<unsigned char> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t got = getrandom(out.data() + done, out.size() - done, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom failed");
    }
    done += static_cast<std::size_t>(got);
  }
}

}  // namespace umind
