#include "common/properties.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace sluice {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Appends code point `cp` as UTF-8.
void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Splits the text into logical lines: continuation lines joined, leading blanks of each
// continuation dropped, comment and blank lines skipped. Keeps the physical line number.
struct LogicalLine {
  std::string text;
  int line_number;
};

std::vector<LogicalLine> LogicalLines(std::string_view text) {
  std::vector<LogicalLine> lines;
  std::string current;
  int start_line = 0;
  bool continuing = false;
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view physical = text.substr(pos, end - pos);
    ++line_number;
    pos = end + 1;
    if (end < text.size() && text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;

    size_t first = 0;
    while (first < physical.size() && IsBlank(physical[first])) ++first;
    physical.remove_prefix(first);
    if (!continuing) {
      if (physical.empty() || physical[0] == '#' || physical[0] == '!') {
        if (end >= text.size()) break;
        continue;
      }
      current.clear();
      start_line = line_number;
    }
    // An odd number of trailing backslashes continues the line.
    size_t backslashes = 0;
    while (backslashes < physical.size() && physical[physical.size() - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    continuing = backslashes % 2 == 1;
    if (continuing) physical.remove_suffix(1);
    current.append(physical);
    if (!continuing) lines.push_back({current, start_line});
    if (end >= text.size()) break;
  }
  if (continuing) lines.push_back({current, start_line});
  return lines;
}

Status Unescape(std::string_view in, std::string& out, int line_number) {
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\' || i + 1 >= in.size()) {
      if (c != '\\') out += c;
      continue;
    }
    char e = in[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        if (i + 4 >= in.size()) {
          return Status::InvalidArgument("line " + std::to_string(line_number) +
                                         ": malformed \\uXXXX escape");
        }
        uint32_t cp = 0;
        for (int k = 1; k <= 4; ++k) {
          char h = in[i + k];
          cp <<= 4;
          if (h >= '0' && h <= '9') cp |= h - '0';
          else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
          else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
          else
            return Status::InvalidArgument("line " + std::to_string(line_number) +
                                           ": malformed \\uXXXX escape");
        }
        i += 4;
        AppendUtf8(out, cp);
        break;
      }
      default: out += e;  // \\ \= \: \# \! and any other escaped character stand for themselves
    }
  }
  return Status::OK();
}

}  // namespace

Result<StringMap> ParseProperties(std::string_view text) {
  StringMap result;
  for (const LogicalLine& line : LogicalLines(text)) {
    const std::string& s = line.text;
    // The key ends at the first unescaped '=', ':' or blank.
    size_t key_end = 0;
    while (key_end < s.size()) {
      char c = s[key_end];
      if (c == '\\') {
        key_end += 2;
        continue;
      }
      if (c == '=' || c == ':' || IsBlank(c)) break;
      ++key_end;
    }
    key_end = std::min(key_end, s.size());
    size_t value_start = key_end;
    while (value_start < s.size() && IsBlank(s[value_start])) ++value_start;
    if (value_start < s.size() && (s[value_start] == '=' || s[value_start] == ':')) ++value_start;
    while (value_start < s.size() && IsBlank(s[value_start])) ++value_start;

    std::string key, value;
    SLUICE_RETURN_IF_ERROR(Unescape(std::string_view(s).substr(0, key_end), key, line.line_number));
    SLUICE_RETURN_IF_ERROR(Unescape(std::string_view(s).substr(value_start), value, line.line_number));
    result[key] = value;
  }
  return result;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path);
  return ss.str();
}

Result<StringMap> LoadPropertiesFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto parsed = ParseProperties(text);
  if (!parsed.ok()) return Status::InvalidArgument(path + ": " + parsed.status().message());
  return parsed;
}

}  // namespace sluice
