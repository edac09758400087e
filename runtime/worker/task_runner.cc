#include "worker/task_runner.h"

#include <deque>
#include <exception>

#include "common/log.h"
#include "common/thread_name.h"

namespace sluice::worker {
namespace {

int64_t SteadyNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t Setting(const std::map<std::string, std::string>& worker,
                const std::map<std::string, std::string>& connector, const std::string& key,
                int64_t fallback) {
  for (const auto* config : {&connector, &worker}) {
    auto it = config->find(key);
    if (it == config->end()) continue;
    try {
      return std::stoll(it->second);
    } catch (const std::exception&) {
      SLUICE_LOG_WARN("worker", "ignoring " << key << "=" << it->second << ": not a number");
    }
  }
  return fallback;
}

}  // namespace

RestartPolicy RestartPolicy::FromConfig(const std::map<std::string, std::string>& worker,
                                        const std::map<std::string, std::string>& connector) {
  using std::chrono::milliseconds;
  RestartPolicy p;
  p.max_attempts =
      static_cast<int>(Setting(worker, connector, "task.restart.max.attempts", p.max_attempts));
  p.window = milliseconds(Setting(worker, connector, "task.restart.window.ms", p.window.count()));
  p.initial_backoff = milliseconds(
      Setting(worker, connector, "task.restart.backoff.initial.ms", p.initial_backoff.count()));
  p.max_backoff = milliseconds(
      Setting(worker, connector, "task.restart.backoff.max.ms", p.max_backoff.count()));
  p.stuck_threshold = milliseconds(
      Setting(worker, connector, "task.stuck.threshold.ms", p.stuck_threshold.count()));
  return p;
}

TaskRunner::PluginCall::PluginCall(TaskRunner& runner, const char* name)
    : runner_(runner),
      outer_name_(runner.call_name_.load(std::memory_order_acquire)),
      outer_started_ms_(runner.call_started_ms_.load(std::memory_order_relaxed)) {
  runner_.call_started_ms_.store(SteadyNowMs(), std::memory_order_relaxed);
  runner_.call_name_.store(name, std::memory_order_release);
}

TaskRunner::PluginCall::~PluginCall() {
  runner_.call_started_ms_.store(outer_started_ms_, std::memory_order_relaxed);
  runner_.call_name_.store(outer_name_, std::memory_order_release);
}

TaskRunner::TaskRunner(std::string connector, int task_id, std::string worker_id,
                       RestartPolicy policy)
    : connector_(std::move(connector)),
      task_id_(task_id),
      worker_id_(std::move(worker_id)),
      logger_("task." + connector_ + "-" + std::to_string(task_id_)),
      policy_(policy) {}

TaskRunner::~TaskRunner() {
  // Derived runners stop in their own destructors (the loop uses their members); this is the
  // last line of defence against a thread outliving its object.
  if (thread_.joinable()) thread_.join();
}

void TaskRunner::Start(bool paused) {
  paused_.store(paused, std::memory_order_release);
  SetState(paused ? State::kPaused : State::kRunning);
  thread_ = std::thread([this] {
    // "task-<connector>-<id>", cut to what Linux keeps: the id survives at the end.
    const std::string id = "-" + std::to_string(task_id_);
    SetCurrentThreadName("task-" + connector_.substr(0, 15 - 5 - std::min<size_t>(id.size(), 10)) +
                         id);
    Run();
  });
}

Status TaskRunner::ExecuteOnce() {
  try {
    return Execute();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("task loop threw: ") + e.what());
  } catch (...) {
    return Status::Internal("task loop threw an unknown exception");
  }
}

void TaskRunner::Run() {
  std::deque<std::chrono::steady_clock::time_point> failures;  // within the policy's window
  auto backoff = policy_.initial_backoff;
  while (true) {
    Status result = ExecuteOnce();
    if (stopping()) {
      if (!result.ok())
        SLUICE_LOG_WARN(logger_, "task ended with an error while stopping: " << result.message());
      break;
    }
    if (result.ok()) break;
    auto now = std::chrono::steady_clock::now();
    while (!failures.empty() && now - failures.front() > policy_.window) failures.pop_front();
    // The first failure in a window starts over: a task that ran well for a long time gets the
    // short backoff again.
    if (failures.empty()) backoff = policy_.initial_backoff;
    failures.push_back(now);
    int attempts = static_cast<int>(failures.size());
    if (attempts > policy_.max_attempts) {
      SLUICE_LOG_ERROR(
          logger_,
          "task failed: " << result.message()
                          << (policy_.max_attempts > 0 ? " (restart attempts exhausted)" : ""));
      SetState(State::kFailed, result.ToString());
      break;
    }
    SLUICE_LOG_WARN(logger_, "task failed, restarting in "
                                 << backoff.count() << " ms (attempt " << attempts << " of "
                                 << policy_.max_attempts << "): " << result.message());
    SetState(State::kRestarting, result.ToString());
    SleepUnlessStopped(backoff);
    backoff = std::min(backoff * 2, policy_.max_backoff);
    if (stopping()) break;
    SetState(paused() ? State::kPaused : State::kRunning);
  }
  std::lock_guard<std::mutex> lock(mu_);
  finished_ = true;
  cv_.notify_all();
}

void TaskRunner::Pause() {
  paused_.store(true, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ == State::kRunning) state_ = State::kPaused;
  }
  Wakeup();
}

void TaskRunner::Resume() {
  paused_.store(false, std::memory_order_release);
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kPaused) state_ = State::kRunning;
  cv_.notify_all();
}

bool TaskRunner::Stop(std::chrono::milliseconds graceful) {
  stopping_.store(true, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
  }
  Wakeup();
  if (!thread_.joinable()) return true;
  bool finished;
  {
    std::unique_lock<std::mutex> lock(mu_);
    finished = cv_.wait_for(lock, graceful, [this] { return finished_; });
  }
  if (!finished) {
    const char* call = call_name_.load(std::memory_order_acquire);
    SLUICE_LOG_ERROR(logger_, "task did not stop within "
                                  << graceful.count() << " ms"
                                  << (call ? std::string(" (stuck in ") + call + ")" : "")
                                  << "; abandoning its thread");
    thread_.detach();
    return false;
  }
  thread_.join();
  return true;
}

StateInfo TaskRunner::status() const {
  StateInfo info;
  {
    std::lock_guard<std::mutex> lock(const_cast<std::mutex&>(mu_));
    info = {state_, worker_id_, trace_};
  }
  // A plugin call that does not return is not a healthy RUNNING task.
  const char* call = call_name_.load(std::memory_order_acquire);
  int64_t elapsed = SteadyNowMs() - call_started_ms_.load(std::memory_order_relaxed);
  if (call && policy_.stuck_threshold.count() > 0 && elapsed > policy_.stuck_threshold.count() &&
      info.state == State::kRunning) {
    info.state = State::kFailed;
    info.trace = "Task is stuck: " + std::string(call) + "() has not returned for " +
                 std::to_string(elapsed) +
                 " ms (task.stuck.threshold.ms=" + std::to_string(policy_.stuck_threshold.count()) +
                 "); it is reported RUNNING again if the call returns";
  }
  return info;
}

void TaskRunner::WaitWhilePaused() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !paused() || stopping(); });
}

void TaskRunner::SleepUnlessStopped(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [this] { return stopping(); });
}

RetryClock TaskRunner::StopAwareClock() {
  return {[] { return std::chrono::steady_clock::now(); },
          [this](std::chrono::milliseconds d) {
            SleepUnlessStopped(d);
            return !stopping();
          }};
}

void TaskRunner::SetState(State state, std::string trace) {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = state;
  trace_ = std::move(trace);
}

void TaskRunner::SetRunningTrace(std::string trace) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == State::kRunning || state_ == State::kPaused) trace_ = std::move(trace);
}

}  // namespace sluice::worker
