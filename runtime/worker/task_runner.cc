#include "worker/task_runner.h"

#include <exception>

#include "common/log.h"

namespace sluice::worker {

TaskRunner::TaskRunner(std::string connector, int task_id, std::string worker_id)
    : connector_(std::move(connector)),
      task_id_(task_id),
      worker_id_(std::move(worker_id)),
      logger_("task." + connector_ + "-" + std::to_string(task_id_)) {}

TaskRunner::~TaskRunner() {
  // Derived runners stop in their own destructors (the loop uses their members); this is the
  // last line of defence against a thread outliving its object.
  if (thread_.joinable()) thread_.join();
}

void TaskRunner::Start(bool paused) {
  paused_.store(paused, std::memory_order_release);
  SetState(paused ? State::kPaused : State::kRunning);
  thread_ = std::thread([this] { Run(); });
}

void TaskRunner::Run() {
  Status result;
  try {
    result = Execute();
  } catch (const std::exception& e) {
    result = Status::Internal(std::string("task loop threw: ") + e.what());
  } catch (...) {
    result = Status::Internal("task loop threw an unknown exception");
  }
  if (!result.ok() && !stopping()) {
    SLUICE_LOG_ERROR(logger_, "task failed: " << result.message());
    SetState(State::kFailed, result.ToString());
  } else if (!result.ok()) {
    SLUICE_LOG_WARN(logger_, "task ended with an error while stopping: " << result.message());
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

void TaskRunner::Stop(std::chrono::milliseconds graceful) {
  stopping_.store(true, std::memory_order_release);
  {
    std::lock_guard<std::mutex> lock(mu_);
    cv_.notify_all();
  }
  Wakeup();
  if (!thread_.joinable()) return;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, graceful, [this] { return finished_; })) {
      SLUICE_LOG_WARN(logger_, "task did not stop within " << graceful.count()
                                                          << " ms; waiting for it to return");
    }
  }
  thread_.join();
}

StateInfo TaskRunner::status() const {
  std::lock_guard<std::mutex> lock(const_cast<std::mutex&>(mu_));
  return {state_, worker_id_, trace_};
}

void TaskRunner::WaitWhilePaused() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return !paused() || stopping(); });
}

void TaskRunner::SleepUnlessStopped(std::chrono::milliseconds d) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, d, [this] { return stopping(); });
}

void TaskRunner::SetState(State state, std::string trace) {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = state;
  trace_ = std::move(trace);
}

}  // namespace sluice::worker
