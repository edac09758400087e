// The thread that runs one task, and the state it reports. Source and sink runners derive from
// it and supply the loop; this class owns start, pause, resume, stop and the status.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "worker/herder.h"

namespace sluice::worker {

class TaskRunner {
 public:
  TaskRunner(std::string connector, int task_id, std::string worker_id);
  virtual ~TaskRunner();

  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  void Start(bool paused);
  void Pause();
  void Resume();
  // Asks the loop to finish, wakes it, and joins. Logs when it takes longer than `graceful`.
  void Stop(std::chrono::milliseconds graceful);

  StateInfo status() const;
  int task_id() const { return task_id_; }
  const std::string& connector() const { return connector_; }
  // "task.<connector>-<id>": the logger of everything this task does.
  const std::string& logger() const { return logger_; }

 protected:
  // The task's loop. Returns when stopping() becomes true, or with the error that ends the task.
  virtual Status Execute() = 0;
  // Makes a blocked poll/put or consumer poll return soon.
  virtual void Wakeup() = 0;

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  bool paused() const { return paused_.load(std::memory_order_acquire); }
  // Blocks while paused (returns at once when not paused, or when stopping).
  void WaitWhilePaused();
  // Sleeps up to `d`, returning early when the task is stopped.
  void SleepUnlessStopped(std::chrono::milliseconds d);
  void SetState(State state, std::string trace = "");

 private:
  void Run();

  const std::string connector_;
  const int task_id_;
  const std::string worker_id_;
  const std::string logger_;

  std::atomic<bool> stopping_{false};
  std::atomic<bool> paused_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  State state_ = State::kUnassigned;
  std::string trace_;
  bool finished_ = false;
  std::thread thread_;
};

}  // namespace sluice::worker
