#include "fleet/clickhouse_client.hpp"

#include "procsnap/common/text.hpp"

#include <curl/curl.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace procsnap::fleet {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex_value(s[i + 1]);
    const int lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

/// First line of a server's error body, shortened and escaped for a terminal.
std::string server_message(std::string_view body) {
  std::string_view s = body;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  if (const auto nl = s.find('\n'); nl != std::string_view::npos) s = s.substr(0, nl);
  // "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception" (18.16) and
  // "Code: 60. DB::Exception: Table x does not exist. (UNKNOWN_TABLE) (version ...)" (current): keep as sent.
  if (s.size() > 600) s = s.substr(0, 600);
  return common::text::escape_terminal(s);
}

}  // namespace

std::string Endpoint::display() const {
  const auto scheme_end = base_url.find("://");
  if (user.empty() || scheme_end == std::string::npos) return base_url;
  return base_url.substr(0, scheme_end + 3) + common::text::escape_terminal(user) + "@" + base_url.substr(scheme_end + 3);
}

ParsedEndpoint parse_endpoint(std::string_view url) {
  ParsedEndpoint r;
  Endpoint ep;
  std::string_view rest;
  std::string scheme;
  if (url.starts_with("http://")) {
    scheme = "http://";
  } else if (url.starts_with("https://")) {
    scheme = "https://";
  } else {
    r.error = "the ClickHouse URL must start with http:// or https:// (its HTTP interface, port 8123 by default)";
    return r;
  }
  rest = url.substr(scheme.size());
  const auto path_at = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_at);
  if (path_at != std::string_view::npos) {
    const std::string_view tail = rest.substr(path_at);
    if (tail != "/") {
      r.error = "the ClickHouse URL must not have a path or query (give the database with --database)";
      return r;
    }
  }
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    std::optional<std::string> password = std::string();
    if (colon != std::string_view::npos) password = percent_decode(userinfo.substr(colon + 1));
    if (!user || !password) {
      r.error = "the ClickHouse URL's user or password has a bad %-escape";
      return r;
    }
    ep.user = *user;
    ep.password = *password;
  }
  if (authority.empty() || authority.find_first_of(" \t\r\n\\") != std::string_view::npos) {
    r.error = "the ClickHouse URL has no usable host";
    return r;
  }
  ep.base_url = scheme + std::string(authority) + "/";
  r.endpoint = std::move(ep);
  return r;
}

std::string quote(std::string_view s) {
  std::string out = "'";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static constexpr char k_hex[] = "0123456789abcdef";
          out += "\\x";
          out += k_hex[c >> 4];
          out += k_hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '\'';
  return out;
}

std::string quote_ident(std::string_view s) {
  std::string out = "`";
  for (const char ch : s) {
    if (ch == '`' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '`';
  return out;
}

namespace {

/// Unescapes one TSV field (ClickHouse's escaping: \t \n \\ \' \0 \b \f \r and \N for NULL).
std::optional<std::string> tsv_field(std::string_view f) {
  if (f == "\\N") return std::nullopt;
  std::string out;
  out.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '\\' || i + 1 == f.size()) {
      out += f[i];
      continue;
    }
    const char e = f[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'a': out += '\a'; break;
      case 'v': out += '\v'; break;
      default: out += e;
    }
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

}  // namespace

std::optional<ResultSet> parse_tsv_with_names_and_types(std::string_view body, std::string& error) {
  ResultSet rs;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto nl = body.find('\n', pos);
    if (nl == std::string_view::npos) {
      error = "result ends inside a row (no final newline)";
      return std::nullopt;
    }
    const std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    const auto fields = split_tabs(line);
    if (line_no <= 2) {
      auto& dst = line_no == 1 ? rs.names : rs.types;
      for (const auto f : fields) dst.push_back(tsv_field(f).value_or(""));
      continue;
    }
    if (fields.size() != rs.names.size()) {
      error = "result row " + std::to_string(line_no - 2) + " has " + std::to_string(fields.size()) +
              " fields, the header " + std::to_string(rs.names.size());
      return std::nullopt;
    }
    auto& row = rs.rows.emplace_back();
    row.reserve(fields.size());
    for (const auto f : fields) row.push_back(tsv_field(f));
  }
  if (line_no < 2 || rs.names.size() != rs.types.size()) {
    error = "result has no names and types header";
    return std::nullopt;
  }
  return rs;
}

// ---- the client ---------------------------------------------------------------------------------------------------

struct Client::Curl {
  CURL* h = nullptr;
  ~Curl() {
    if (h != nullptr) curl_easy_cleanup(h);
  }
};

Client::Client(Endpoint endpoint) : ep_(std::move(endpoint)), curl_(std::make_unique<Curl>()) {
  curl_->h = curl_easy_init();
  if (curl_->h == nullptr) throw Error("libcurl could not be initialised");
}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

std::string Client::url_for(const Settings& settings, bool use_database) const {
  std::string url = ep_.base_url + "?";
  bool first = true;
  auto add = [&](std::string_view k, std::string_view v) {
    char* e = curl_easy_escape(curl_->h, v.data(), static_cast<int>(v.size()));
    if (e == nullptr) throw Error("libcurl could not escape a URL parameter");
    if (!first) url += '&';
    first = false;
    url += k;
    url += '=';
    url += e;
    curl_free(e);
  };
  if (use_database && !ep_.database.empty()) add("database", ep_.database);
  for (const auto& [k, v] : settings) add(k, v);
  return url;
}

namespace {

struct Transfer {
  // request body: either fixed bytes, or produced and gzip-compressed on the fly
  std::string_view fixed;
  std::size_t fixed_off = 0;
  const std::function<bool(std::string&)>* produce = nullptr;
  z_stream z{};
  bool z_ready = false;
  bool produced_all = false;
  bool z_finished = false;
  std::string raw;         // produced, not yet compressed
  std::string compressed;  // compressed, not yet sent
  std::size_t compressed_off = 0;
  std::uint64_t sent = 0;
  std::string failure;  // an exception from produce (rethrown after the transfer)
  // response
  CURL* h = nullptr;
  std::string* out = nullptr;
  const std::function<void(std::string_view)>* sink = nullptr;
  std::string error_body;  // the body when the status is not 200
  std::string sink_failure;
  long status = 0;

  ~Transfer() {
    if (z_ready) deflateEnd(&z);
  }

  /// Fills `compressed` with more bytes; false when everything was compressed.
  bool refill() {
    compressed.clear();
    compressed_off = 0;
    while (compressed.empty() && !z_finished) {
      if (raw.empty() && !produced_all) {
        if (!(*produce)(raw)) produced_all = true;
      }
      z.next_in = reinterpret_cast<Bytef*>(raw.data());
      z.avail_in = static_cast<uInt>(raw.size());
      const int flush = produced_all ? Z_FINISH : Z_NO_FLUSH;
      char buf[64 * 1024];
      do {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) throw Error("gzip compression failed");
        compressed.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) z_finished = true;
      } while (z.avail_out == 0);
      raw.clear();
    }
    return !compressed.empty();
  }
};

std::size_t read_cb(char* dst, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t cap = size * n;
  if (t->produce == nullptr) {
    const std::size_t k = std::min(cap, t->fixed.size() - t->fixed_off);
    std::memcpy(dst, t->fixed.data() + t->fixed_off, k);
    t->fixed_off += k;
    t->sent += k;
    return k;
  }
  try {
    if (t->compressed_off == t->compressed.size() && !t->refill()) return 0;
  } catch (const std::exception& e) {
    t->failure = e.what();
    return CURL_READFUNC_ABORT;
  }
  const std::size_t k = std::min(cap, t->compressed.size() - t->compressed_off);
  std::memcpy(dst, t->compressed.data() + t->compressed_off, k);
  t->compressed_off += k;
  t->sent += k;
  return k;
}

std::size_t write_cb(char* src, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t k = size * n;
  if (t->status == 0) curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &t->status);
  if (t->status != 200) {
    if (t->error_body.size() < 64 * 1024) t->error_body.append(src, std::min<std::size_t>(k, 64 * 1024));
    return k;
  }
  if (t->sink != nullptr) {
    try {
      (*t->sink)(std::string_view(src, k));
    } catch (const std::exception& e) {
      t->sink_failure = e.what();
      return 0;  // aborts the transfer
    }
  } else if (t->out != nullptr) {
    t->out->append(src, k);
  }
  return k;
}

}  // namespace

void Client::perform(const std::string& url, std::string_view body, const std::function<bool(std::string&)>* produce,
                     const std::function<void(std::string_view)>* sink, std::string* out, std::string_view what) {
  CURL* h = curl_->h;
  curl_easy_reset(h);
  Transfer t;
  t.h = h;
  t.fixed = body;
  t.produce = produce;
  t.out = out;
  t.sink = sink;
  if (produce != nullptr) {
    if (deflateInit2(&t.z, 3, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw Error("gzip compression could not start");
    }
    t.z_ready = true;
  }
  curl_slist* headers = nullptr;
  if (produce != nullptr) {
    headers = curl_slist_append(headers, "Content-Encoding: gzip");
    headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
  }
  headers = curl_slist_append(headers, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, &curl_slist_free_all);

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, ep_.connect_timeout_s);
  if (ep_.timeout_s > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT, ep_.timeout_s);
  // A transfer that moves nothing for 10 minutes is dead (a server gone without closing, a black-holed route):
  // give up rather than hang; TCP keepalive notices a vanished peer on an idle connection.
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 600L);
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  if (!ep_.user.empty() || !ep_.password.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, ep_.user.empty() ? "default" : ep_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, ep_.password.c_str());
  }
  if (!ep_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, ep_.ca_file.c_str());
  if (!ep_.ca_path.empty()) curl_easy_setopt(h, CURLOPT_CAPATH, ep_.ca_path.c_str());
  if (ep_.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (what == "ping") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    if (produce == nullptr) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  char errbuf[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  const CURLcode rc = curl_easy_perform(h);
  sent_ += t.sent;
  if (!t.failure.empty()) throw Error(t.failure);
  if (!t.sink_failure.empty()) throw Error(t.sink_failure);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK && (status == 200 || status == 0)) {
    const std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(rc);
    throw Error("ClickHouse at " + ep_.display() + ": " + common::text::escape_terminal(detail));
  }
  if (status != 200) {
    std::string msg = server_message(t.error_body);
    if (status == 401 || status == 403 || msg.find("Code: 192") != std::string::npos ||
        msg.find("Code: 193") != std::string::npos || msg.find("Code: 516") != std::string::npos) {
      throw Error("ClickHouse at " + ep_.display() + " refused the credentials (HTTP " + std::to_string(status) +
                  "): " + msg);
    }
    throw Error("ClickHouse at " + ep_.display() + " (HTTP " + std::to_string(status) + "): " + msg);
  }
}

void Client::ping() {
  std::string out;
  perform(ep_.base_url + "ping", {}, nullptr, nullptr, &out, "ping");
  if (out.rfind("Ok.", 0) != 0) {
    throw Error("ClickHouse at " + ep_.display() + ": /ping did not answer Ok. (is this a ClickHouse HTTP port?)");
  }
}

std::string Client::execute(std::string_view sql, const Settings& settings, bool use_database) {
  std::string out;
  perform(url_for(settings, use_database), sql, nullptr, nullptr, &out, "execute");
  return out;
}

ResultSet Client::select(std::string_view sql, const Settings& settings, std::size_t max_result_bytes) {
  Settings s = settings;
  s.emplace_back("max_result_bytes", std::to_string(max_result_bytes));
  s.emplace_back("result_overflow_mode", "throw");
  std::string body(sql);
  body += "\nFORMAT TabSeparatedWithNamesAndTypes";
  std::string out;
  perform(url_for(s, true), body, nullptr, nullptr, &out, "select");
  std::string error;
  auto rs = parse_tsv_with_names_and_types(out, error);
  if (!rs) throw Error("ClickHouse at " + ep_.display() + " sent an unreadable result: " + error);
  return std::move(*rs);
}

void Client::select_stream(std::string_view sql, const std::function<void(std::string_view)>& sink,
                           const Settings& settings) {
  perform(url_for(settings, true), sql, nullptr, &sink, nullptr, "select");
}

void Client::insert(std::string_view insert_sql, const std::function<bool(std::string&)>& produce,
                    const Settings& settings) {
  Settings s = settings;
  s.emplace_back("query", std::string(insert_sql));
  std::string out;
  perform(url_for(s, true), {}, &produce, nullptr, &out, "insert");
}

}  // namespace procsnap::fleet
