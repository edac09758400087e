// One line per event, named by logger ("worker", "connector.local-file-source", ...), with the
// level settable per logger at run time (GET/PUT /admin/loggers).
//
//   SLUICE_LOG_INFO("worker", "started connector " << name);
//
// A logger's effective level is its own if it was set, else that of its nearest dotted parent,
// else the root's ("root", default INFO).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace sluice::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

const char* LevelName(Level level);
std::optional<Level> ParseLevel(const std::string& name);  // case-insensitive

bool Enabled(const std::string& logger, Level level);
void Write(const std::string& logger, Level level, const std::string& message);

struct LoggerLevel {
  Level level;
  std::optional<int64_t> last_modified_ms;  // unset when never changed at run time
};

// Sets a logger's level (and, as Kafka Connect does, that of every logger below it). Returns the
// names of the loggers whose level changed.
std::vector<std::string> SetLevel(const std::string& logger, Level level);
// The loggers that have a level of their own, including "root".
std::map<std::string, LoggerLevel> Levels();
LoggerLevel EffectiveLevel(const std::string& logger);

}  // namespace sluice::log

#define SLUICE_LOG_AT(level, logger, expr)                               \
  do {                                                                    \
    if (::sluice::log::Enabled((logger), (level))) {                      \
      std::ostringstream _sluice_log_os;                                  \
      _sluice_log_os << expr;                                             \
      ::sluice::log::Write((logger), (level), _sluice_log_os.str());      \
    }                                                                     \
  } while (0)

#define SLUICE_LOG_TRACE(logger, expr) SLUICE_LOG_AT(::sluice::log::Level::kTrace, logger, expr)
#define SLUICE_LOG_DEBUG(logger, expr) SLUICE_LOG_AT(::sluice::log::Level::kDebug, logger, expr)
#define SLUICE_LOG_INFO(logger, expr) SLUICE_LOG_AT(::sluice::log::Level::kInfo, logger, expr)
#define SLUICE_LOG_WARN(logger, expr) SLUICE_LOG_AT(::sluice::log::Level::kWarn, logger, expr)
#define SLUICE_LOG_ERROR(logger, expr) SLUICE_LOG_AT(::sluice::log::Level::kError, logger, expr)
