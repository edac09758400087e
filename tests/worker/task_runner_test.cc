// The self-healing loop of a task: restarts with exponential backoff, FAILED once the attempts
// in the window are used up, and the short backoff again after a long healthy run.
#include "worker/task_runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <thread>

namespace sluice::worker {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;

// A task whose runs end as scripted: each step runs for `run` and then returns `result`.
class ScriptedTask : public TaskRunner {
 public:
  struct Step {
    milliseconds run;
    Status result;
  };
  ScriptedTask(RestartPolicy policy, std::deque<Step> steps)
      : TaskRunner("scripted", 0, "worker:1", policy), steps_(std::move(steps)) {}
  ~ScriptedTask() override { Stop(milliseconds(5000)); }

 protected:
  Status Execute() override {
    if (steps_.empty()) return Status::OK();
    Step step = steps_.front();
    steps_.pop_front();
    SleepUnlessStopped(step.run);
    return step.result;
  }
  void Wakeup() override {}

 private:
  std::deque<Step> steps_;
};

RestartPolicy Policy(int attempts, int window_ms) {
  RestartPolicy p;
  p.max_attempts = attempts;
  p.window = milliseconds(window_ms);
  p.initial_backoff = milliseconds(20);
  p.max_backoff = milliseconds(1000);
  return p;
}

bool Finished(const ScriptedTask& task, State state) {
  for (int i = 0; i < 500; ++i) {
    if (task.status().state == state) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

TEST(TaskRestarts, DoubleTheBackoffThenFailForGood) {
  ::testing::internal::CaptureStderr();
  const Status boom = Status::Internal("boom");
  ScriptedTask task(Policy(2, 60000), {{milliseconds(0), boom},
                                       {milliseconds(0), boom},
                                       {milliseconds(0), boom},
                                       {milliseconds(0), Status::OK()}});
  task.Start(false);
  ASSERT_TRUE(Finished(task, State::kFailed));
  task.Stop(milliseconds(1000));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("restarting in 20 ms (attempt 1 of 2): boom"));
  EXPECT_THAT(log, HasSubstr("restarting in 40 ms (attempt 2 of 2): boom"));
  EXPECT_THAT(log, HasSubstr("task failed: boom (restart attempts exhausted)"));
  EXPECT_THAT(task.status().trace, HasSubstr("boom"));
}

TEST(TaskRestarts, ALongHealthyRunStartsTheBackoffOver) {
  ::testing::internal::CaptureStderr();
  const Status boom = Status::Internal("boom");
  // Two quick failures, then a run longer than the window, then a failure: attempt 1 again,
  // with the initial backoff.
  ScriptedTask task(Policy(3, 300), {{milliseconds(0), boom},
                                     {milliseconds(0), boom},
                                     {milliseconds(500), Status::Internal("late")},
                                     {milliseconds(0), Status::OK()}});
  task.Start(false);
  for (int i = 0; i < 300 && task.status().state != State::kRunning; ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  std::this_thread::sleep_for(milliseconds(1200));
  task.Stop(milliseconds(1000));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr("restarting in 20 ms (attempt 1 of 3): boom"));
  EXPECT_THAT(log, HasSubstr("restarting in 40 ms (attempt 2 of 3): boom"));
  EXPECT_THAT(log, HasSubstr("restarting in 20 ms (attempt 1 of 3): late"));
}

TEST(TaskRestarts, ZeroAttemptsIsKafkaConnectsBehaviour) {
  ScriptedTask task(Policy(0, 60000), {{milliseconds(0), Status::Internal("boom")}});
  task.Start(false);
  ASSERT_TRUE(Finished(task, State::kFailed));
}

}  // namespace
}  // namespace sluice::worker
