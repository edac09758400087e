// Reads typed values from a string map (a worker, topic or client config), collecting a
// "key: problem" line for every bad value so that all of them are reported together, by key.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sluice::embedded {

class ConfigReader {
 public:
  explicit ConfigReader(const std::map<std::string, std::string>& config) : config_(config) {}

  // The key's value as an integer in [min, max]; nullopt when absent or invalid (recorded).
  std::optional<int64_t> Int(const std::string& key, int64_t min,
                             int64_t max = std::numeric_limits<int64_t>::max());
  std::optional<bool> Bool(const std::string& key);
  // The key's value, trimmed, if it is one of `allowed`.
  std::optional<std::string> OneOf(const std::string& key, const std::vector<std::string>& allowed);
  // The raw value, or nullptr when absent.
  const std::string* Text(const std::string& key) const;

  void Error(std::string message) { errors_.push_back(std::move(message)); }
  // kInvalidArgument "invalid <what>: k1: ...; k2: ..." when anything was wrong.
  Status Finish(const std::string& what) const;

 private:
  const std::map<std::string, std::string>& config_;
  std::vector<std::string> errors_;
};

std::string TrimBlanks(const std::string& s);

}  // namespace sluice::embedded
