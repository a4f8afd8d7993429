// log.hpp — umind's log: one line per change or decision, to the journal,
// stderr or syslog (log.target) at or above log.level. Callers pass text that
// never contains a password or hash; values from users go through
// quote_value first.
#pragma once
#include <string_view>

#include "core/config.hpp"

namespace umind {

void configure_log(const LogConfig& c);
void log(LogLevel level, std::string_view message);
// Whether a line at this level would be written: lets a caller skip
// building a line that is costly to make (a per-lookup debug line).
bool log_enabled(LogLevel level);

inline void log_debug(std::string_view m) { log(LogLevel::debug, m); }
inline void log_info(std::string_view m) { log(LogLevel::info, m); }
inline void log_warning(std::string_view m) { log(LogLevel::warning, m); }
inline void log_error(std::string_view m) { log(LogLevel::error, m); }

}  // namespace umind
