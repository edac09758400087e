// The access-log lines of bench/py/accesslog.py, byte for byte, for the micro-benchmarks: line i
// is a pure function of (seed, i), about 150 bytes, in Apache's combined log format.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::bench {

class AccessLogLines {
 public:
  explicit AccessLogLines(uint64_t seed = 20240301) : seed_(seed) {}

  // Line i without its newline.
  std::string Line(uint64_t i) const {
    static constexpr std::string_view kMethods[] = {"GET", "POST", "HEAD"};
    static constexpr std::string_view kReferrers[] = {"-", "-", "https://www.example.com/",
                                                      "https://www.example.com/products",
                                                      "https://search.example.org/?q=shop"};
    static constexpr std::string_view kAgents[] = {
        "Mozilla/5.0 (X11; Linux x86_64) Firefox/115.0",
        "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0",
        "curl/7.88.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Safari/604.1",
        "python-requests/2.28.1",
    };
    static constexpr int kStatuses[] = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
                                        200, 200, 200, 200, 304, 301, 404, 404, 500, 201};

    const uint64_t r = Mix(seed_ + (i + 1) * 0x9E3779B97F4A7C15ULL);
    const uint64_t r2 = Mix(r);
    char ip[32];
    std::snprintf(ip, sizeof ip, "%u.%u.%u.%u", static_cast<unsigned>(1 + (r & 0xFF) % 223),
                  static_cast<unsigned>((r >> 8) & 0xFF), static_cast<unsigned>((r >> 16) & 0xFF),
                  static_cast<unsigned>(1 + ((r >> 24) & 0xFF) % 254));
    const std::string path = Path((r >> 32) % 12, r2 % 100000, (r2 >> 20) % 20);
    // 17 GET, 2 POST, 1 HEAD, as the Python generator's list.
    const uint64_t m = (r >> 40) % 20;
    const std::string_view method = kMethods[m < 17 ? 0 : (m < 19 ? 1 : 2)];
    const int status = kStatuses[(r >> 48) % 20];
    const uint64_t size = (status == 304 || status == 301) ? 0 : 200 + (r2 >> 32) % 60000;

    char line[512];
    int n = std::snprintf(
        line, sizeof line, "%s - - [%s] \"%.*s %s HTTP/1.1\" %d %llu \"%.*s\" \"%.*s\"", ip,
        Stamp(i).c_str(), static_cast<int>(method.size()), method.data(), path.c_str(), status,
        static_cast<unsigned long long>(size), static_cast<int>(kReferrers[(r2 >> 48) % 5].size()),
        kReferrers[(r2 >> 48) % 5].data(), static_cast<int>(kAgents[(r2 >> 56) % 5].size()),
        kAgents[(r2 >> 56) % 5].data());
    return std::string(line, static_cast<size_t>(n));
  }

  // Lines 0..count-1, each followed by "\n".
  std::string Text(size_t count) const {
    std::string out;
    for (size_t i = 0; i < count; ++i) {
      out += Line(i);
      out += '\n';
    }
    return out;
  }

  std::vector<std::string> Lines(size_t count) const {
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.push_back(Line(i));
    return out;
  }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  static std::string Path(uint64_t which, uint64_t id, uint64_t small) {
    const std::string i = std::to_string(id);
    const std::string s = std::to_string(small);
    switch (which) {
      case 0:
        return "/";
      case 1:
        return "/index.html";
      case 2:
        return "/products/" + i;
      case 3:
        return "/products/" + i + "/reviews";
      case 4:
        return "/cart";
      case 5:
        return "/checkout/step/" + s;
      case 6:
        return "/api/v1/orders/" + i;
      case 7:
        return "/api/v1/search?q=item" + s + "&page=" + s;
      case 8:
        return "/static/css/site." + s + ".css";
      case 9:
        return "/static/js/app." + i + ".js";
      case 10:
        return "/images/catalog/" + i + ".jpg";
      default:
        return "/blog/2024/" + s + "/post-" + i + ".html";
    }
  }

  // 2024-03-01T00:00:00Z + i * 7 ms, as "01/Mar/2024:00:00:00 +0000".
  static std::string Stamp(uint64_t i) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const time_t second = static_cast<time_t>(1709251200 + (i * 7) / 1000);
    std::tm t{};
    gmtime_r(&second, &t);
    char out[40];
    std::snprintf(out, sizeof out, "%02d/%s/%04d:%02d:%02d:%02d +0000", t.tm_mday,
                  kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return out;
  }

  uint64_t seed_;
};

}  // namespace sluice::bench
