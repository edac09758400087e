#include "output.h"

#include <algorithm>
#include <cctype>

#include <google/protobuf/util/json_util.h>

namespace sluicectl {
namespace {

// Terminal columns taken by UTF-8 text, counting code points (continuation bytes take none).
size_t DisplayWidth(const std::string& text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; });
}

std::string JsonOf(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  // Only fails for messages holding an Any of an unknown type, which sluice.v1 has none of.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  for (const auto& row : rows_) {
    if (row.empty()) continue;  // a table without headers
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    out << line << '\n';
  }
}

void PrintFields(std::ostream& out,
                 const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, DisplayWidth(key));
  for (const auto& [key, value] : fields) {
    out << key << std::string(width - DisplayWidth(key) + 2, ' ') << value << '\n';
  }
}

void PrintJson(std::ostream& out, const google::protobuf::Message& message, bool pretty) {
  out << JsonOf(message, pretty) << '\n';
}

std::string ToJson(const google::protobuf::Message& message) {
  return JsonOf(message, false);
}

std::string EnumName(const std::string& full_name, const std::string& prefix, bool lower) {
  std::string name = full_name.rfind(prefix, 0) == 0 ? full_name.substr(prefix.size()) : full_name;
  if (lower) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  return name;
}

}  // namespace sluicectl
