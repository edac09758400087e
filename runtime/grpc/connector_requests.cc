#include "grpc/connector_requests.h"

namespace sluice::rpc {
namespace {

std::string NameMismatch(const std::string& in_config, const std::string& name) {
  return "Connector name configuration (" + in_config +
         ") doesn't match connector name in the request (" + name + ")";
}

bool IsControlCharacter(const std::string& text, size_t i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x20 || byte == 0x7f) return true;
  // U+0080-U+009F are C2 80 .. C2 9F in UTF-8 (proto3 strings are valid UTF-8).
  return byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(text[i + 1]) <= 0x9f;
}

}  // namespace

Status CheckConnectorName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("Connector name must not be empty");
  if (name == "." || name == "..") {
    return Status::InvalidArgument("Connector name must not be \"" + name + "\"");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '/' || name[i] == '\\') {
      return Status::InvalidArgument("Connector name must not contain '/' or '\\': " + name);
    }
    if (IsControlCharacter(name, i)) {
      return Status::InvalidArgument("Connector name must not contain ISO control characters");
    }
  }
  return Status::OK();
}

Status CheckAndPutConnectorName(const std::string& name, worker::StringMap& config) {
  auto [it, inserted] = config.emplace("name", name);
  if (!inserted && it->second != name) {
    return Status::InvalidArgument(NameMismatch(it->second, name));
  }
  return Status::OK();
}

Result<ConfigPatchMap> PatchFromProto(
    const std::string& name, const google::protobuf::RepeatedPtrField<v1::ConfigPatch>& patches) {
  ConfigPatchMap patch;
  for (const v1::ConfigPatch& entry : patches) {
    if (entry.key().empty()) return Status::InvalidArgument("A config patch has an empty key");
    std::optional<std::string> value;
    if (entry.has_value()) value = entry.value();
    if (!patch.emplace(entry.key(), std::move(value)).second) {
      return Status::InvalidArgument("Config key " + entry.key() + " is patched twice");
    }
  }
  auto patched_name = patch.find("name");
  if (patched_name != patch.end()) {
    if (!patched_name->second) {
      return Status::InvalidArgument("The name config of connector " + name + " cannot be removed");
    }
    if (*patched_name->second != name) {
      return Status::InvalidArgument(NameMismatch(*patched_name->second, name));
    }
  }
  return patch;
}

std::string TrimmedName(const std::string& name) {
  const char* kWhitespace = " \t\r\n\f\v";
  const size_t first = name.find_first_not_of(kWhitespace);
  if (first == std::string::npos) return "";
  return name.substr(first, name.find_last_not_of(kWhitespace) - first + 1);
}

}  // namespace sluice::rpc
