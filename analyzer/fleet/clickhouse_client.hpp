#pragma once
// A ClickHouse server reached over its HTTP interface with libcurl: queries, TSV result sets, streamed SELECT
// bodies and streamed, gzip-compressed INSERT bodies. Nothing here knows procsnap's tables (clickhouse_schema.hpp
// does). Failures of the environment (server down, HTTP error, ClickHouse exception) throw fleet::Error; its
// message never contains the password and has hostile bytes escaped (it may quote data from an archive).
//
// Version notes (written down once, here): everything sent is plain ClickHouse SQL valid from 18.16 (Debian 12)
// to current releases. Settings travel as URL parameters (the documented HTTP form); credentials as HTTP basic
// auth, which every version accepts; request bodies are gzip (Content-Encoding), which 18.16 decompresses without
// any setting. No query parameters ({name:Type} is absent in 18.16): values are quoted by quote().
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace procsnap::fleet {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where and how to connect.
struct Endpoint {
  std::string base_url;   ///< scheme://host[:port]/ without credentials, query or fragment
  std::string user;       ///< empty: the server's default user
  std::string password;   ///< never printed
  std::string database = "procsnap";
  std::string ca_file;    ///< --ca-file (https)
  std::string ca_path;    ///< --ca-path (https)
  bool insecure = false;  ///< --insecure: no TLS peer/host verification
  long connect_timeout_s = 10;
  long timeout_s = 0;  ///< whole-request limit; 0: none (pushes of big snapshots take long)

  /// The URL as it may be printed: scheme://user@host:port/ (no password).
  [[nodiscard]] std::string display() const;
};

/// Parses "http[s]://[user[:password]@]host[:port][/]". Percent-escapes in user and password are decoded. Returns
/// the reason on failure (the URL itself is not echoed: it may hold a password).
struct ParsedEndpoint {
  std::optional<Endpoint> endpoint;
  std::string error;
};
[[nodiscard]] ParsedEndpoint parse_endpoint(std::string_view url);

/// A ClickHouse string literal: 'text' with backslash, quote and control bytes escaped (binary-safe).
[[nodiscard]] std::string quote(std::string_view s);
/// A ClickHouse identifier: `name` (backquotes, binary-safe), for table/database names from the command line.
[[nodiscard]] std::string quote_ident(std::string_view s);

/// A TabSeparatedWithNamesAndTypes result, unescaped. NULL (\N) is nullopt.
struct ResultSet {
  std::vector<std::string> names;
  std::vector<std::string> types;
  std::vector<std::vector<std::optional<std::string>>> rows;
};
/// Parses a TSVWithNamesAndTypes body. Returns nullopt (and sets `error`) when it is not one.
[[nodiscard]] std::optional<ResultSet> parse_tsv_with_names_and_types(std::string_view body, std::string& error);

/// URL parameters sent with a request (ClickHouse settings such as join_use_nulls=1, or query=...).
using Settings = std::vector<std::pair<std::string, std::string>>;

class Client {
 public:
  explicit Client(Endpoint endpoint);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  [[nodiscard]] const Endpoint& endpoint() const { return ep_; }

  /// GET /ping; throws when the server does not answer "Ok.".
  void ping();
  /// Runs one statement (DDL, ALTER, INSERT ... VALUES, SELECT) with the database as the default; returns the body.
  /// `use_database` false: no database parameter (CREATE DATABASE before it exists).
  std::string execute(std::string_view sql, const Settings& settings = {}, bool use_database = true);
  /// SELECT ... with " FORMAT TabSeparatedWithNamesAndTypes" appended, parsed. For small results (reports,
  /// checks); the server is told to stop past `max_result_bytes`.
  ResultSet select(std::string_view sql, const Settings& settings = {}, std::size_t max_result_bytes = 256u << 20);
  /// Runs a SELECT whose body (in the FORMAT the SQL names) is handed to `sink` chunk by chunk as it arrives.
  void select_stream(std::string_view sql, const std::function<void(std::string_view)>& sink,
                     const Settings& settings = {});
  /// INSERT: `insert_sql` is "INSERT INTO t (cols) FORMAT RowBinary"; `produce` appends the next bytes of the
  /// data to its argument and returns false at the end. The body is gzip-compressed and streamed (chunked), so
  /// memory stays bounded by what `produce` appends per call. Throws when the server refuses the data.
  void insert(std::string_view insert_sql, const std::function<bool(std::string&)>& produce,
              const Settings& settings = {});
  /// Bytes sent (compressed) and received by this client so far.
  [[nodiscard]] std::uint64_t bytes_sent() const { return sent_; }

 private:
  struct Curl;
  std::string url_for(const Settings& settings, bool use_database) const;
  void perform(const std::string& url, std::string_view body, const std::function<bool(std::string&)>* produce,
               const std::function<void(std::string_view)>* sink, std::string* out, std::string_view what);

  Endpoint ep_;
  std::unique_ptr<Curl> curl_;
  std::uint64_t sent_ = 0;
};

}  // namespace procsnap::fleet
