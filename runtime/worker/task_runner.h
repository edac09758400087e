// The thread that runs one task, and the state it reports. Source and sink runners derive from
// it and supply the loop; this class owns start, pause, resume, stop and the status.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"
#include "worker/error_handling.h"
#include "worker/herder.h"

namespace sluice::worker {

// Beyond Kafka Connect, a failed task restarts by itself with exponential backoff, up to
// `max_attempts` failures within `window`; past that it stays FAILED until someone restarts it.
// max_attempts = 0 is Kafka Connect's behaviour.
struct RestartPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds window{600000};
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{60000};
  // A plugin call (poll, put, ...) that has not returned after this long shows the task FAILED,
  // with the call named in the trace, until it returns. 0 disables the check.
  std::chrono::milliseconds stuck_threshold{60000};

  // task.restart.max.attempts, task.restart.window.ms, task.restart.backoff.initial.ms,
  // task.restart.backoff.max.ms and task.stuck.threshold.ms: the connector's value, else the
  // worker's, else the default.
  static RestartPolicy FromConfig(const std::map<std::string, std::string>& worker_config,
                                  const std::map<std::string, std::string>& connector_config);
};

class TaskRunner {
 public:
  TaskRunner(std::string connector, int task_id, std::string worker_id, RestartPolicy policy);
  virtual ~TaskRunner();

  TaskRunner(const TaskRunner&) = delete;
  TaskRunner& operator=(const TaskRunner&) = delete;

  void Start(bool paused);
  void Pause();
  void Resume();
  // Asks the loop to finish, wakes it and waits up to `graceful` for it. Returns false when the
  // task did not finish in time (a plugin call that never returns): the thread is then abandoned
  // and this object must be kept alive, never destroyed.
  bool Stop(std::chrono::milliseconds graceful);

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
  // errors.retry.* waits on this: the steady clock, and sleeps that end when the task stops.
  RetryClock StopAwareClock();
  void SetState(State state, std::string trace = "");
  // The trace of a task that keeps RUNNING (or PAUSED) while something it depends on fails, e.g.
  // a put being retried; empty clears it. Does nothing in other states.
  void SetRunningTrace(std::string trace);

  // Marks a plugin call in progress, for the stuck-task check. Calls may nest (a close inside a
  // consumer poll): the inner one restores the outer one when it ends.
  class PluginCall {
   public:
    PluginCall(TaskRunner& runner, const char* name);
    ~PluginCall();

   private:
    TaskRunner& runner_;
    const char* outer_name_;
    int64_t outer_started_ms_;
  };

 private:
  void Run();
  Status ExecuteOnce();

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
  const RestartPolicy policy_;
  std::atomic<const char*> call_name_{nullptr};
  std::atomic<int64_t> call_started_ms_{0};
};

}  // namespace sluice::worker
