// Reads a topic of a stopped worker's embedded log, for end-to-end tests that check what the
// worker wrote.
#pragma once

#include <string>
#include <vector>

#include "transport/transport.h"

namespace sluice::testing {

// Every record of `topic` under `log_dirs` (the worker must be stopped: the log is locked).
std::vector<transport::ConsumedRecord> ReadTopic(const std::string& log_dirs,
                                                 const std::string& topic);

}  // namespace sluice::testing
