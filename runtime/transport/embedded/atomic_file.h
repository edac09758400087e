// Replacing a small file so that a crash or power loss leaves either the old or the new contents,
// never a mix: write a temporary file, fsync it, rename it over the target, fsync the directory.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::embedded {

Status WriteFileAtomically(const std::string& path, std::string_view contents);

}  // namespace sluice::embedded
