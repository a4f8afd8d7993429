// clock.cpp — the system clock and the test clock read from a file.
#include "base/clock.hpp"

#include <fstream>

namespace umind {
namespace {

TimePoint system_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

class SystemClock : public Clock {
 public:
  TimePoint now() const override { return system_now(); }
};

class FileClock : public Clock {
 public:
  explicit FileClock(std::string path) : path_(std::move(path)) {}
  TimePoint now() const override {
    std::ifstream in(path_);
    std::string text;
    if (in && in >> text)
      if (auto t = parse_iso8601(text)) return *t;
    return system_now();
  }

 private:
  std::string path_;
};

}  // namespace

TimePoint wall_clock_now() { return system_now(); }

std::unique_ptr<Clock> system_clock() { return std::make_unique<SystemClock>(); }
std::unique_ptr<Clock> file_clock(std::string path) { return std::make_unique<FileClock>(std::move(path)); }

}  // namespace umind
