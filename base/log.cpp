// log.cpp — the three log targets; thread-safe (each target writes a whole
// line at once).
#include "base/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include <syslog.h>
#include <unistd.h>
#include <systemd/sd-journal.h>

namespace umind {
namespace {

std::atomic<LogLevel> min_level{LogLevel::info};
std::atomic<LogTarget> target{LogTarget::stderr_stream};
std::mutex stderr_mutex;

int priority(LogLevel l) {
  switch (l) {
    case LogLevel::debug: return LOG_DEBUG;
    case LogLevel::info: return LOG_INFO;
    case LogLevel::notice: return LOG_NOTICE;
    case LogLevel::warning: return LOG_WARNING;
    case LogLevel::error: return LOG_ERR;
  }
  return LOG_INFO;
}

const char* level_name(LogLevel l) {
  static constexpr const char* names[] = {"debug", "info", "notice", "warning", "error"};
  return names[static_cast<int>(l)];
}

}  // namespace

void configure_log(const LogConfig& c) {
  min_level = c.level;
  target = c.target;
  // Without journald (a container, a foreground test run) the journal would
  // swallow every line: fall back to stderr.
  if (c.target == LogTarget::journal && ::access("/run/systemd/journal/socket", W_OK) != 0)
    target = LogTarget::stderr_stream;
  if (c.target == LogTarget::syslog) openlog("umind", LOG_PID, LOG_MAIL);
}

bool log_enabled(LogLevel level) { return static_cast<int>(level) >= static_cast<int>(min_level.load()); }

void log(LogLevel level, std::string_view message) {
  if (!log_enabled(level)) return;
  int length = static_cast<int>(std::min<std::size_t>(message.size(), 8192));
  switch (target.load()) {
    case LogTarget::journal:
      sd_journal_print(priority(level), "%.*s", length, message.data());
      return;
    case LogTarget::syslog:
      syslog(priority(level), "%.*s", length, message.data());
      return;
    case LogTarget::stderr_stream: {
      std::lock_guard lock(stderr_mutex);
      std::fprintf(stderr, "umind: %s: %.*s\n", level_name(level), length, message.data());
      std::fflush(stderr);
      return;
    }
  }
}

}  // namespace umind
