// The Storage contract, run against the local file system and against WebHDFS and HttpFS (the
// test server in each mode), which must behave identically; then what is particular to WebHDFS:
// the two-step writes, HttpFS, user.name, errors by exception name, retries, timeouts and
// aborts.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "hdfs-sink/backoff_sleeper.h"
#include "hdfs-sink/http_client.h"
#include "hdfs-sink/local_storage.h"
#include "hdfs-sink/retrying_storage.h"
#include "hdfs-sink/storage_fence.h"
#include "hdfs-sink/webhdfs_storage.h"
#include "test_support.h"
#include "webhdfs_test_server.h"

namespace sluice::hdfs_sink {
namespace {

namespace fs = std::filesystem;
using hdfs_test::Node;
using hdfs_test::ReadFile;
using hdfs_test::TempDir;
using hdfs_test::WebHdfsTestServer;

enum class Backend { kLocal, kWebHdfs, kHttpFs };

WebHdfsOptions Options(const std::string& url, const std::string& user, bool httpfs = false) {
  WebHdfsOptions o;
  o.base_url = url;
  o.user = user;
  o.httpfs = httpfs;
  return o;
}

std::string BackendName(const testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::kLocal:
      return "Local";
    case Backend::kWebHdfs:
      return "WebHdfs";
    case Backend::kHttpFs:
      return "HttpFs";
  }
  return "?";
}

// One storage over `data` (a folder): paths given to `storage` are relative to "/" of `root()`.
class StorageContract : public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    data_ = dir_.path() / "data";
    fs::create_directories(data_);
    if (GetParam() != Backend::kLocal) {
      // HttpFS: one gateway, uploads in one request with data=true.
      const bool httpfs = GetParam() == Backend::kHttpFs;
      server_ = std::make_unique<WebHdfsTestServer>(data_, WebHdfsTestServer::Options{httpfs});
      storage_ = std::make_unique<WebHdfsStorage>(Options(server_->url(), "alice", httpfs));
      root_ = "";
    } else {
      storage_ = std::make_unique<LocalStorage>();
      root_ = data_.string();
    }
  }
  std::string P(const std::string& path) const { return root_ + path; }
  fs::path Local(const std::string& path) const { return data_ / fs::path(path).relative_path(); }

  TempDir dir_;
  fs::path data_;
  std::string root_;
  std::unique_ptr<WebHdfsTestServer> server_;
  std::unique_ptr<Storage> storage_;
};

TEST_P(StorageContract, CreatesAppendsAndReads) {
  storage_->Create(P("/a/b/f+0=1.txt"), "hello ", false);  // parents made, odd characters kept
  storage_->Append(P("/a/b/f+0=1.txt"), "world");
  EXPECT_EQ(ReadFile(Local("/a/b/f+0=1.txt")), "hello world");
  EXPECT_EQ(storage_->Read(P("/a/b/f+0=1.txt")), "hello world");
  storage_->Create(P("/a/b/f+0=1.txt"), "new", true);
  EXPECT_EQ(ReadFile(Local("/a/b/f+0=1.txt")), "new");
  storage_->Create(P("/empty"), "", false);
  EXPECT_EQ(storage_->GetFileStatus(P("/empty"))->length, 0u);
}

TEST_P(StorageContract, ReportsMissingAndExistingFiles) {
  storage_->Create(P("/f"), "x", false);
  try {
    storage_->Create(P("/f"), "y", false);
    FAIL() << "created over an existing file";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.kind(), StorageErrorKind::kAlreadyExists) << e.what();
  }
  try {
    storage_->Append(P("/missing"), "y");
    FAIL() << "appended to a missing file";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.kind(), StorageErrorKind::kNotFound) << e.what();
  }
  try {
    storage_->Read(P("/missing"));
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(e.kind(), StorageErrorKind::kNotFound) << e.what();
  }
  EXPECT_FALSE(storage_->GetFileStatus(P("/missing")));
}

TEST_P(StorageContract, RenamesAsHdfsDoes) {
  storage_->Create(P("/src"), "data", false);
  storage_->Create(P("/taken"), "other", false);
  storage_->MakeDirectories(P("/dir"));
  EXPECT_FALSE(storage_->Rename(P("/missing"), P("/dir/x")));  // no source
  EXPECT_FALSE(storage_->Rename(P("/src"), P("/taken")));      // never replaces
  EXPECT_FALSE(storage_->Rename(P("/src"), P("/nodir/x")));    // no parent
  EXPECT_EQ(ReadFile(Local("/taken")), "other");
  EXPECT_TRUE(storage_->Rename(P("/src"), P("/dir/x")));
  EXPECT_FALSE(fs::exists(Local("/src")));
  EXPECT_EQ(ReadFile(Local("/dir/x")), "data");
}

TEST_P(StorageContract, MakesListsStatsAndDeletes) {
  storage_->MakeDirectories(P("/t/p=1/q"));
  storage_->MakeDirectories(P("/t/p=1/q"));  // existing is fine
  storage_->Create(P("/t/p=1/a.json"), "12345", false);
  std::vector<FileStatus> list = storage_->ListStatus(P("/t/p=1"));
  std::sort(list.begin(), list.end(),
            [](const FileStatus& a, const FileStatus& b) { return a.name < b.name; });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "a.json");
  EXPECT_FALSE(list[0].is_directory);
  EXPECT_EQ(list[0].length, 5u);
  EXPECT_EQ(list[1].name, "q");
  EXPECT_TRUE(list[1].is_directory);
  EXPECT_TRUE(storage_->GetFileStatus(P("/t"))->is_directory);
  EXPECT_EQ(storage_->GetFileStatus(P("/t/p=1/a.json"))->name, "a.json");
  try {
    storage_->ListStatus(P("/nothing"));
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_EQ(e.kind(), StorageErrorKind::kNotFound) << e.what();
  }
  try {
    storage_->Delete(P("/t"), false);
    FAIL() << "deleted a non-empty directory without recursive";
  } catch (const StorageError& e) {
    EXPECT_EQ(e.kind(), StorageErrorKind::kInvalid) << e.what();
  }
  EXPECT_TRUE(storage_->Delete(P("/t/p=1/a.json"), false));
  EXPECT_FALSE(storage_->Delete(P("/t/p=1/a.json"), false));
  EXPECT_TRUE(storage_->Delete(P("/t"), true));
  EXPECT_FALSE(fs::exists(Local("/t")));
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageContract,
                         testing::Values(Backend::kLocal, Backend::kWebHdfs, Backend::kHttpFs),
                         BackendName);

// --- WebHDFS particulars ----------------------------------------------------------------------

class WebHdfs : public testing::Test {
 protected:
  void SetUp() override { data_ = dir_.path() / "data"; }
  WebHdfsStorage Client(const std::string& url, bool httpfs = false,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    WebHdfsOptions o = Options(url, "alice", httpfs);
    o.timeouts.request = timeout;
    return WebHdfsStorage(o);
  }
  TempDir dir_;
  fs::path data_;
};

TEST_F(WebHdfs, WritesInTwoStepsThroughTheDatanode) {
  WebHdfsTestServer server(data_);
  WebHdfsStorage client = Client(server.url());
  client.Create("/f", "abc", true);
  client.Append("/f", "def");
  EXPECT_EQ(ReadFile(data_ / "f"), "abcdef");
  EXPECT_EQ(server.CountRequests("CREATE", Node::kNamenode), 1);
  EXPECT_EQ(server.CountRequests("CREATE", Node::kDatanode), 1);
  EXPECT_EQ(server.CountRequests("APPEND", Node::kNamenode), 1);
  EXPECT_EQ(server.CountRequests("APPEND", Node::kDatanode), 1);
  for (const auto& line : server.Requests()) {
    EXPECT_NE(line.find("user=alice"), std::string::npos) << line;
  }
}

TEST_F(WebHdfs, TheTestServerRefusesDataInTheFirstStep) {
  for (bool httpfs : {false, true}) {
    WebHdfsTestServer server(data_, WebHdfsTestServer::Options{httpfs});
    HttpClient http(HttpTimeouts{});
    const std::string url = server.url() + "/webhdfs/v1/f?op=CREATE&user.name=a";
    HttpResponse r = http.Send("PUT", url, std::string_view("data"));
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("Step 1 of CREATE has no body"), std::string::npos) << r.body;
    EXPECT_EQ(
        http.Send("POST", server.url() + "/webhdfs/v1/f?op=APPEND", std::string_view("x")).status,
        400);
    EXPECT_EQ(http.Send("PUT", url).status, 307);  // without a body: the redirect
    EXPECT_FALSE(fs::exists(data_ / "f"));
  }
}

TEST_F(WebHdfs, SpeaksToHttpFsInOneStepOrByItsRedirect) {
  WebHdfsTestServer server(data_, WebHdfsTestServer::Options{/*httpfs=*/true});
  WebHdfsStorage one_step = Client(server.url(), /*httpfs=*/true);
  one_step.Create("/one", "1", false);
  one_step.Append("/one", "2");
  EXPECT_EQ(server.CountRequests("CREATE", Node::kNamenode), 1);
  EXPECT_EQ(server.CountRequests("APPEND", Node::kNamenode), 1);
  WebHdfsStorage redirected = Client(server.url(), /*httpfs=*/false);
  redirected.Create("/two", "3", false);
  EXPECT_EQ(server.CountRequests("CREATE", Node::kNamenode), 3);  // + the redirect and data=true
  EXPECT_EQ(server.CountRequests("CREATE", Node::kDatanode), 0);
  EXPECT_EQ(ReadFile(data_ / "one"), "12");
  EXPECT_EQ(ReadFile(data_ / "two"), "3");
  EXPECT_EQ(redirected.Read("/two"), "3");
}

TEST_F(WebHdfs, MapsRemoteExceptionsToKinds) {
  WebHdfsTestServer server(data_);
  WebHdfsStorage client = Client(server.url());
  auto kind_of = [&](const std::function<void()>& fn) {
    try {
      fn();
    } catch (const StorageError& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no error";
    return StorageErrorKind::kInvalid;
  };
  server.FailNext("CREATE", 1, 403, "AlreadyBeingCreatedException");
  EXPECT_EQ(kind_of([&] { client.Create("/x", "", true); }), StorageErrorKind::kTransient);
  server.FailNext("MKDIRS", 1, 403, "SafeModeException");
  EXPECT_EQ(kind_of([&] { client.MakeDirectories("/d"); }), StorageErrorKind::kTransient);
  server.FailNext("RENAME", 1, 403, "StandbyException");
  EXPECT_EQ(kind_of([&] { client.Rename("/a", "/b"); }), StorageErrorKind::kTransient);
  server.FailNext("LISTSTATUS", 1, 500, "");
  EXPECT_EQ(kind_of([&] { client.ListStatus("/"); }), StorageErrorKind::kTransient);
  server.DenyWrites("/secure");
  EXPECT_EQ(kind_of([&] { client.Create("/secure/f", "x", true); }),
            StorageErrorKind::kPermissionDenied);
  try {
    client.MakeDirectories("/secure/d");
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("AccessControlException: Permission denied"),
              std::string::npos)
        << e.what();
  }
  // A datanode failure leaves the write's outcome open.
  hdfs_test::Fault dn;
  dn.op = "APPEND";
  dn.node = Node::kDatanode;
  dn.status = 500;
  dn.exception = "RuntimeException";
  server.AddFault(dn);
  client.Create("/y", "1", true);
  try {
    client.Append("/y", "2");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_TRUE(e.may_have_applied());
    EXPECT_TRUE(e.transient());
  }
}

TEST_F(WebHdfs, AnUnreachableNamenodeIsTransient) {
  WebHdfsTestServer server(data_);
  WebHdfsStorage client = Client(server.url());
  server.StopNamenode();
  try {
    client.MakeDirectories("/d");
    FAIL();
  } catch (const StorageError& e) {
    EXPECT_TRUE(e.transient());
    EXPECT_NE(std::string(e.what()).find("no answer"), std::string::npos) << e.what();
  }
  server.StartNamenode();
  client.MakeDirectories("/d");
  EXPECT_TRUE(fs::is_directory(data_ / "d"));
}

TEST_F(WebHdfs, RetriesTransientFailuresAndLogsWhy) {
  WebHdfsTestServer server(data_);
  std::vector<std::string> warnings;
  auto sleeper = std::make_shared<BackoffSleeper>();
  auto outage = std::make_shared<OutageClock>(
      RetryPolicy{3, std::chrono::milliseconds(5), std::chrono::milliseconds(20)});
  RetryingStorage storage(std::make_unique<WebHdfsStorage>(Options(server.url(), "a")), outage,
                          sleeper, [&](const std::string& w) { warnings.push_back(w); });
  server.FailNext("CREATE", 2, 403, "AlreadyBeingCreatedException");
  storage.Create("/f", "data", true);
  EXPECT_EQ(ReadFile(data_ / "f"), "data");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("AlreadyBeingCreatedException"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("retry 1 of 3"), std::string::npos) << warnings[0];

  server.FailNext("RENAME", 4, 500, "RuntimeException");
  EXPECT_THROW(storage.Rename("/f", "/g"), StorageError);  // 1 + 3 retries, all failing
  EXPECT_TRUE(storage.Rename("/f", "/g"));

  server.DenyWrites("/");
  warnings.clear();
  EXPECT_THROW(storage.MakeDirectories("/nope"), StorageError);
  EXPECT_TRUE(warnings.empty());  // permanent: no retry
}

TEST_F(WebHdfs, NeverRetriesAnAppendThatMayHaveLanded) {
  WebHdfsTestServer server(data_);
  auto sleeper = std::make_shared<BackoffSleeper>();
  RetryingStorage storage(std::make_unique<WebHdfsStorage>(Options(server.url(), "a")),
                          std::make_shared<OutageClock>(RetryPolicy{3, std::chrono::milliseconds(1),
                                                                    std::chrono::milliseconds(1)}),
                          sleeper, nullptr);
  storage.Create("/f", "1", true);
  server.FailNext("APPEND", 1, 403, "RecoveryInProgressException");  // at the namenode: no data
  storage.Append("/f", "2");
  hdfs_test::Fault dn;
  dn.op = "APPEND";
  dn.node = Node::kDatanode;
  dn.status = 500;
  server.AddFault(dn);
  EXPECT_THROW(storage.Append("/f", "3"), StorageError);
  EXPECT_EQ(server.CountRequests("APPEND", Node::kDatanode), 2);
  EXPECT_EQ(ReadFile(data_ / "f"), "12");
}

TEST_F(WebHdfs, ASlowAnswerTimesOutAndIsRetried) {
  WebHdfsTestServer server(data_);
  hdfs_test::Fault slow;
  slow.op = "MKDIRS";
  slow.delay = std::chrono::milliseconds(1500);
  server.AddFault(slow);
  WebHdfsOptions options = Options(server.url(), "a");
  options.timeouts.request = std::chrono::milliseconds(200);
  std::vector<std::string> warnings;
  RetryingStorage storage(std::make_unique<WebHdfsStorage>(options),
                          std::make_shared<OutageClock>(RetryPolicy{2, std::chrono::milliseconds(1),
                                                                    std::chrono::milliseconds(1)}),
                          std::make_shared<BackoffSleeper>(),
                          [&](const std::string& w) { warnings.push_back(w); });
  storage.MakeDirectories("/d");
  EXPECT_TRUE(fs::is_directory(data_ / "d"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no answer"), std::string::npos) << warnings[0];
}

TEST_F(WebHdfs, CancellingTheSleeperEndsRetriesAtOnce) {
  WebHdfsTestServer server(data_);
  auto sleeper = std::make_shared<BackoffSleeper>();
  RetryingStorage storage(
      std::make_unique<WebHdfsStorage>(Options(server.url(), "a")),
      std::make_shared<OutageClock>(RetryPolicy{5, std::chrono::hours(1), std::chrono::hours(1)}),
      sleeper, nullptr);
  server.FailNext("MKDIRS", 10, 503, "");
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sleeper->Cancel();
  });
  EXPECT_THROW(storage.MakeDirectories("/d"), StorageError);  // would wait an hour otherwise
  stopper.join();
}

TEST_F(WebHdfs, AWakeUpAbortsARequestInFlightPromptlyAndTheGraceEndsWhatFollows) {
  WebHdfsTestServer server(data_);
  hdfs_test::Fault slow;
  slow.op = "MKDIRS";
  slow.delay = std::chrono::seconds(20);
  server.AddFault(slow);
  auto fence = std::make_shared<StorageFence>(std::chrono::milliseconds(1000));
  WebHdfsOptions options = Options(server.url(), "a");
  options.fence = fence;
  WebHdfsStorage storage(options);
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    fence->Wake();
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    storage.MakeDirectories("/slow");
    ADD_FAILURE() << "the slow request was not aborted";
  } catch (const StorageError& e) {
    EXPECT_TRUE(e.cancelled()) << e.what();
    EXPECT_NE(std::string(e.what()).find("MKDIRS /slow: aborted"), std::string::npos) << e.what();
  }
  const auto took = std::chrono::steady_clock::now() - start;
  waker.join();
  EXPECT_LT(took, std::chrono::milliseconds(1000)) << "20 s without the abort";

  storage.Create("/during-the-grace", "x", true);  // closing files at a graceful stop
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const size_t sent = server.Requests().size();
  EXPECT_THROW(storage.Rename("/during-the-grace", "/after"), StorageError);
  EXPECT_EQ(server.Requests().size(), sent) << "a request went out after the grace";
  EXPECT_TRUE(fs::exists(data_ / "during-the-grace"));
  EXPECT_FALSE(fs::exists(data_ / "after"));
}

}  // namespace
}  // namespace sluice::hdfs_sink
