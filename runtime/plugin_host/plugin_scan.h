// Learns what plugin libraries declare by loading them in a child process.
//
// The worker needs every class's name, type, version and config definition at start (to list
// them and validate against them), but the code of a library only when a connector uses one of
// its classes. Loading each library once in a short-lived child keeps the libraries, and
// everything they link (an HTTP client, TLS, compression), out of the worker's memory until then;
// and a library that crashes or hangs while it initialises takes down only the child, so the
// worker records the error and carries on with the others.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "plugin_host/plugin_library.h"

namespace sluice::plugin_host {

// What loading one library showed.
struct LibraryManifest {
  std::string path;
  // Empty when the library loaded and initialised; otherwise what is wrong, naming the file.
  std::string error;
  std::vector<ConnectorClassInfo> connectors;
  // Converters, header converters, transformations and predicates the library declares. The
  // worker registers these at start, so such a library is loaded in the worker right away.
  size_t component_count = 0;
};

struct ScanOptions {
  // How long one library may take to load and initialise before the child is killed and the
  // library recorded as failed.
  std::chrono::milliseconds load_timeout{std::chrono::seconds(30)};
};

// Loads each of `libraries` in a child process (fork, without exec) and returns one manifest per
// library, in the same order. A child that dies or overruns the timeout fails the library it
// was loading; a new child carries on with the next. Call it before the process starts threads
// of its own that could hold locks (the child only loads libraries, writes and exits).
std::vector<LibraryManifest> ScanLibraries(const std::vector<std::string>& libraries,
                                           const ScanOptions& options = {});

// What the child does for one library, exposed for tests: loads it in this process.
LibraryManifest DescribeLibrary(const std::string& path);

}  // namespace sluice::plugin_host
