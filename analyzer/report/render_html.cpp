// procsnap report's HTML. Structure (ids the tests and users can link to):
//   #snapshot    header: host, boot, capture, collector, archive SHA-256, verification, case fields
//   #limits      what the report shows at most
//   #findings    one <article id="finding-ID"> per triage finding: why, benign look-alikes, evidence table
//   #processes   the tree: <li class="proc" id="p-PID"> holding <details class="node"> (children) and
//                <details class="info"> (cmdline, exe, user, caps, cgroup/container, sockets, libraries, regions)
//   #network     listeners and connections (IPv4/IPv6)
//   #changes     with --diff: what changed, per category
// A URL ending in #q=TEXT opens the page with TEXT in the search box (matches shown, the first scrolled to).
// Only our own text (labels, check explanations) is written raw; every value from the snapshot goes through
// html_text().
#include <fmt/format.h>

#include <array>
#include <charconv>
#include <ctime>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "procsnap/common/text.hpp"
#include "db/osquery_functions.hpp"
#include "procsnap/common/sha256.hpp"
#include "report/report.hpp"

namespace procsnap::report {

namespace {

// The one stylesheet and the one script; the CSP allows exactly these bytes (by SHA-256).
constexpr std::string_view k_style = R"CSS(
:root { --procsnap-style: loaded; color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1400px;
       padding: 0 1.2em 3em; color: #1d232a; background: #fff; }
h1 { font-size: 1.5em; margin: .8em 0 .3em; } h2 { font-size: 1.25em; border-bottom: 2px solid #d5dbe1;
     padding-bottom: .2em; margin-top: 1.6em; } h3 { font-size: 1.05em; margin: 1em 0 .3em; }
code, .mono, td, .cmd, .pid { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
td, th { font-size: 12.5px; }
nav { position: sticky; top: 0; background: #f4f6f8; padding: .4em .6em; border-bottom: 1px solid #d5dbe1; z-index: 1; }
nav a { margin-right: 1.1em; color: #0b4f8a; text-decoration: none; }
table { border-collapse: collapse; margin: .3em 0 .6em; }
th, td { border: 1px solid #d5dbe1; padding: .15em .45em; text-align: left; vertical-align: top; }
th { background: #eef1f4; font-family: system-ui, sans-serif; }
table.kv th { width: 11em; }
td { overflow-wrap: break-word; max-width: 60em; }
.scroll { overflow-x: auto; }
.null { color: #8a949e; font-style: italic; }
.cut { color: #8a4b00; font-style: italic; }
.ok { color: #136c2e; font-weight: 600; } .bad { color: #b3261e; font-weight: 600; }
.finding { border: 1px solid #d5dbe1; border-left: 6px solid #8a949e; border-radius: 4px; padding: .2em .9em .5em;
           margin: .8em 0; }
.finding.sev-high { border-left-color: #b3261e; } .finding.sev-medium { border-left-color: #d97a00; }
.finding.sev-low { border-left-color: #3b6fb6; }
.sev { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 .45em; border-radius: 3px; color: #fff;
       background: #8a949e; vertical-align: 1px; }
.sev-high .sev, .sev.sev-high { background: #b3261e; } .sev-medium .sev, .sev.sev-medium { background: #d97a00; }
.sev-low .sev, .sev.sev-low { background: #3b6fb6; }
.finding dl { margin: .2em 0; } .finding dt { font-weight: 600; } .finding dd { margin: 0 0 .3em 1.2em; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.3em; }
ul.tree { padding-left: 0; }
ul.tree ul { border-left: 1px dotted #b7c0c9; }
li.proc > details > summary { cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
li.proc.leaf > details > summary { list-style: none; }
li.proc.leaf > details > summary::before { content: "• "; color: #8a949e; }
.pid { color: #0b4f8a; font-weight: 600; } .comm { font-weight: 600; } .cmd { color: #45505b; }
.badge { font-size: 11px; padding: 0 .4em; border-radius: 3px; color: #fff; background: #b3261e;
         text-decoration: none; margin: 0 .15em; }
.badge.sev-medium { background: #d97a00; } .badge.sev-low { background: #3b6fb6; }
.tag { font-size: 11px; padding: 0 .4em; border-radius: 3px; background: #e3e8ee; margin: 0 .15em; }
details.info { margin: .1em 0 .4em 1.2em; } details.info > summary { color: #0b4f8a; cursor: pointer; font-size: 12px; }
li.proc.hidden { display: none; } li.proc.hit > details > summary { background: #fff3b0; }
#search { font-size: 14px; padding: .3em .5em; width: 28em; max-width: 90%; }
#search-status { color: #45505b; margin-left: .8em; }
.muted { color: #5b6670; }
footer { margin-top: 2.5em; color: #5b6670; font-size: 12px; }
@media print {
  nav, #search, #search-status { display: none; }
  li.proc.hidden { display: list-item; }
  body { max-width: none; }
  .finding { break-inside: avoid; }
  li.proc > details > summary { white-space: normal; }
}
)CSS";

constexpr std::string_view k_script = R"JS(
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  root.setAttribute("data-script", "ran");
  root.setAttribute("data-style", getComputedStyle(root).getPropertyValue("--procsnap-style").trim());
  var box = d.getElementById("search"), status = d.getElementById("search-status");
  var procs = Array.prototype.slice.call(d.querySelectorAll("li.proc"));
  var texts = procs.map(function (li) {
    var line = li.querySelector(":scope > details > summary");
    var info = li.querySelector(":scope > details > details.info");
    return ((line ? line.textContent : "") + " " + (info ? info.textContent : "")).toLowerCase();
  });
  function apply(q) {
    q = q.trim().toLowerCase();
    procs.forEach(function (li) { li.classList.remove("hit", "keep", "hidden"); });
    if (!q) { status.textContent = ""; return; }
    var hits = 0;
    procs.forEach(function (li, i) {
      if (texts[i].indexOf(q) < 0) return;
      hits++;
      li.classList.add("hit");
      for (var p = li; p; p = p.parentElement ? p.parentElement.closest("li.proc") : null) {
        if (p.classList.contains("keep")) break;
        p.classList.add("keep");
        var det = p.querySelector(":scope > details");
        if (det) det.open = true;
      }
    });
    procs.forEach(function (li) { if (!li.classList.contains("keep")) li.classList.add("hidden"); });
    status.textContent = hits + " of " + procs.length + " processes match";
  }
  if (box) {
    box.addEventListener("input", function () { apply(box.value); });
    var m = /^#q=(.*)$/.exec(location.hash);
    if (m) {
      try { box.value = decodeURIComponent(m[1]); } catch (e) { box.value = m[1]; }
      apply(box.value);
      var first = d.querySelector("li.proc.hit");
      if (first) first.scrollIntoView();
    }
  }
  window.addEventListener("beforeprint", function () {
    d.querySelectorAll("details").forEach(function (x) { x.open = true; });
  });
})();
)JS";

std::string csp_hash(std::string_view text) {
  const auto digest = common::sha256(text);
  return "'sha256-" + db::osquery::to_base64(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) +
         "'";
}

std::string h(const std::optional<std::string>& s, std::size_t max) {
  return s ? html_text(*s, max) : std::string("<span class=\"null\">unknown</span>");
}

std::string num(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string("<span class=\"null\">unknown</span>");
}

std::string iso_seconds(std::int64_t epoch) {
  const std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(epoch);
  char buf[32];
  if (std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) return std::to_string(epoch);
  return buf;
}

std::string cut_note(std::size_t shown, std::size_t total, std::string_view what, std::string_view limit) {
  if (total <= shown) return "";
  return fmt::format("<p class=\"cut\">Showing {} of {} {} (report limit: {}).</p>\n", shown, total, what, limit);
}

void kv(std::string& out, std::string_view label, const std::string& value_html) {
  out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", label, value_html);
}

// linux/capability.h, bit numbers 0..40.
constexpr std::array<std::string_view, 41> k_caps{
    "chown",        "dac_override",   "dac_read_search", "fowner",       "fsetid",         "kill",
    "setgid",       "setuid",         "setpcap",         "linux_immutable", "net_bind_service", "net_broadcast",
    "net_admin",    "net_raw",        "ipc_lock",        "ipc_owner",    "sys_module",     "sys_rawio",
    "sys_chroot",   "sys_ptrace",     "sys_pacct",       "sys_admin",    "sys_boot",       "sys_nice",
    "sys_resource", "sys_time",       "sys_tty_config",  "mknod",        "lease",          "audit_write",
    "audit_control", "setfcap",       "mac_override",    "mac_admin",    "syslog",         "wake_alarm",
    "block_suspend", "audit_read",    "perfmon",         "bpf",          "checkpoint_restore"};

std::string caps_html(const std::optional<std::string>& hex, std::size_t max) {
  if (!hex) return "<span class=\"null\">unknown</span>";
  std::uint64_t bits = 0;
  bool ok = !hex->empty() && hex->size() <= 16;
  for (const char c : *hex) {
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) ok = false;
    bits = (bits << 4) | static_cast<std::uint64_t>(v < 0 ? 0 : v);
  }
  std::string out = "<code>" + html_text(*hex, max) + "</code>";
  if (!ok) return out;
  if (bits == 0) return out + " <span class=\"muted\">none</span>";
  const std::uint64_t all = (std::uint64_t{1} << k_caps.size()) - 1;
  if ((bits & all) == all) return out + " <span class=\"muted\">all</span>";
  std::string names;
  for (std::size_t b = 0; b < 64; ++b) {
    if (!(bits >> b & 1u)) continue;
    if (!names.empty()) names += ' ';
    names += b < k_caps.size() ? std::string(k_caps[b]) : fmt::format("cap_{}", b);
  }
  return out + " <span class=\"muted\">" + names + "</span>";
}

std::string proto_name(const Socket& s) {
  const bool v6 = s.family == 10;
  switch (s.family.value_or(-1)) {
    case 1:
      return "unix";
    case 17:
      return "packet";
    default:
      break;
  }
  switch (s.protocol.value_or(-1)) {
    case 6:
      return v6 ? "tcp6" : "tcp";
    case 17:
      return v6 ? "udp6" : "udp";
    case 136:
      return v6 ? "udplite6" : "udplite";
    case 255:
      return v6 ? "raw6" : "raw";
    default:
      return fmt::format("proto {}", s.protocol.value_or(-1));
  }
}

std::string endpoint(const std::optional<std::string>& addr, const std::optional<std::int64_t>& port,
                     std::size_t max) {
  if (!addr && !port) return "";
  std::string a = addr ? html_text(*addr, max) : std::string("?");
  if (addr && addr->find(':') != std::string::npos) a = "[" + a + "]";
  return a + ":" + (port ? std::to_string(*port) : std::string("?"));
}

struct Renderer {
  const Data& data;
  const triage::Report& findings;
  const std::optional<diff::Result>& changes;
  const Options& opt;
  std::string out;
  std::unordered_map<std::string, std::string> severity_of;  ///< check id -> severity name

  std::size_t tb() const { return opt.limits.text_bytes; }

  void header() {
    const Header& hd = data.header;
    out += "<section id=\"snapshot\">\n<h1>procsnap report: " + h(hd.hostname, tb()) + "</h1>\n";
    out += "<p class=\"muted\">Everything below was captured on that host and may have been written by an attacker: "
           "it is shown as text, never as markup. Findings are evidence with an explanation, not verdicts.</p>\n";
    out += "<table class=\"kv\">\n";
    kv(out, "Host", h(hd.hostname, tb()) + " <span class=\"muted\">machine-id</span> " + h(hd.machine_id, tb()));
    kv(out, "Kernel", h(hd.kernel_release, tb()));
    std::string boot = h(hd.boot_id, tb());
    if (hd.btime) boot += " <span class=\"muted\">booted</span> " + iso_seconds(*hd.btime);
    kv(out, "Boot", boot);
    kv(out, "Capture", h(hd.captured_at, tb()) + " <span class=\"muted\">to</span> " + h(hd.finished_at, tb()) +
                           " <span class=\"muted\">(UTC, the host's clock)</span>");
    kv(out, "Processes", num(hd.process_count));
    kv(out, "Collector",
       h(hd.collector_name, tb()) + " " + h(hd.collector_version, tb()) + " <span class=\"muted\">uid</span> " +
           num(hd.collector_uid) + "<br><span class=\"muted\">SHA-256</span> <code>" + h(hd.collector_sha256, tb()) +
           "</code><br><span class=\"muted\">argv</span> <code>" + h(hd.collector_argv, tb()) + "</code>");
    kv(out, "Archive", "<code>" + html_text(hd.archive_sha256, tb()) + "</code> <span class=\"muted\">SHA-256 of " +
                           (hd.archive_name ? "</span>" + html_text(*hd.archive_name, tb())
                                            : std::string("the imported file (its name was not recorded)</span>")));
    const bool verified = hd.state && *hd.state == "verified";
    std::string state = std::string("<span class=\"") + (verified ? "ok" : "bad") + "\">" + h(hd.state, tb()) + "</span>";
    if (!verified) {
      state += fmt::format(" <span class=\"muted\">mismatched {}, missing {}, unlisted {}, unverified {}</span>",
                           num(hd.members_mismatched), num(hd.members_missing), num(hd.members_unlisted),
                           num(hd.members_unverified));
      if (hd.damage) state += "<br>damage: " + html_text(*hd.damage, tb());
    }
    kv(out, "Verification", state);
    kv(out, "Case", "<span class=\"muted\">case</span> " + h(hd.case_id, tb()) + " <span class=\"muted\">examiner</span> " +
                        h(hd.examiner, tb()) + " <span class=\"muted\">note</span> " + h(hd.note, tb()));
    kv(out, "Report", fmt::format("snapshot {} of the database, imported {}; generated {} by procsnap {} "
                                  "<span class=\"muted\">(the analyst's clock)</span>",
                                  hd.id, h(hd.imported_at, tb()), html_text(opt.generated_at),
                                  html_text(opt.procsnap_version)));
    out += "</table>\n</section>\n";
  }

  void limits() {
    const Limits& l = opt.limits;
    const auto n = [](std::size_t v) { return v ? std::to_string(v) : std::string("all"); };
    out += "<section id=\"limits\">\n<h2>Limits of this report</h2>\n<p>This file shows at most: " + n(l.evidence_rows) +
           " evidence rows per finding; the first " + n(l.text_bytes) + " bytes of any value; " +
           n(l.sockets_per_process) + " sockets, " + n(l.libraries_per_process) + " libraries and " +
           n(l.regions_per_process) + " memory regions per process; " + n(l.network_rows) +
           " listeners and as many connections; " + n(l.diff_rows) +
           " changes per category of the diff. Where a list was cut, a note next to it says so. Findings are "
           "shown from severity <b>" + std::string(triage::severity_name(opt.min_severity)) +
           "</b> up. Everything is in the database (<code>procsnap query</code>); a plain-text version of the "
           "findings is <code>procsnap triage</code>.</p>\n</section>\n";
  }

  std::unordered_set<std::int64_t> pids;  ///< processes in the tree (evidence pids link to them)

  std::string cell(const triage::Cell& c, std::string_view column) const {
    if (c.type == SQLITE_NULL) return "<span class=\"null\">NULL</span>";
    if (c.type == SQLITE_INTEGER && (column == "pid" || column == "ppid" || column == "hidden_pid")) {
      std::int64_t pid = 0;
      const auto [end, ec] = std::from_chars(c.bytes.data(), c.bytes.data() + c.bytes.size(), pid);
      if (ec == std::errc{} && end == c.bytes.data() + c.bytes.size() && pids.contains(pid)) {
        return fmt::format("<a href=\"#p-{0}\">{0}</a>", pid);
      }
    }
    return html_text(c.bytes, tb());
  }

  void finding_list() {
    out += fmt::format("<section id=\"findings\">\n<h2>Triage findings ({})</h2>\n", findings.findings.size());
    out += fmt::format("<p class=\"muted\">{} checks run at severity {} and above.</p>\n", findings.checks_run,
                       triage::severity_name(opt.min_severity));
    if (findings.findings.empty()) out += "<p id=\"no-findings\">No check found anything.</p>\n";
    for (const auto& f : findings.findings) {
      const triage::Check& c = *f.check;
      const std::string sev(triage::severity_name(c.severity));
      out += fmt::format("<article class=\"finding sev-{0}\" id=\"finding-{1}\" data-check=\"{1}\">\n"
                         "<h3><span class=\"sev\">{2}</span> {3} <code>{1}</code> "
                         "<span class=\"muted\">ATT&amp;CK {4}</span></h3>\n",
                         sev, html_text(c.id), html_text(sev), html_text(c.title), html_text(c.mitre));
      out += "<dl><dt>Why it matters</dt><dd>" + html_text(c.why) + "</dd><dt>Benign look-alikes</dt><dd>" +
             html_text(c.benign) + "</dd></dl>\n";
      out += "<div class=\"scroll\"><table class=\"evidence\"><thead><tr>";
      for (const auto& col : f.columns) out += "<th>" + html_text(col, tb()) + "</th>";
      out += "</tr></thead><tbody>\n";
      for (const auto& row : f.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i) {
          out += "<td>" + cell(row[i], i < f.columns.size() ? std::string_view(f.columns[i]) : "") + "</td>";
        }
        out += "</tr>\n";
      }
      out += "</tbody></table></div>\n";
      out += cut_note(f.rows.size(), f.total_rows, "evidence rows", "--max-rows");
      out += "</article>\n";
    }
    if (!findings.failures.empty()) {
      out += "<h3 id=\"check-failures\">Checks that could not run</h3>\n<ul>\n";
      for (const auto& fl : findings.failures) {
        out += "<li><code>" + html_text(fl.id) + "</code>: " + html_text(fl.message, tb()) + "</li>\n";
      }
      out += "</ul>\n";
    }
    out += "</section>\n";
  }

  // A value the loader already cut to Limits::text_bytes (full length `bytes`), with the cut note.
  static std::string loaded_cut(const std::optional<std::string>& v, std::size_t bytes, std::string_view absent) {
    if (!v) return fmt::format("<span class=\"null\">{}</span>", absent);
    std::string out = html_text(*v);
    if (bytes > v->size()) out += fmt::format(" <span class=\"cut\">… ({} more bytes)</span>", bytes - v->size());
    return out;
  }

  std::string socket_line(const Socket& s) const {
    if (s.family == 1) {
      return fmt::format("fd {} unix {}", s.fd.value_or(-1), s.path ? html_text(*s.path, tb()) : std::string("(unnamed)"));
    }
    std::string line = fmt::format("fd {} {} {}", s.fd.value_or(-1), proto_name(s),
                                   endpoint(s.local_address, s.local_port, tb()));
    if (s.remote_port.value_or(0) != 0) line += " → " + endpoint(s.remote_address, s.remote_port, tb());
    if (s.state) line += " " + html_text(*s.state, tb());
    return line;
  }

  void process_info(const Process& p) {
    out += "<details class=\"info\"><summary>details</summary><table class=\"kv\">\n";
    kv(out, "cmdline", loaded_cut(p.cmdline, p.cmdline_bytes, "none"));
    kv(out, "exe", loaded_cut(p.exe, p.exe_bytes, "unknown"));
    kv(out, "cwd", loaded_cut(p.cwd, p.cwd_bytes, "unknown"));
    kv(out, "started", h(p.started_at, tb()) + fmt::format(" <span class=\"muted\">ppid</span> {} <span "
                                                           "class=\"muted\">threads</span> {} <span class=\"muted\">state</span> {}",
                                                           num(p.ppid), num(p.threads), h(p.state, tb())));
    kv(out, "user", "<span class=\"muted\">uid</span> " + h(p.uid, tb()) + " <span class=\"muted\">euid</span> " +
                        h(p.euid, tb()) + " <span class=\"muted\">gid</span> " + h(p.gid, tb()));
    kv(out, "capabilities", "<span class=\"muted\">effective</span> " + caps_html(p.cap_eff, tb()) +
                                "<br><span class=\"muted\">permitted</span> " + caps_html(p.cap_prm, tb()) +
                                "<br><span class=\"muted\">bounding</span> " + caps_html(p.cap_bnd, tb()) +
                                "<br><span class=\"muted\">seccomp</span> " + h(p.seccomp, tb()));
    kv(out, "cgroup", h(p.cgroup, tb()) +
                          (p.container ? " <span class=\"tag\">container " + html_text(*p.container) + "</span>" : ""));
    std::string socks;
    for (const auto& s : p.sockets) socks += socket_line(s) + "<br>";
    if (p.sockets_total > p.sockets.size()) {
      socks += fmt::format("<span class=\"cut\">{} of {} sockets shown</span>", p.sockets.size(), p.sockets_total);
    }
    kv(out, "sockets", socks.empty() ? "<span class=\"muted\">none</span>" : socks);
    std::string libs;
    for (const auto& l : p.libraries) libs += html_text(l, tb()) + "<br>";
    if (p.libraries_total > p.libraries.size()) {
      libs += fmt::format("<span class=\"cut\">{} of {} libraries shown</span>", p.libraries.size(), p.libraries_total);
    }
    kv(out, "non-standard libraries", libs.empty() ? "<span class=\"muted\">none (only /lib*, /usr/lib*, /usr/local/lib*)</span>" : libs);
    std::string regs;
    for (const auto& r : p.regions) {
      regs += fmt::format("{}-{} {} {} <span class=\"muted\">{}</span> {} bytes{}{}<br>", html_text(r.start_hex, tb()),
                          html_text(r.end_hex, tb()), h(r.perms, tb()), r.path ? html_text(*r.path, tb()) : "[anon]",
                          h(r.selection, tb()), num(r.captured_bytes),
                          r.status && *r.status != "ok" ? " " + html_text(*r.status) + (r.reason ? " (" + html_text(*r.reason, tb()) + ")" : "") : "",
                          r.elf_offset ? fmt::format(" <b>ELF header at +0x{:x}</b>", *r.elf_offset) : "");
    }
    if (p.regions_total > p.regions.size()) {
      regs += fmt::format("<span class=\"cut\">{} of {} regions shown</span>", p.regions.size(), p.regions_total);
    }
    kv(out, "memory captured", regs.empty() ? "<span class=\"muted\">none</span>" : regs);
    out += "</table></details>\n";
  }

  void process_line(const Process& p) {
    out += fmt::format("<span class=\"pid\">{}</span> <span class=\"comm\">{}</span>", p.pid, h(p.comm, tb()));
    for (const auto& id : p.findings) {
      const auto it = severity_of.find(id);
      out += fmt::format(" <a class=\"badge sev-{}\" href=\"#finding-{}\">{}</a>",
                         it == severity_of.end() ? "high" : it->second, html_text(id), html_text(id));
    }
    if (p.container) out += " <span class=\"tag\">" + html_text(*p.container) + "</span>";
    if (p.cmdline) out += " <span class=\"cmd\">" + html_text(*p.cmdline, 256) + "</span>";
  }

  void tree() {
    out += fmt::format("<section id=\"processes\">\n<h2>Process tree ({} processes)</h2>\n", data.processes.size());
    out += "<p><input id=\"search\" type=\"search\" placeholder=\"search pid, name, command line, exe, user...\" "
           "aria-label=\"search processes\"><span id=\"search-status\"></span></p>\n";
    out += "<p class=\"muted\">Children under their parent (ppid); a process whose parent was not captured is a "
           "root. Click a line to fold its children; <i>details</i> opens what the snapshot holds about it. "
           "Red badges are the triage findings that name the process.</p>\n";
    std::unordered_map<std::int64_t, std::size_t> index;
    for (std::size_t i = 0; i < data.processes.size(); ++i) index.emplace(data.processes[i].pid, i);
    std::unordered_map<std::int64_t, std::vector<std::size_t>> children;
    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < data.processes.size(); ++i) {
      const Process& p = data.processes[i];
      if (p.ppid && *p.ppid != p.pid && index.contains(*p.ppid)) {
        children[*p.ppid].push_back(i);
      } else {
        roots.push_back(i);
      }
    }
    std::vector<bool> done(data.processes.size(), false);
    // Iterative depth-first walk (a hostile ppid chain may be as deep as the process count): an entry is a process
    // to open, or a marker to close the one opened before its children.
    struct Step {
      std::size_t idx;
      bool close;
    };
    const auto walk = [&](std::size_t start) {
      std::vector<Step> stack{{start, false}};
      while (!stack.empty()) {
        const Step s = stack.back();
        stack.pop_back();
        if (s.close) {
          out += "</ul></details></li>\n";
          continue;
        }
        if (done[s.idx]) continue;  // a ppid cycle
        done[s.idx] = true;
        const Process& p = data.processes[s.idx];
        const auto kids = children.find(p.pid);
        std::vector<std::size_t> todo;
        if (kids != children.end()) {
          for (const auto k : kids->second) {
            if (!done[k]) todo.push_back(k);
          }
        }
        out += fmt::format("<li class=\"proc{}\" id=\"p-{}\" data-pid=\"{}\"><details class=\"node\" open><summary>",
                           todo.empty() ? " leaf" : "", p.pid, p.pid);
        process_line(p);
        out += "</summary>\n";
        process_info(p);
        out += "<ul>\n";
        stack.push_back({s.idx, true});
        for (auto it = todo.rbegin(); it != todo.rend(); ++it) stack.push_back({*it, false});
      }
    };
    out += "<ul class=\"tree\">\n";
    for (const auto r : roots) walk(r);
    for (std::size_t i = 0; i < data.processes.size(); ++i) {
      if (!done[i]) walk(i);  // only reachable through a cycle: shown as a root
    }
    out += "</ul>\n</section>\n";
  }

  void socket_table(std::string_view id, std::string_view title, const std::vector<Socket>& rows, std::size_t total,
                    bool remote) {
    out += fmt::format("<h3 id=\"{}\">{} ({})</h3>\n", id, title, total);
    if (rows.empty()) {
      out += "<p class=\"muted\">none</p>\n";
      return;
    }
    out += fmt::format("<table class=\"net\"><thead><tr><th>proto</th><th>local</th>{}<th>state</th><th>pid</th>"
                       "<th>process</th><th>fd</th></tr></thead><tbody>\n",
                       remote ? "<th>remote</th>" : "");
    for (const auto& s : rows) {
      out += "<tr><td>" + proto_name(s) + "</td><td>" + endpoint(s.local_address, s.local_port, tb()) + "</td>";
      if (remote) out += "<td>" + endpoint(s.remote_address, s.remote_port, tb()) + "</td>";
      out += "<td>" + (s.state ? html_text(*s.state, tb()) : std::string()) + "</td><td>";
      out += s.pid ? fmt::format("<a href=\"#p-{0}\">{0}</a>", *s.pid) : std::string("<span class=\"null\">none</span>");
      out += "</td><td>" + (s.comm ? html_text(*s.comm, tb()) : std::string()) + "</td><td>" +
             (s.fd ? std::to_string(*s.fd) : std::string()) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    out += cut_note(rows.size(), total, std::string(title), "network rows");
  }

  void network() {
    out += "<section id=\"network\">\n<h2>Network</h2>\n<p class=\"muted\">IPv4 and IPv6 sockets of every captured "
           "network namespace, with the process holding each (none: no captured process held it). Unix sockets are "
           "in each process's details.</p>\n";
    socket_table("listeners", "Listeners", data.listeners, data.listeners_total, false);
    socket_table("connections", "Connections", data.connections, data.connections_total, true);
    out += "</section>\n";
  }

  void diff_section() {
    const diff::Result& r = *changes;
    const auto snap = [&](const diff::SnapshotInfo& s) {
      return fmt::format("snapshot {} ({}, {})", s.id, h(s.hostname, tb()), h(s.captured_at, tb()));
    };
    out += fmt::format("<section id=\"changes\">\n<h2>Changes ({})</h2>\n<p>From {} to {}; mode <b>{}</b>: {}.</p>\n",
                       r.changes.size(), snap(r.a), snap(r.b), diff::to_string(r.mode), html_text(r.mode_reason));
    for (const auto& n : r.notes) out += "<p class=\"muted\">" + html_text(n, tb()) + "</p>\n";
    if (r.changes.empty()) out += "<p id=\"no-changes\">Nothing changed.</p>\n";
    for (const auto c : diff::k_categories) {
      const std::size_t total = r.count(c);
      if (total == 0) continue;
      const std::string name(diff::to_string(c));
      out += fmt::format("<h3 id=\"changes-{0}\">{0} ({1})</h3>\n<table class=\"changes\"><thead><tr><th>kind</th>"
                         "<th>process</th><th>attribute</th><th>key</th><th>before</th><th>after</th></tr></thead><tbody>\n",
                         name, total);
      std::size_t shown = 0;
      for (const auto& ch : r.changes) {
        if (ch.category != c) continue;
        if (opt.limits.diff_rows && shown >= opt.limits.diff_rows) break;
        ++shown;
        std::string who;
        if (ch.pid) who = fmt::format("<a href=\"#p-{0}\">{0}</a> ", *ch.pid);
        who += html_text(ch.subject, tb());
        out += "<tr><td>" + html_text(ch.kind) + "</td><td>" + who + "</td><td>" + html_text(ch.attribute, tb()) +
               "</td><td>" + html_text(ch.key, tb()) + "</td><td>" + h(ch.before, tb()) + "</td><td>" +
               h(ch.after, tb()) + "</td></tr>\n";
      }
      out += "</tbody></table>\n";
      out += cut_note(shown, total, "changes", "diff rows per category");
    }
    out += "</section>\n";
  }

  void document() {
    for (const auto& f : findings.findings) {
      severity_of.emplace(f.check->id, std::string(triage::severity_name(f.check->severity)));
    }
    for (const auto& p : data.processes) pids.insert(p.pid);
    const Header& hd = data.header;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + content_security_policy() + "\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"procsnap " + html_text(opt.procsnap_version) + "\">\n";
    // <title> holds text only (no markup for a cut note): bounded by hand.
    out += "<title>procsnap report: " + html_text(hd.hostname.value_or("unknown host").substr(0, 128)) + " " +
           html_text(hd.captured_at.value_or("").substr(0, 64)) + "</title>\n";
    out += "<style>" + std::string(k_style) + "</style>\n</head>\n<body>\n";
    out += "<nav><a href=\"#snapshot\">Snapshot</a><a href=\"#findings\">Findings (" +
           std::to_string(findings.findings.size()) + ")</a><a href=\"#processes\">Processes (" +
           std::to_string(data.processes.size()) + ")</a><a href=\"#network\">Network</a>" +
           (changes ? "<a href=\"#changes\">Changes (" + std::to_string(changes->changes.size()) + ")</a>" : "") +
           "<a href=\"#limits\">Limits</a></nav>\n";
    header();
    finding_list();
    tree();
    network();
    if (changes) diff_section();
    limits();
    out += "<footer>Generated by procsnap " + html_text(opt.procsnap_version) +
           ". This file is self-contained: it loads nothing from the network.</footer>\n";
    out += "<script>" + std::string(k_script) + "</script>\n</body>\n</html>\n";
  }
};

}  // namespace

std::string html_text(std::string_view bytes, std::size_t max_bytes) {
  std::string_view shown = bytes;
  std::size_t more = 0;
  if (max_bytes && bytes.size() > max_bytes) {
    const std::size_t cut = common::text::cut_at_code_point(bytes, max_bytes);
    shown = bytes.substr(0, cut);
    more = bytes.size() - cut;
  }
  const std::string t = common::text::escape_terminal(shown);
  std::string out;
  out.reserve(t.size() + t.size() / 8);
  for (const char c : t) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  if (more) out += fmt::format("<span class=\"cut\">… ({} more bytes)</span>", more);
  return out;
}

std::string content_security_policy() {
  return "default-src 'none'; style-src " + csp_hash(k_style) + "; script-src " + csp_hash(k_script) +
         "; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";
}

std::string render_html(const Data& data, const triage::Report& findings, const std::optional<diff::Result>& changes,
                        const Options& options) {
  Renderer r{data, findings, changes, options, {}, {}, {}};
  r.document();
  return std::move(r.out);
}

}  // namespace procsnap::report
