// Replaces a file's content so that a crash at any moment leaves either the old or the new
// content: write a temporary file beside it, fsync, rename over, fsync the folder.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice {

Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace sluice
