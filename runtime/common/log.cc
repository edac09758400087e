#include "common/log.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

namespace sluice::log {
namespace {

constexpr const char* kRoot = "root";

struct Registry {
  std::mutex mu;
  std::map<std::string, LoggerLevel> levels{{kRoot, {Level::kInfo, std::nullopt}}};
  // Cache of the most permissive level set anywhere: lets Enabled() skip the lock for lines that
  // no logger would print.
  Level floor = Level::kInfo;
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: loggers may run during exit
  return *r;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Walks "a.b.c" -> "a.b" -> "a" -> root.
LoggerLevel Lookup(const std::map<std::string, LoggerLevel>& levels, std::string name) {
  while (true) {
    auto it = levels.find(name);
    if (it != levels.end()) return it->second;
    auto dot = name.rfind('.');
    if (dot == std::string::npos) break;
    name.resize(dot);
  }
  return levels.at(kRoot);
}

}  // namespace

const char* LevelName(Level level) {
  switch (level) {
    case Level::kTrace: return "TRACE";
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
    case Level::kOff: return "OFF";
  }
  return "INFO";
}

std::optional<Level> ParseLevel(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (Level l : {Level::kTrace, Level::kDebug, Level::kInfo, Level::kWarn, Level::kError,
                  Level::kOff}) {
    if (upper == LevelName(l)) return l;
  }
  if (upper == "WARNING") return Level::kWarn;
  if (upper == "FATAL") return Level::kError;
  return std::nullopt;
}

bool Enabled(const std::string& logger, Level level) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  if (level < r.floor) return false;
  return level >= Lookup(r.levels, logger).level;
}

void Write(const std::string& logger, Level level, const std::string& message) {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  int ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
      1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
  // One fprintf per line keeps lines whole when several threads log at once.
  std::fprintf(stderr, "%s.%03dZ %-5s [%s] %s\n", stamp, ms, LevelName(level), logger.c_str(),
               message.c_str());
}

std::vector<std::string> SetLevel(const std::string& logger, Level level) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  std::vector<std::string> changed;
  int64_t now = NowMs();
  const std::string prefix = logger == kRoot ? "" : logger + ".";
  for (auto& [name, entry] : r.levels) {
    bool below = logger == kRoot || name.rfind(prefix, 0) == 0;
    if (below && name != logger) {
      entry = {level, now};
      changed.push_back(name);
    }
  }
  r.levels[logger] = {level, now};
  changed.push_back(logger);
  std::sort(changed.begin(), changed.end());
  r.floor = Level::kOff;
  for (const auto& [name, entry] : r.levels) r.floor = std::min(r.floor, entry.level);
  return changed;
}

std::map<std::string, LoggerLevel> Levels() {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  return r.levels;
}

LoggerLevel EffectiveLevel(const std::string& logger) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mu);
  return Lookup(r.levels, logger);
}

}  // namespace sluice::log
