// How sluicectl prints answers: aligned tables for people, the proto's JSON mapping for scripts.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

namespace sluicectl {

enum class OutputFormat { kTable, kJson };

// Columns separated by two spaces, each as wide as its widest cell. Empty headers: none printed.
class Table {
 public:
  explicit Table(std::vector<std::string> headers) : rows_{std::move(headers)} {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // the first is the header
};

// "Key  value" lines, keys aligned.
void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

// The proto3 JSON mapping with the .proto's field names; `pretty` indents it over several lines,
// otherwise it is one line (one record per line when streaming).
void PrintJson(std::ostream& out, const google::protobuf::Message& message, bool pretty = true);
std::string ToJson(const google::protobuf::Message& message);

// An enum value's name without its type prefix: STATE_RUNNING -> "RUNNING",
// CONNECTOR_TYPE_SOURCE -> "source" when `lower`.
std::string EnumName(const std::string& full_name, const std::string& prefix, bool lower = false);

}  // namespace sluicectl
