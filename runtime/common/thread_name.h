// Names the calling thread as `top -H`, perf and /proc/<pid>/task/*/comm show it. Linux keeps 15
// bytes of a name, so longer ones are cut.
#pragma once

#include <pthread.h>

#include <string>
#include <string_view>

namespace sluice {

inline void SetCurrentThreadName(std::string_view name) {
  const std::string cut(name.substr(0, 15));
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace sluice
