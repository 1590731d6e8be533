// procsnap report opened in a real headless browser (Debian's chromium): --dump-dom gives the DOM after the page's
// script ran, --screenshot the picture (kept in the build tree as a CI artifact), --log-net-log every request the
// browser made. Skipped without chromium, except in CI (env CI set), where its absence is a failure.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "db/db.hpp"
#include "importer/database.hpp"
#include "procsnap/common/json.hpp"
#include "report/report_fixture.hpp"
#include "triage/triage.hpp"

namespace procsnap::report {
namespace {

using testing::quote;
using testing::read_file;
using testing::run_shell;
using testing::TempDir;
using testing::count;

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser", "chromium-headless-shell"}) {
    if (run_shell(std::string("command -v ") + name + " >/dev/null 2>&1") == 0) return name;
  }
  return {};
}

#define REQUIRE_CHROMIUM(var)                                                                   \
  const std::string var = find_chromium();                                                      \
  if (var.empty()) {                                                                            \
    if (std::getenv("CI") != nullptr) FAIL() << "CI is set and chromium is not installed";      \
    GTEST_SKIP() << "chromium is not installed (scripts/setup-deps.sh installs it)";            \
  }

struct Page {
  std::string dom;     ///< the DOM after scripts ran
  std::string netlog;  ///< path of the NetLog JSON
};

// Opens `html_path` headless. `screenshot`: also save a PNG there.
Page open_in_browser(const std::string& chromium, const TempDir& dir, const std::string& html_path,
                     const std::string& tag, const std::string& screenshot = {}) {
  Page p;
  p.netlog = dir.file(tag + "-netlog.json");
  const std::string dom = dir.file(tag + "-dom.html");
  std::string cmd = "timeout 120 " + chromium + " --headless" + (::geteuid() == 0 ? " --no-sandbox" : "") +
                    " --disable-gpu --no-first-run --no-default-browser-check --disable-background-networking"
                    " --disable-component-update --disable-sync --disable-extensions --hide-scrollbars"
                    " --user-data-dir=" + quote(dir.file(tag + "-profile")) +
                    " --log-net-log=" + quote(p.netlog) + " --window-size=1280,800";
  if (!screenshot.empty()) cmd += " --screenshot=" + quote(screenshot);
  cmd += " --dump-dom " + quote("file://" + html_path) + " >" + quote(dom) + " 2>" + quote(dir.file(tag + "-stderr.txt"));
  EXPECT_EQ(run_shell(cmd), 0) << cmd << "\n" << read_file(dir.file(tag + "-stderr.txt"));
  p.dom = read_file(dom);
  return p;
}

// http(s)/ws(s)/ftp requests in the NetLog that the page made. The browser's own background requests (component
// updates, time sync, account checks; Debian's chromium makes some despite the flags) have the initiator
// "not an origin"; a request made for a page carries the page's origin ("null" for a file:// page).
std::vector<std::string> page_requests(const std::string& netlog_path) {
  const std::string text = read_file(netlog_path);
  auto parsed = common::json::parse(text, common::json::Limits{.max_depth = 64, .max_elements = 50'000'000});
  if (!std::holds_alternative<common::json::Value>(parsed)) {
    return {"unreadable NetLog " + netlog_path + ": " + std::get<common::json::ParseError>(parsed).message};
  }
  const auto& root = std::get<common::json::Value>(parsed);
  const auto* events = root.find("events") ? root.find("events")->as_array() : nullptr;
  if (events == nullptr) return {"NetLog without events: " + netlog_path};
  std::vector<std::string> out;
  const auto network = [](std::string url) {
    for (auto& c : url) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (const char* scheme : {"http://", "https://", "ws://", "wss://", "ftp://"}) {
      if (url.starts_with(scheme)) return true;
    }
    return false;
  };
  for (const auto& e : *events) {
    const auto* params = e.find("params");
    if (params == nullptr) continue;
    const auto url = params->string_at("url");
    if (!url || !network(*url)) continue;
    const auto initiator = params->string_at("initiator");
    if (initiator && *initiator == "not an origin") continue;  // the browser's own
    if (!initiator && !params->find("method")) continue;        // bookkeeping events that repeat a url
    out.push_back(*url + " (initiator " + initiator.value_or("none") + ")");
  }
  return out;
}

/// A TCP listener on 127.0.0.1 that counts who connects and hangs up on them at once (so a browser that fetched
/// gets an error instead of waiting): a fetch escaping the report would land here.
class Tripwire {
 public:
  Tripwire() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(a.sin_port);
    thread_ = std::jthread([this](std::stop_token stop) {
      while (!stop.stop_requested()) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) != 1) continue;
        const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (c >= 0) {
          ++hits_;
          ::close(c);
        }
      }
    });
  }
  ~Tripwire() {
    thread_ = {};  // joins
    if (fd_ >= 0) ::close(fd_);
  }
  Tripwire(const Tripwire&) = delete;
  Tripwire& operator=(const Tripwire&) = delete;
  [[nodiscard]] int port() const { return port_; }
  /// Connections so far.
  [[nodiscard]] int hits() const { return hits_.load(); }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> hits_{0};
  std::jthread thread_;
};


std::vector<std::int64_t> pids(const std::string& db_path, std::int64_t snapshot) {
  db::Connection conn = importer::open_read_only(db_path);
  auto st = conn.prepare("SELECT pid FROM proc_stat WHERE snapshot_id = ? ORDER BY pid");
  const std::array<db::Value, 1> p{snapshot};
  st.bind_all(p);
  std::vector<std::int64_t> out;
  while (st.step()) out.push_back(st.column_int64(0));
  return out;
}

// What every report must satisfy in the browser: our script ran and our style applied (so the CSP hashes are
// right), nothing was fetched, nothing can be (no src/href leaving the document), the tree has every pid.
void expect_sound_page(const Page& page, const std::string& db_path, std::int64_t snapshot) {
  EXPECT_NE(page.dom.find("data-script=\"ran\""), std::string::npos) << "the report's script did not run (CSP hash?)";
  EXPECT_NE(page.dom.find("data-style=\"loaded\""), std::string::npos) << "the report's style was not applied";
  EXPECT_NE(page.dom.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  for (const auto& r : page_requests(page.netlog)) ADD_FAILURE() << "the page fetched " << r;
  for (const char* name : {"src", "href", "action", "formaction", "srcset", "poster", "data", "background"}) {
    for (const auto& v : testing::attribute_values(page.dom, name)) {
      EXPECT_TRUE(v.starts_with("#")) << name << "=\"" << v << "\"";
    }
  }
  const auto ids = pids(db_path, snapshot);
  EXPECT_FALSE(ids.empty());
  for (const auto pid : ids) {
    EXPECT_EQ(count(page.dom, "id=\"p-" + std::to_string(pid) + "\""), 1u) << "pid " << pid << " not in the tree once";
  }
  EXPECT_EQ(count(page.dom, "<li class=\"proc"), ids.size());
}

std::string report(const std::string& db_path, const std::string& args, const std::string& out) {
  const std::string cmd = quote(PROCSNAP_BIN) + " report --db " + quote(db_path) + " " + args + " -o " + quote(out) +
                          " 2>/dev/null";
  EXPECT_EQ(run_shell(cmd), 0) << cmd;
  return out;
}

TEST(ReportBrowser, CompromisedSampleShowsItsFindingsTreeAndChanges) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir("report-browser");
  const std::string& db_path = testing::samples_db();
  const std::string html = report(db_path, "2 --diff 1", dir.file("compromised.html"));
  // The screenshot stays at the top of the build tree (build/ or build-asan/: CI keeps it as an artifact).
  const std::string shot =
      (std::filesystem::path(PROCSNAP_BIN).parent_path().parent_path() / "report-compromised.png").string();
  const Page page = open_in_browser(chromium, dir, html, "compromised", shot);
  expect_sound_page(page, db_path, 2);
  // Every finding triage makes on this snapshot is an article with its evidence, and nothing else is.
  db::Connection conn = importer::open_read_only(db_path);
  std::vector<std::string> errors;
  const auto checks = triage::load_checks(errors);
  const auto findings = triage::run_checks(conn, 2, checks, triage::RunOptions{});
  ASSERT_FALSE(findings.findings.empty());
  for (const auto& f : findings.findings) {
    EXPECT_NE(page.dom.find("id=\"finding-" + f.check->id + "\""), std::string::npos) << f.check->id;
  }
  EXPECT_EQ(count(page.dom, "<article class=\"finding"), findings.findings.size());
  // Each planted indicator's process carries its finding's badge in the tree (samples/compromised/planted.tsv; its
  // container_id and runtime lines name containers, not processes).
  std::ifstream planted(std::filesystem::path(PROCSNAP_SOURCE_DIR) / "samples/compromised/planted.tsv");
  std::size_t badges = 0;
  for (std::string line; std::getline(planted, line);) {
    std::istringstream in(line);
    std::string id, column, pid;
    std::getline(in, id, '\t');
    std::getline(in, column, '\t');
    std::getline(in, pid, '\t');
    if (column != "pid" && column != "hidden_pid") continue;
    const auto li = page.dom.find("id=\"p-" + pid + "\"");
    ASSERT_NE(li, std::string::npos) << pid;
    const auto line_end = page.dom.find("</summary>", li);
    EXPECT_NE(page.dom.substr(li, line_end - li).find("href=\"#finding-" + id + "\""), std::string::npos)
        << id << " badge missing on pid " << pid;
    ++badges;
  }
  EXPECT_EQ(badges, 27u);  // 21 before the dirty-exec and container look-alikes were planted
  // --diff 1: the 23 processes the scenario started.
  EXPECT_NE(page.dom.find("id=\"changes\""), std::string::npos);
  EXPECT_NE(page.dom.find("id=\"changes-processes\""), std::string::npos);
  EXPECT_GE(count(page.dom, "<td>started</td>"), 23u);
  // Provenance: the archive's SHA-256 and its verification state.
  EXPECT_NE(page.dom.find("b5b1ddc7635c72190c58793489b74e40114c0bdf549be8c063d8fa192d4882d5"), std::string::npos);
  EXPECT_NE(page.dom.find("<span class=\"ok\">verified</span>"), std::string::npos);
  const std::string png = read_file(shot);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::printf("report screenshot (CI artifact): %s\n", shot.c_str());
}

TEST(ReportBrowser, BaselineSampleHasNoFindings) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir("report-browser-baseline");
  const std::string& db_path = testing::samples_db();
  const Page page = open_in_browser(chromium, dir, report(db_path, "1", dir.file("baseline.html")), "baseline");
  expect_sound_page(page, db_path, 1);
  EXPECT_EQ(count(page.dom, "<article class=\"finding"), 0u);
  EXPECT_NE(page.dom.find("id=\"no-findings\""), std::string::npos);
  EXPECT_NE(page.dom.find("Triage findings (0)"), std::string::npos);
}

// A live process whose command line is markup, a URL to a listener of ours, terminal escapes and invalid UTF-8,
// captured by the real collector: in the browser it is text, nothing is fetched, and the search box finds it.
TEST(ReportBrowser, HostileCommandLineIsTextAndFetchesNothing) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir("report-browser-hostile");
  Tripwire wire;
  const std::string url = "http://127.0.0.1:" + std::to_string(wire.port());
  const std::string hostile = "<script>document.title='pwned'</script><img src=" + url +
                              "/img onerror=document.title='pwned'><link rel=stylesheet href=" + url +
                              "/css> \x1b]0;owned\x07 \xff\xfe end";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // `sleep 60; :` keeps sh itself alive (no exec of the last command) with argv[3] = the hostile text. Its own
    // process group, killed whole: an orphaned sleep would hold the test's stdout open for a minute.
    ::setpgid(0, 0);
    ::execlp("sh", "sh", "-c", "sleep 60; :", hostile.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(child, child);
  // Wait for the exec (until then the child's cmdline is this test's), not for a fixed time.
  for (int i = 0; i < 1000 && read_file("/proc/" + std::to_string(child) + "/cmdline").find("<script>") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::string archive = dir.file("hostile.tar"), db_path = dir.file("hostile.db");
  const int collect = run_shell(quote(PROCSNAP_COLLECT_BIN) + " -o " + quote(archive) + " --quiet --pids " +
                                std::to_string(child) + " 2>/dev/null");
  ::kill(-child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_TRUE(collect == 0 || collect == 3) << collect;
  ASSERT_EQ(run_shell(quote(PROCSNAP_BIN) + " import --db " + quote(db_path) + " " + quote(archive) + " >/dev/null 2>&1"), 0);
  const std::string html = report(db_path, "1", dir.file("hostile.html"));
  const std::string file = read_file(html);
  ASSERT_NE(file.find("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=" + url), std::string::npos)
      << "the capture does not hold the hostile command line";
  // #q=: the page's search box, filled from the URL fragment, must find the process by its text.
  const std::string target = html + "#q=pwned";
  const Page page = open_in_browser(chromium, dir, target, "hostile");
  expect_sound_page(page, db_path, 1);
  EXPECT_EQ(count(page.dom, "<script"), 1u) << "only the report's own script element";
  EXPECT_EQ(page.dom.find("<img"), std::string::npos);
  EXPECT_EQ(page.dom.find("<link"), std::string::npos);
  EXPECT_NE(page.dom.find("<title>procsnap report: "), std::string::npos);
  EXPECT_EQ(page.dom.find("<title>pwned"), std::string::npos);
  EXPECT_NE(page.dom.find("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=" + url), std::string::npos);
  EXPECT_NE(page.dom.find("\\x1b]0;owned\\x07 \\xff\\xfe end"), std::string::npos);
  EXPECT_EQ(page.dom.find('\x1b'), std::string::npos);
  EXPECT_NE(page.dom.find("1 of 1 processes match"), std::string::npos) << "the search box did not run";
  EXPECT_NE(page.dom.find("class=\"proc leaf hit keep\""), std::string::npos);
  EXPECT_EQ(wire.hits(), 0) << "something connected to " << url;
}

// The two network checks above can fail: a page that does fetch (no CSP, an image on our listener) is caught by
// both the NetLog reading and the listener.
TEST(ReportBrowser, NetworkChecksCatchAPageThatFetches) {
  REQUIRE_CHROMIUM(chromium);
  TempDir dir("report-browser-control");
  Tripwire wire;
  const std::string url = "http://127.0.0.1:" + std::to_string(wire.port()) + "/control.png";
  const std::string html = dir.file("control.html");
  std::ofstream(html) << "<!DOCTYPE html><html><body><img src=\"" << url << "\"></body></html>\n";
  const Page page = open_in_browser(chromium, dir, html, "control");
  const auto requests = page_requests(page.netlog);
  ASSERT_FALSE(requests.empty()) << "the NetLog reading missed a page's fetch";
  EXPECT_NE(requests.front().find(url), std::string::npos) << requests.front();
  EXPECT_GE(wire.hits(), 1);
}

}  // namespace
}  // namespace procsnap::report
