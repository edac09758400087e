#include "hdfs-sink/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <stdexcept>

namespace sluice::hdfs_sink {
namespace {

void GlobalInitOnce() {
  // curl_global_init is not thread-safe; the first client does it once for the process.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl failed to initialise");
    }
  });
}

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// How often a request under way asks its abort check. libcurl's own progress callback comes
// only about once a second while a request waits for its answer, which is too slow for a task
// that must stop within seconds; hence a multi-handle loop of our own.
constexpr int kAbortCheckMs = 50;

// Takes the easy handle out of the multi handle however Send leaves; an unfinished request's
// connection is closed then.
struct Attached {
  CURLM* multi;
  CURL* easy;
  ~Attached() { curl_multi_remove_handle(multi, easy); }
};

// Frees the header list however Send leaves.
struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void Add(const char* header) {
    curl_slist* grown = curl_slist_append(list, header);
    if (grown == nullptr) throw std::bad_alloc();
    list = grown;
  }
};

}  // namespace

HttpClient::HttpClient(HttpTimeouts timeouts) : timeouts_(timeouts) {
  GlobalInitOnce();
  curl_ = curl_easy_init();
  multi_ = curl_multi_init();
  if (curl_ == nullptr || multi_ == nullptr) {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
    curl_multi_cleanup(static_cast<CURLM*>(multi_));
    throw std::runtime_error("libcurl: cannot create a handle");
  }
}

HttpClient::~HttpClient() {
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
  curl_easy_cleanup(static_cast<CURL*>(curl_));
}

HttpResponse HttpClient::Send(const std::string& method, const std::string& url,
                              std::optional<std::string_view> body,
                              const std::function<bool()>& abort) {
  std::lock_guard<std::mutex> lock(mu_);
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the connection cache
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  HeaderList headers;
  headers.Add("Expect:");  // WebHDFS's two steps exist precisely to avoid 100-continue
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeouts_.connect.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeouts_.request.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  if (method == "PUT" || method == "POST") {
    std::string_view data = body.value_or(std::string_view());
    headers.Add(body ? "Content-Type: application/octet-stream" : "Content-Type:");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(data.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, data.empty() ? "" : data.data());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);

  CURLM* multi = static_cast<CURLM*>(multi_);
  if (curl_multi_add_handle(multi, curl) != CURLM_OK) {
    throw HttpTransportError(method + " " + url + ": libcurl refused the request");
  }
  Attached attached{multi, curl};
  CURLcode rc = CURLE_OK;
  for (bool done = false; !done;) {
    if (abort && abort()) throw HttpAborted(method + " " + url + ": aborted");
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        rc = msg->data.result;
        done = true;
      }
    }
    if (!done && mc == CURLM_OK) mc = curl_multi_poll(multi, nullptr, 0, kAbortCheckMs, nullptr);
    if (mc != CURLM_OK) {
      throw HttpTransportError(method + " " + url + ": " + curl_multi_strerror(mc));
    }
  }
  if (rc != CURLE_OK) {
    throw HttpTransportError(method + " " + url + ": " +
                             (error[0] != '\0' ? std::string(error) : curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  char* redirect = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect) {
    response.location = redirect;
  }
  return response;
}

std::string HttpClient::Escape(std::string_view text, bool keep_slashes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slashes && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace sluice::hdfs_sink
