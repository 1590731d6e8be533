// procsnap report, without a browser: escaping, the Content-Security-Policy hashes, the loader (cuts, containers),
// the non-standard library rule, the tree on hostile ppid data, and the stated limits.
#include <gtest/gtest.h>

#include <map>

#include "report/report_fixture.hpp"

#include "db/osquery_functions.hpp"
#include "importer/schema_sql.hpp"
#include "procsnap/common/sha256.hpp"
#include "report/report.hpp"

namespace procsnap::report {
namespace {

TEST(ReportHtml, EscapesMarkupControlBidiAndInvalidUtf8) {
  EXPECT_EQ(html_text("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_text("a\"b&c"), "a&quot;b&amp;c");
  EXPECT_EQ(html_text("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(html_text("bad\xff"), "bad\\xff");
  EXPECT_EQ(html_text("abc\xe2\x80\xaetxt.exe"), "abc\\u{202e}txt.exe");  // RIGHT-TO-LEFT OVERRIDE shown, not obeyed
  EXPECT_EQ(html_text("C:\\dir"), "C:\\\\dir");
  EXPECT_EQ(html_text("h\xc3\xa9llo"), "h\xc3\xa9llo");  // valid UTF-8 passes
}

TEST(ReportHtml, CutsLongValuesAndSaysSo) {
  EXPECT_EQ(html_text(std::string(15, 'a'), 10), std::string(10, 'a') + "<span class=\"cut\">… (5 more bytes)</span>");
  // Never inside a UTF-8 sequence: 3 bytes of "ééééé" keep one é (2 bytes).
  EXPECT_EQ(html_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3), "\xc3\xa9<span class=\"cut\">… (8 more bytes)</span>");
  EXPECT_EQ(html_text("short", 10), "short");
  EXPECT_EQ(html_text(std::string(15, 'a'), 0), std::string(15, 'a'));
}

TEST(ReportLibraries, NonStandardIsOutsideTheLibraryDirectories) {
  EXPECT_TRUE(is_nonstandard_library("/tmp/libevil.so"));
  EXPECT_TRUE(is_nonstandard_library("/opt/app/lib/libfoo.so.1.2"));
  EXPECT_TRUE(is_nonstandard_library("/dev/shm/x.so (deleted)"));
  EXPECT_FALSE(is_nonstandard_library("/usr/lib/x86_64-linux-gnu/libc.so.6"));
  EXPECT_FALSE(is_nonstandard_library("/lib64/ld-linux-x86-64.so.2"));
  EXPECT_FALSE(is_nonstandard_library("/usr/local/lib/libx.so"));
  EXPECT_FALSE(is_nonstandard_library("/usr/bin/bash"));
  EXPECT_FALSE(is_nonstandard_library("/home/u/notes.sonic"));
}

Process proc(std::int64_t pid, std::optional<std::int64_t> ppid, std::string comm) {
  Process p;
  p.pid = pid;
  p.ppid = ppid;
  p.comm = std::move(comm);
  return p;
}

std::string render(const Data& d, const triage::Report& r = {}, Options o = {}) {
  return render_html(d, r, std::nullopt, o);
}

// The text between the first `open` and the following `close`.
std::string between(const std::string& s, const std::string& open, const std::string& close) {
  const auto a = s.find(open);
  if (a == std::string::npos) return {};
  const auto b = s.find(close, a + open.size());
  return b == std::string::npos ? std::string() : s.substr(a + open.size(), b - a - open.size());
}

TEST(ReportHtml, ContentSecurityPolicyAllowsExactlyTheInlineStyleAndScript) {
  Data d;
  d.processes.push_back(proc(1, 0, "init"));
  const std::string html = render(d);
  const std::string csp = content_security_policy();
  EXPECT_TRUE(csp.starts_with("default-src 'none'; "));
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">"), std::string::npos);
  const auto hash = [](const std::string& text) {
    const auto d2 = common::sha256(text);
    return "'sha256-" + db::osquery::to_base64(std::string(reinterpret_cast<const char*>(d2.data()), d2.size())) + "'";
  };
  EXPECT_NE(csp.find("style-src " + hash(between(html, "<style>", "</style>")) + ";"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src " + hash(between(html, "<script>", "</script>")) + ";"), std::string::npos) << csp;
  // One style element, one script element, no other way to load anything.
  for (const char* tag : {"<link", "<img", "<iframe", "<object", "<embed", "<base", "@import", "url("}) {
    EXPECT_EQ(html.find(tag), std::string::npos) << tag;
  }
}

TEST(ReportHtml, HostileValuesAreTextEverywhere) {
  Data d;
  d.header.hostname = "<h1>host</h1>";
  d.header.note = "\"><script>alert(1)</script>";
  Process p = proc(7, 1, "<b>comm</b>");
  p.cmdline = "sh -c '<script>document.title=\"pwned\"</script><img src=http://127.0.0.1:9/x onerror=alert(1)>'";
  p.cmdline_bytes = p.cmdline->size();
  p.exe = "/tmp/\x1b]0;title\x07";
  p.cgroup = "/docker/\"onmouseover=\"alert(1)";
  p.libraries = {"/tmp/<svg onload=alert(1)>.so"};
  p.libraries_total = 1;
  d.processes.push_back(p);
  triage::Check check{.id = "demo", .title = "Demo", .severity = triage::Severity::high, .mitre = "T1000",
                      .why = "w", .benign = "b", .sql = "", .clickhouse_sql = ""};
  triage::Report r;
  r.checks_run = 1;
  r.findings.push_back(triage::Finding{.check = &check, .columns = {"pid", "<th>"},
                                       .rows = {{{SQLITE_INTEGER, "7"}, {SQLITE_TEXT, "<iframe src=//x>"}}},
                                       .total_rows = 1});
  attach_findings(d, r);
  const std::string html = render(d, r);
  EXPECT_EQ(testing::count(html, "<script"), 1u);  // ours
  for (const char* raw : {"<b>comm", "<img", "<svg", "<iframe", "<h1>host", "<th>\n", "\x1b"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;&lt;img src=http://127.0.0.1:9/x"),
            std::string::npos);
  EXPECT_NE(html.find("/tmp/\\x1b]0;title\\x07"), std::string::npos);
  EXPECT_NE(html.find("<a class=\"badge sev-high\" href=\"#finding-demo\">demo</a>"), std::string::npos);
  EXPECT_NE(html.find("<td><a href=\"#p-7\">7</a></td><td>&lt;iframe src=//x&gt;</td>"), std::string::npos);
  // Every href is a fragment of this document.
  const auto hrefs = testing::attribute_values(html, "href");
  EXPECT_FALSE(hrefs.empty());
  for (const auto& h : hrefs) EXPECT_TRUE(h.starts_with("#")) << h;
}

TEST(ReportHtml, StatesLimitsAndWhereItCut) {
  Data d;
  Process p = proc(9, 1, "busy");
  p.cmdline = std::string(4096, 'x');
  p.cmdline_bytes = 1 << 20;
  p.exe = std::string(4096, 'e');  // the loader cut a 5000-byte exe link target
  p.exe_bytes = 5000;
  p.sockets.resize(64);
  p.sockets_total = 70;
  d.processes.push_back(p);
  d.listeners.resize(3);
  d.listeners_total = 2500;
  triage::Check check{.id = "many", .title = "Many", .severity = triage::Severity::low, .mitre = "T1", .why = "",
                      .benign = "", .sql = "", .clickhouse_sql = ""};
  triage::Report r;
  r.findings.push_back(triage::Finding{.check = &check, .columns = {"pid"}, .rows = {{{SQLITE_INTEGER, "9"}}},
                                       .total_rows = 100});
  Options o;
  o.limits.evidence_rows = 1;
  const std::string html = render(d, r, o);
  EXPECT_NE(html.find("This file shows at most: 1 evidence rows per finding; the first 4096 bytes of any value"),
            std::string::npos);
  EXPECT_NE(html.find("Showing 1 of 100 evidence rows (report limit: --max-rows)"), std::string::npos);
  EXPECT_NE(html.find("… (1044480 more bytes)"), std::string::npos);
  EXPECT_NE(html.find(std::string(4096, 'e') + " <span class=\"cut\">… (904 more bytes)</span>"), std::string::npos);
  EXPECT_NE(html.find("64 of 70 sockets shown"), std::string::npos);
  EXPECT_NE(html.find("Showing 3 of 2500 Listeners"), std::string::npos);
}

TEST(ReportTree, EveryProcessOnceDespiteCyclesAndDepth) {
  Data d;
  d.processes.push_back(proc(1, 2, "a"));  // 1 <-> 2: a ppid cycle, no root
  d.processes.push_back(proc(2, 1, "b"));
  d.processes.push_back(proc(3, 3, "self-parent"));
  // A chain 100 -> 101 -> ... -> 5099, 5000 deep (hostile ppids): rendered without recursion.
  for (std::int64_t pid = 100; pid < 5100; ++pid) d.processes.push_back(proc(pid, pid == 100 ? 0 : pid - 1, "c"));
  const std::string html = render(d);
  std::map<std::string, int> ids;  // one pass over the document: every id="p-N" it holds
  for (const auto& v : testing::attribute_values(html, "id")) {
    if (v.starts_with("p-")) ++ids[v.substr(2)];
  }
  EXPECT_EQ(ids.size(), d.processes.size());
  for (const auto& p : d.processes) EXPECT_EQ(ids[std::to_string(p.pid)], 1) << p.pid;
  // Balanced: every opened process item is closed.
  EXPECT_EQ(testing::count(html, "<li class=\"proc"), d.processes.size());
  EXPECT_EQ(testing::count(html, "</ul></details></li>"), d.processes.size());
}

// The loader cuts long text in SQL (a hostile archive may hold megabytes of cmdline or link target per process)
// and keeps the full lengths for the cut notes; every process, socket holder, non-standard library and container
// (from the importer's process_containers) lands.
TEST(ReportLoad, CutsLongTextInSqlAndBucketsRowsByPid) {
  db::Connection conn(":memory:", db::Connection::Mode::read_write_create);
  for (const auto& f : importer::schema_files()) conn.exec(f.sql);
  conn.exec(R"SQL(
INSERT INTO snapshots(id, archive_sha256, state, hostname, btime, clk_tck, header_json, imported_at)
VALUES (1, 'ab', 'verified', 'h', 1700000000, 100, '{}', '2026-01-01T00:00:00Z');
INSERT INTO proc_stat(snapshot_id, pid, start_time, comm, ppid)
VALUES (1, 1, 5, 'init', 0), (1, 42, 900, 'evil', 1), (1, 43, 950, 'lxc-init', 1);
INSERT INTO containers(snapshot_id, container_id, runtime, name, recognised_by, init_pid, process_count)
VALUES (1, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'docker', NULL, 'docker-<id>.scope', 42, 1),
       (1, 'web1', 'lxc', 'web1', 'lxc.payload.<name>', 43, 1);
INSERT INTO process_containers(snapshot_id, pid, start_time, container_id, matched_by)
VALUES (1, 42, 900, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'cgroup'),
       (1, 43, 950, 'web1', 'cgroup');
INSERT INTO proc_cmdline(snapshot_id, pid, start_time, argc, cmdline) VALUES (1, 42, 900, 1, printf('%.*c', 100000, 'x'));
INSERT INTO proc_links(snapshot_id, pid, start_time, name, target, type, deleted)
VALUES (1, 42, 900, 'exe', '/tmp/' || printf('%.*c', 5000, 'e'), 'file', 0);
INSERT INTO proc_cgroup(snapshot_id, pid, start_time, line, hierarchy_id, controllers, path)
VALUES (1, 42, 900, 1, 0, '', '/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope');
INSERT INTO proc_maps(snapshot_id, pid, start_time, line, start_hex, end_hex, perms, perm_read, perm_write, perm_exec,
                      shared, path, path_kind, deleted)
VALUES (1, 42, 900, 1, '7f00', '7f10', 'r-xp', 1, 0, 1, 0, '/tmp/libx.so', 'file', 0),
       (1, 42, 900, 2, '7f20', '7f30', 'r-xp', 1, 0, 1, 0, '/usr/lib/libc.so.6', 'file', 0);
INSERT INTO proc_fds(snapshot_id, pid, start_time, fd, target, type, deleted, inode)
VALUES (1, 42, 900, 3, 'socket:[77]', 'socket', 0, 77);
INSERT INTO net_tcp(snapshot_id, netns, line, family, protocol, local_address, local_port, remote_address, remote_port,
                    state, state_name, inode)
VALUES (1, 1, 1, 4, 6, '10.0.0.5', 40000, '127.0.0.1', 4444, 1, 'ESTABLISHED', 77);
)SQL");
  const Data d = load(conn, 1, Limits{});
  ASSERT_EQ(d.processes.size(), 3u);
  EXPECT_EQ(d.processes[0].container, std::nullopt);  // the host
  EXPECT_EQ(d.processes[2].container, "lxc:web1");
  const Process& p = d.processes[1];
  EXPECT_EQ(p.pid, 42);
  EXPECT_EQ(p.cmdline->size(), 4096u);
  EXPECT_EQ(p.cmdline_bytes, 100000u);
  EXPECT_EQ(p.exe->size(), 4096u);
  EXPECT_EQ(p.exe_bytes, 5005u);
  EXPECT_EQ(p.container, "docker:0123456789ab");  // the importer's process_containers, id as docker ps shows it
  EXPECT_EQ(p.cgroup, "/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope");
  EXPECT_EQ(p.libraries, std::vector<std::string>{"/tmp/libx.so"});
  ASSERT_EQ(p.sockets.size(), 1u);
  EXPECT_EQ(p.sockets[0].remote_port, 4444);
  ASSERT_EQ(d.connections.size(), 1u);
  EXPECT_EQ(d.connections[0].comm, "evil");
  EXPECT_TRUE(d.listeners.empty());
  EXPECT_THROW((void)load(conn, 2, Limits{}), std::invalid_argument);
}

}  // namespace
}  // namespace procsnap::report
