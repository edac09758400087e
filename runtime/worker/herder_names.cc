#include <algorithm>
#include <cctype>

#include "worker/herder.h"

namespace sluice::worker {

const char* TargetStateName(TargetState s) {
  switch (s) {
    case TargetState::kStarted:
      return "STARTED";
    case TargetState::kPaused:
      return "PAUSED";
    case TargetState::kStopped:
      return "STOPPED";
  }
  return "STARTED";
}

const char* StateName(State s) {
  switch (s) {
    case State::kUnassigned:
      return "UNASSIGNED";
    case State::kRunning:
      return "RUNNING";
    case State::kPaused:
      return "PAUSED";
    case State::kStopped:
      return "STOPPED";
    case State::kFailed:
      return "FAILED";
    case State::kRestarting:
      return "RESTARTING";
  }
  return "UNASSIGNED";
}

std::optional<TargetState> ParseInitialState(const std::string& s) {
  std::string upper = s;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "RUNNING") return TargetState::kStarted;
  if (upper == "PAUSED") return TargetState::kPaused;
  if (upper == "STOPPED") return TargetState::kStopped;
  return std::nullopt;
}

const char* ConnectorTypeName(ConnectorType t) {
  switch (t) {
    case ConnectorType::kSource:
      return "source";
    case ConnectorType::kSink:
      return "sink";
    case ConnectorType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace sluice::worker
