// procsnap mem yara RULES [SNAPSHOT]: YARA rules run by libyara over the memory captured with procsnap-collect --mem
// (memory_regions / memory_chunks, bytes in members.data; read through cli/mem_store.hpp like mem grep).
//
// One scan per process: its selected regions' captured ranges are the scan's blocks
// (yr_scanner_scan_mem_blocks), each at its real address, so a match reports the process's address and never
// spans a hole (libyara matches within one block). Pieces that abut are one block (a match may straddle the 4 MiB
// piece boundaries). Blocks are read into memory and kept while they fit in --max-block-mib together (libyara
// fetches a block again for every uint8() or `$a at` in a condition); a range longer than that is cut into windows
// overlapping by up to 1 MiB, each match reported by the one window that owns its start (add_windows).
//
// Rule conditions see the process's blocks, as `yara PID` does: `filesize` is undefined, `#a` counts over all of
// the process's captured memory.
#include "cli/mem_yara.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>
#include <yara.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "cli/mem_scan.hpp"
#include "cli/mem_store.hpp"
#include "importer/database.hpp"
#include "importer/own_tables.hpp"
#include "importer/schema_sql.hpp"
#include "importer/table_row.hpp"
#include "procsnap/common/json.hpp"
#include "procsnap/common/sha256.hpp"

namespace procsnap::cli {

namespace {

namespace fs = std::filesystem;
using mem::k_grep_found;
using mem::k_grep_none;
using mem::k_grep_trouble;

constexpr std::string_view k_cmd = "yara";
/// Bytes of each match libyara copies (YR_CONFIG_MAX_MATCH_DATA): the stored data and the hexdump.
constexpr std::uint32_t k_match_data = 64;
/// A rule file larger than this is refused (rule sets are kilobytes to a few MiB).
constexpr std::uintmax_t k_max_rule_file = std::uintmax_t{64} << 20;
/// Scans of one process at most while isolating rules that run into --timeout (one slow rule among n takes
/// about 2 log2(n) + 1).
constexpr int k_max_scans = 40;

void warn(std::string_view msg) { mem::warn(k_cmd, msg); }
void fail(std::string_view msg) { mem::fail(k_cmd, msg); }

// ---- libyara handles ------------------------------------------------------------------------------------------

/// yr_initialize / yr_finalize (reference-counted by libyara).
class YaraLibrary {
 public:
  YaraLibrary() : ok_(yr_initialize() == ERROR_SUCCESS) {
    if (ok_) {
      std::uint32_t n = k_match_data;
      yr_set_configuration(YR_CONFIG_MAX_MATCH_DATA, &n);
    }
  }
  ~YaraLibrary() {
    if (ok_) yr_finalize();
  }
  YaraLibrary(const YaraLibrary&) = delete;
  YaraLibrary& operator=(const YaraLibrary&) = delete;
  [[nodiscard]] bool ok() const { return ok_; }

 private:
  bool ok_;
};

struct CompilerDeleter {
  void operator()(YR_COMPILER* c) const { yr_compiler_destroy(c); }
};
struct RulesDeleter {
  void operator()(YR_RULES* r) const { yr_rules_destroy(r); }
};
struct ScannerDeleter {
  void operator()(YR_SCANNER* s) const { yr_scanner_destroy(s); }
};
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

/// Memory for one block. A large block (2 MiB and up) gets its own anonymous pages, transparent huge pages where
/// the kernel allows (madvise mode), faulted in at once: a block is written once and then scanned, and one fault per
/// 4 KiB page of a fresh buffer cost more than libyara's scan of it (bench/yara_bench.cpp). Smaller blocks come from
/// the heap (one mapping each could run into vm.max_map_count on a process of many small regions).
class BlockBuffer {
 public:
  explicit BlockBuffer(std::size_t size) : size_(size) {
    if (size < k_mapped_block) {
      heap_ = std::make_unique_for_overwrite<char[]>(size);
      data_ = heap_.get();
      return;
    }
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<char*>(p);
    (void)::madvise(p, size, MADV_HUGEPAGE);
#ifdef MADV_POPULATE_WRITE
    (void)::madvise(p, size, MADV_POPULATE_WRITE);  // Linux 5.14+; without it the pages fault in one by one
#endif
  }
  ~BlockBuffer() {
    if (!heap_) ::munmap(data_, size_);
  }
  BlockBuffer(const BlockBuffer&) = delete;
  BlockBuffer& operator=(const BlockBuffer&) = delete;
  [[nodiscard]] char* data() const { return data_; }

 private:
  static constexpr std::size_t k_mapped_block = std::size_t{2} << 20;
  std::unique_ptr<char[]> heap_;
  char* data_ = nullptr;
  std::size_t size_;
};

// ---- rules ----------------------------------------------------------------------------------------------------

struct RuleFile {
  fs::path path;
  std::string ns;  ///< namespace: the path relative to the RULES directory, or the file's name
};

struct CompiledRules {
  std::unique_ptr<YR_RULES, RulesDeleter> rules;
  std::string sha256;  ///< over the files in compile order (namespace, NUL, bytes, NUL)
  std::size_t files = 0;
  std::size_t rules_count = 0;
};

/// The rule files RULES names: the file itself, or every *.yar / *.yara file under the directory (recursively,
/// not following symlinked directories), sorted by relative path. Empty with `error` set when there is none.
std::vector<RuleFile> rule_files(const std::string& rules, std::string& error) {
  std::error_code ec;
  const fs::path root(rules);
  const auto st = fs::status(root, ec);
  if (ec || !fs::exists(st)) {
    error = fmt::format("cannot read rules {}: {}", escape_terminal(rules),
                        ec ? ec.message() : std::string("no such file or directory"));
    return {};
  }
  std::vector<RuleFile> out;
  if (!fs::is_directory(st)) {
    out.push_back(RuleFile{root, root.filename().string()});
    return out;
  }
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string ext = it->path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".yar" && ext != ".yara") continue;
    out.push_back(RuleFile{it->path(), it->path().lexically_relative(root).generic_string()});
  }
  if (ec) {
    error = fmt::format("cannot list rules directory {}: {}", escape_terminal(rules), ec.message());
    return {};
  }
  if (out.empty()) {
    error = fmt::format("no rule files (*.yar, *.yara) in {}", escape_terminal(rules));
    return {};
  }
  std::sort(out.begin(), out.end(), [](const RuleFile& a, const RuleFile& b) { return a.ns < b.ns; });
  return out;
}

std::optional<std::string> read_rule_file(const fs::path& p, std::string& error) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("cannot open {}: {}", escape_terminal(p.string()), std::strerror(errno));
    return std::nullopt;
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = fmt::format("cannot read {}: {}", escape_terminal(p.string()), std::strerror(errno));
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > k_max_rule_file) {
      error = fmt::format("{} is larger than {} MiB: not a rule file?", escape_terminal(p.string()),
                          k_max_rule_file >> 20);
      ::close(fd);
      return std::nullopt;
    }
  }
  ::close(fd);
  return out;
}

struct CompileMessages {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

void on_compile_message(int level, const char* file, int line, const YR_RULE* /*rule*/, const char* message,
                        void* user) {
  auto& m = *static_cast<CompileMessages*>(user);
  const std::string where = fmt::format("{}:{}", escape_terminal(file != nullptr ? file : "(rules)"), line);
  const std::string text = escape_terminal(message != nullptr ? message : "");
  if (level == YARA_ERROR_LEVEL_ERROR) {
    m.errors.push_back(fmt::format("{}: error: {}", where, text));
  } else {
    m.warnings.push_back(fmt::format("{}: {}", where, text));
  }
}

/// Compiles every rule file once. Errors (with file and line) go to stderr; nullopt then.
std::optional<CompiledRules> compile_rules(const std::string& rules) {
  std::string error;
  const auto files = rule_files(rules, error);
  if (files.empty()) {
    fail(error);
    return std::nullopt;
  }
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS) {
    fail("libyara could not create a compiler (out of memory?)");
    return std::nullopt;
  }
  std::unique_ptr<YR_COMPILER, CompilerDeleter> compiler(raw);
  CompileMessages messages;
  yr_compiler_set_callback(compiler.get(), on_compile_message, &messages);
  common::Sha256 hash;
  for (const auto& f : files) {
    auto text = read_rule_file(f.path, error);
    if (!text) {
      fail(error);
      return std::nullopt;
    }
    hash.update(f.ns);
    hash.update(std::string_view("\0", 1));
    hash.update(*text);
    hash.update(std::string_view("\0", 1));
    // The bytes hashed are the bytes compiled (a file changing meanwhile cannot make them differ).
    if (text->empty()) continue;  // fmemopen refuses a size of 0; an empty file holds no rule
    std::unique_ptr<std::FILE, FileCloser> in(::fmemopen(text->data(), text->size(), "r"));
    if (!in) {
      fail(fmt::format("cannot read {}: {}", escape_terminal(f.path.string()), std::strerror(errno)));
      return std::nullopt;
    }
    const std::string name = f.path.string();
    // After a file with errors libyara's compiler cannot take another: stop at the first such file.
    if (yr_compiler_add_file(compiler.get(), in.get(), f.ns.c_str(), name.c_str()) != 0 ||
        !messages.errors.empty()) {
      break;
    }
  }
  for (const auto& w : messages.warnings) warn(w);
  if (!messages.errors.empty()) {
    std::string all;
    for (const auto& e : messages.errors) all += "\n  " + e;
    fail(fmt::format("the rules do not compile ({} error{}):{}", messages.errors.size(),
                     messages.errors.size() == 1 ? "" : "s", all));
    return std::nullopt;
  }
  YR_RULES* rules_raw = nullptr;
  if (yr_compiler_get_rules(compiler.get(), &rules_raw) != ERROR_SUCCESS) {
    fail("libyara could not build the compiled rules (out of memory?)");
    return std::nullopt;
  }
  CompiledRules out;
  out.rules.reset(rules_raw);
  out.sha256 = common::to_hex(hash.finish());
  out.files = files.size();
  const YR_RULE* rule = nullptr;
  yr_rules_foreach(out.rules.get(), rule) { ++out.rules_count; }
  return out;
}

std::string rule_tags(const YR_RULE* rule) {
  std::string out;
  const char* tag = nullptr;
  yr_rule_tags_foreach(rule, tag) {
    if (!out.empty()) out += ' ';
    out += tag;
  }
  return out;
}

/// The rule's metadata as a JSON object; a repeated key keeps its last value, at the first one's place.
std::string rule_meta(const YR_RULE* rule) {
  std::vector<std::pair<std::string, const YR_META*>> metas;
  const YR_META* meta = nullptr;
  yr_rule_metas_foreach(rule, meta) {
    const std::string key = meta->identifier != nullptr ? meta->identifier : "";
    const auto it = std::find_if(metas.begin(), metas.end(), [&](const auto& m) { return m.first == key; });
    if (it != metas.end()) {
      it->second = meta;
    } else {
      metas.emplace_back(key, meta);
    }
  }
  if (metas.empty()) return "";
  common::json::Writer w;
  w.begin_object();
  for (const auto& [key, m] : metas) {
    w.key(key);
    if (m->type == META_TYPE_INTEGER) {
      w.value(static_cast<std::int64_t>(m->integer));
    } else if (m->type == META_TYPE_BOOLEAN) {
      w.value(m->integer != 0);
    } else {
      w.value(std::string_view(m->string != nullptr ? m->string : ""));
    }
  }
  w.end_object();
  return w.take();
}

// ---- what a scan produces -------------------------------------------------------------------------------------

/// One output row: a string match, or a rule that matched without one (string_id empty, no address).
struct Hit {
  std::int64_t pid = 0;
  std::optional<std::int64_t> start_time;
  const mem::Region* region = nullptr;  ///< nullptr for a rule-level row
  std::optional<std::uint64_t> address;
  std::string rule;
  std::string ns;
  std::string tags;
  std::string meta;
  std::string string_id;
  std::int64_t length = 0;
  std::string data;  ///< the first bytes of the match (at most k_match_data)
};

/// Where hits go: printed, or inserted into yara_matches.
class HitSink {
 public:
  virtual ~HitSink() = default;
  virtual void begin_process(std::int64_t pid) = 0;
  /// The process's scan is over: `complete` false when it failed (a timeout, a read error).
  virtual void end_process(bool complete) = 0;
  virtual void hit(const Hit& h, const std::optional<std::string>& comm) = 0;
  virtual void finish() = 0;
};

class PrintSink final : public HitSink {
 public:
  explicit PrintSink(mem::OutFormat format)
      : text_(format == mem::OutFormat::text), printer_(stdout, stdout_options(mem::printer_format(format))) {
    if (!text_) {
      printer_.begin({"pid", "comm", "rule", "namespace", "tags", "meta", "string", "address", "region_start",
                      "region_end", "perms", "path", "offset", "length", "match_hex", "match_text"});
    }
  }
  void begin_process(std::int64_t) override { header_done_ = false; }
  void end_process(bool) override {}
  void hit(const Hit& h, const std::optional<std::string>& comm) override {
    using mem::int_cell;
    using mem::text_cell;
    const std::string name = h.ns + ":" + h.rule;
    if (text_) {
      std::string out;
      if (!header_done_) {
        out += fmt::format("pid {} ({})\n", h.pid, comm ? escape_terminal(*comm) : "?");
        header_done_ = true;
      }
      const std::string tags = h.tags.empty() ? "" : " [" + escape_terminal(h.tags) + "]";
      if (!h.address) {
        out += fmt::format("  rule {}{} matched by its condition alone (no string match)\n", escape_terminal(name),
                           tags);
      } else {
        const auto& r = *h.region;
        const bool cut = static_cast<std::size_t>(h.length) > h.data.size();
        out += fmt::format("  rule {}{} {} at {} in region {} (+0x{:x}), {} byte{}: \"{}\"{}\n", escape_terminal(name),
                           tags, escape_terminal(h.string_id), mem::hex_addr(*h.address), mem::region_label(r),
                           *h.address - r.start, h.length, h.length == 1 ? "" : "s", mem::escape_bytes(h.data),
                           cut ? "..." : "");
        out += mem::hexdump(*h.address, h.data, "    ");
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
      return;
    }
    const auto opt = [](const std::string& s) { return s.empty() ? Cell{} : text_cell(s); };
    if (!h.address) {
      printer_.row({int_cell(h.pid), mem::opt_cell(comm), text_cell(h.rule), text_cell(h.ns), opt(h.tags),
                    opt(h.meta), Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}, Cell{}});
      return;
    }
    const auto& r = *h.region;
    printer_.row({int_cell(h.pid), mem::opt_cell(comm), text_cell(h.rule), text_cell(h.ns), opt(h.tags), opt(h.meta),
                  text_cell(h.string_id), text_cell(mem::hex_addr(*h.address)), text_cell(mem::hex_addr(r.start)),
                  text_cell(mem::hex_addr(r.end)), text_cell(r.perms), mem::opt_cell(r.path),
                  int_cell(static_cast<std::int64_t>(*h.address - r.start)), int_cell(h.length),
                  text_cell(mem::hex_bytes(h.data)), text_cell(mem::escape_bytes(h.data))});
  }
  void finish() override {
    if (!text_) printer_.end();
    printer_.finish();
    std::fflush(stdout);
  }

 private:
  bool text_;
  ResultPrinter printer_;
  bool header_done_ = false;
};

/// Rows into yara_matches, in the caller's transaction. A process's earlier rows from the same rule set are
/// replaced by those of its scan, unless the scan failed (they are kept then: a savepoint per process).
class SaveSink final : public HitSink {
 public:
  SaveSink(db::Connection& conn, std::int64_t snapshot, std::string rules_sha256)
      : conn_(conn),
        snapshot_(snapshot),
        rules_sha256_(std::move(rules_sha256)),
        scanned_at_(db::now_iso8601()),
        ins_(importer::RowStatement::insert(conn, importer::tables::yara_matches)) {}
  void begin_process(std::int64_t pid) override {
    conn_.exec("SAVEPOINT yara_process");
    const std::array<db::Value, 3> args{snapshot_, pid, db::Text{rules_sha256_}};
    conn_.prepare("DELETE FROM yara_matches WHERE snapshot_id = ? AND pid = ? AND rules_sha256 = ?").run(args);
    process_rows_ = 0;
  }
  void end_process(bool complete) override {
    if (!complete) {
      conn_.exec("ROLLBACK TO yara_process");
      rows_ -= process_rows_;
    }
    conn_.exec("RELEASE yara_process");
  }
  void hit(const Hit& h, const std::optional<std::string>&) override {
    const std::string dump = h.address ? mem::hexdump(*h.address, h.data, "") : std::string();
    ins_.set("snapshot_id", snapshot_)
        .set("pid", h.pid)
        .set("start_time", h.start_time)
        .set("region_start", h.region != nullptr ? db::Value{db::U64{h.region->start}} : db::Value{})
        .set("address", h.address ? db::Value{db::U64{*h.address}} : db::Value{})
        .set("rule", db::Value{db::Text{h.rule}})
        .set("namespace", db::Value{db::Text{h.ns}})
        .set("tags", h.tags.empty() ? db::Value{} : db::Value{db::Text{h.tags}})
        .set("meta", h.meta.empty() ? db::Value{} : db::Value{db::Text{h.meta}})
        .set("string_id", h.address ? db::Value{db::Text{h.string_id}} : db::Value{})
        .set("match_length", h.address ? db::Value{h.length} : db::Value{})
        .set("data", h.address ? db::Value{db::Blob{std::as_bytes(std::span(h.data.data(), h.data.size()))}}
                               : db::Value{})
        .set("hexdump", h.address ? db::Value{db::Text{dump}} : db::Value{})
        .set("rules_sha256", db::Value{db::Text{rules_sha256_}})
        .set("scanned_at", db::Value{db::Text{scanned_at_}});
    ins_.run();
    ++rows_;
    ++process_rows_;
  }
  void finish() override {}
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  db::Connection& conn_;
  std::int64_t snapshot_;
  std::string rules_sha256_;
  std::string scanned_at_;
  importer::RowStatement ins_;
  std::uint64_t rows_ = 0;
  std::uint64_t process_rows_ = 0;
};

// ---- one process's scan ---------------------------------------------------------------------------------------

/// One scan block: [lo, hi) of one region's captured range; it reports the matches starting in [own_lo, own_hi)
/// (a whole range owns everything; windows of a long range split their overlaps in the middle).
struct Block {
  std::size_t region = 0;  ///< index into ProcessScan::regions
  std::uint64_t lo = 0, hi = 0;
  std::uint64_t own_lo = 0, own_hi = 0;
};

/// The blocks of one captured range [s, e): itself, or windows of at most `max_block` bytes overlapping by
/// `overlap` (< max_block), each owning up to the middle of its overlaps.
void add_windows(std::vector<Block>& out, std::size_t region, std::uint64_t s, std::uint64_t e,
                 std::uint64_t max_block, std::uint64_t overlap) {
  if (e - s <= max_block) {
    out.push_back(Block{region, s, e, s, e});
    return;
  }
  const std::uint64_t step = max_block - overlap;
  for (std::uint64_t lo = s;; lo += step) {
    const std::uint64_t hi = std::min(e, lo + max_block);
    const std::uint64_t own_lo = lo == s ? s : lo + overlap / 2;
    const std::uint64_t own_hi = hi == e ? e : lo + step + overlap / 2;
    out.push_back(Block{region, lo, hi, own_lo, own_hi});
    if (hi == e) break;
  }
}

struct ScanOptions {
  std::uint64_t max_block = 0;
  std::uint64_t overlap = 0;
  std::uint64_t max_matches = 0;  ///< 0: no limit
};

/// The state libyara's callbacks (iterator, fetch, match) work on during one process's scan.
struct ProcessScan {
  mem::MemoryStore* store = nullptr;
  std::int64_t pid = 0;
  std::optional<std::string> comm;
  std::vector<mem::Region> regions;  ///< of this pid, by address
  std::vector<mem::Plan> plans;      ///< regions[i]'s pieces
  std::vector<Block> blocks;
  std::size_t cur = 0;
  YR_MEMORY_BLOCK yblock{};
  // Blocks read, kept while they fit in --max-block-mib: libyara fetches a block again for every uint8()/$a at
  // ... in a condition, which must not mean a read from the database each time.
  std::vector<std::unique_ptr<BlockBuffer>> cache;  ///< per block: its bytes, or null when not held
  std::deque<std::size_t> held;      ///< held blocks, oldest first (evicted first)
  std::uint64_t cached_bytes = 0;
  std::vector<bool> counted;         ///< per block: its bytes are in `bytes` already
  // results
  HitSink* sink = nullptr;
  std::uint64_t* hits = nullptr;  ///< of the whole run (--max-matches counts across processes)
  const ScanOptions* options = nullptr;
  bool limit_hit = false;
  std::uint64_t bytes = 0;
  std::optional<std::string> error;  ///< a piece that could not be read, a database failure in the sink
  std::vector<std::string> notes;    ///< libyara's too-many-matches reports
};

const uint8_t* fetch_block(YR_MEMORY_BLOCK* yb) {
  auto& s = *static_cast<ProcessScan*>(yb->context);
  const std::size_t i = s.cur;
  const Block& b = s.blocks[i];
  const auto size = static_cast<std::size_t>(b.hi - b.lo);
  if (s.cache.size() != s.blocks.size()) {
    s.cache.clear();
    s.cache.resize(s.blocks.size());
    s.counted.assign(s.blocks.size(), false);
  }
  if (s.cache[i]) return reinterpret_cast<const uint8_t*>(s.cache[i]->data());
  while (!s.held.empty() && s.cached_bytes + size > s.options->max_block) {
    s.cached_bytes -= s.blocks[s.held.front()].hi - s.blocks[s.held.front()].lo;
    s.cache[s.held.front()].reset();
    s.held.pop_front();
  }
  auto& buf = s.cache[i];
  try {
    // Every byte of a block is read from its pieces (checked below).
    buf = std::make_unique<BlockBuffer>(size);
    const std::uint64_t filled = s.store->read(s.plans[b.region], b.lo, std::span<char>(buf->data(), size));
    if (filled != size) {
      s.error = fmt::format("pid {}: the range {} read back {} bytes instead of {}", s.pid,
                            mem::range_text(b.lo, b.hi), filled, size);
      buf.reset();
      return nullptr;
    }
  } catch (const std::exception& e) {
    s.error = escape_terminal(e.what());
    buf.reset();
    return nullptr;
  }
  s.held.push_back(i);
  s.cached_bytes += size;
  if (!s.counted[i]) {
    s.counted[i] = true;
    s.bytes += size;
  }
  return reinterpret_cast<const uint8_t*>(buf->data());
}

YR_MEMORY_BLOCK* block_at(YR_MEMORY_BLOCK_ITERATOR* it, std::size_t i) {
  auto& s = *static_cast<ProcessScan*>(it->context);
  s.cur = i;
  if (i >= s.blocks.size() || s.error) return nullptr;
  const Block& b = s.blocks[i];
  s.yblock.base = b.lo;
  s.yblock.size = static_cast<std::size_t>(b.hi - b.lo);
  s.yblock.context = &s;
  s.yblock.fetch_data = fetch_block;
  return &s.yblock;
}
YR_MEMORY_BLOCK* first_block(YR_MEMORY_BLOCK_ITERATOR* it) { return block_at(it, 0); }
YR_MEMORY_BLOCK* next_block(YR_MEMORY_BLOCK_ITERATOR* it) {
  return block_at(it, static_cast<ProcessScan*>(it->context)->cur + 1);
}

/// The region holding `addr` (regions are sorted and disjoint), or nullptr.
const mem::Region* region_of(const ProcessScan& s, std::uint64_t addr) {
  auto it = std::upper_bound(s.regions.begin(), s.regions.end(), addr,
                             [](std::uint64_t a, const mem::Region& r) { return a < r.start; });
  if (it == s.regions.begin()) return nullptr;
  --it;
  return addr < it->end ? &*it : nullptr;
}

/// Whether the block based at `base` owns a match starting at `addr` (blocks are in address order).
bool owned(const ProcessScan& s, std::uint64_t base, std::uint64_t addr) {
  const auto it = std::lower_bound(s.blocks.begin(), s.blocks.end(), base,
                                   [](const Block& b, std::uint64_t x) { return b.lo < x; });
  return it != s.blocks.end() && it->lo == base && addr >= it->own_lo && addr < it->own_hi;
}

/// false: --max-matches reached (the scan stops).
bool emit(ProcessScan& s, const Hit& h) {
  s.sink->hit(h, s.comm);
  ++*s.hits;
  if (s.options->max_matches != 0 && *s.hits >= s.options->max_matches) {
    s.limit_hit = true;
    return false;
  }
  return true;
}

int on_rule_matching(YR_SCAN_CONTEXT* context, ProcessScan& s, const YR_RULE* rule) {
  Hit h;
  h.pid = s.pid;
  h.start_time = s.regions.empty() ? std::nullopt : s.regions.front().start_time;
  h.rule = rule->identifier != nullptr ? rule->identifier : "";
  h.ns = rule->ns != nullptr && rule->ns->name != nullptr ? rule->ns->name : "";
  h.tags = rule_tags(rule);
  h.meta = rule_meta(rule);
  bool any = false;
  const YR_STRING* string = nullptr;
  yr_rule_strings_foreach(rule, string) {
    // Not yr_string_matches_foreach: libyara 4.2's allocator hands out YR_MATCH nodes at addresses that are not
    // 8-byte aligned, and reading their fields in place is undefined behaviour (UBSan stops the asan build there).
    // Each node is copied into an aligned local first.
    for (const YR_MATCH* node = context->matches[string->idx].head; node != nullptr;) {
      YR_MATCH match;
      std::memcpy(&match, node, sizeof match);
      node = match.next;
      if (match.is_private) continue;
      const auto base = static_cast<std::uint64_t>(match.base);
      const std::uint64_t addr = base + static_cast<std::uint64_t>(match.offset);
      if (!owned(s, base, addr)) continue;  // the neighbouring window reports it
      any = true;
      h.region = region_of(s, addr);
      if (h.region == nullptr) continue;  // cannot happen: every block lies inside its region
      h.address = addr;
      h.string_id = string->identifier != nullptr ? string->identifier : "";
      h.length = match.match_length;
      h.data.assign(reinterpret_cast<const char*>(match.data),
                    static_cast<std::size_t>(std::max<std::int32_t>(match.data_length, 0)));
      if (!emit(s, h)) return CALLBACK_ABORT;
    }
  }
  if (!any) {
    h.region = nullptr;
    h.address.reset();
    h.string_id.clear();
    h.length = 0;
    h.data.clear();
    if (!emit(s, h)) return CALLBACK_ABORT;
  }
  return CALLBACK_CONTINUE;
}

int on_scan_message(YR_SCAN_CONTEXT* context, int message, void* message_data, void* user) {
  auto& s = *static_cast<ProcessScan*>(user);
  try {
    if (message == CALLBACK_MSG_RULE_MATCHING) {
      return on_rule_matching(context, s, static_cast<const YR_RULE*>(message_data));
    }
    if (message == CALLBACK_MSG_TOO_MANY_MATCHES) {
      const auto* string = static_cast<const YR_STRING*>(message_data);
      s.notes.push_back(fmt::format(
          "pid {}: string {} matched more than {} times; libyara records no more of its matches in this process",
          s.pid, escape_terminal(string->identifier != nullptr ? string->identifier : "?"), YR_MAX_STRING_MATCHES));
    }
  } catch (const std::exception& e) {
    s.error = escape_terminal(e.what());
    return CALLBACK_ERROR;
  }
  return CALLBACK_CONTINUE;
}

std::string rule_name(const YR_RULE* r) {
  return escape_terminal(fmt::format("{}:{}", r->ns != nullptr && r->ns->name != nullptr ? r->ns->name : "",
                                     r->identifier != nullptr ? r->identifier : ""));
}

std::string yara_error(int code) {
  switch (code) {
    case ERROR_INSUFFICIENT_MEMORY:
      return "out of memory";
    case ERROR_TOO_MANY_MATCHES:
      return "too many matches";
    case ERROR_SCAN_TIMEOUT:
      return "timeout";
    case ERROR_CALLBACK_ERROR:
      return "aborted";
    default:
      return fmt::format("libyara error {}", code);
  }
}

// ---- the command ----------------------------------------------------------------------------------------------

struct YaraArgs {
  std::string db = k_default_db;
  std::string rules;
  std::string snapshot = "latest";
  std::vector<std::int64_t> pids;
  std::string region;
  int timeout = 60;
  int total_timeout = 0;
  std::uint64_t max_matches = 1000;
  std::uint64_t max_block_mib = 256;
  mem::OutFormat format = mem::OutFormat::text;
  bool save = false;
  bool quiet = false;
};

constexpr const char* k_yara_footer =
    "\nRULES: a rule file, or a directory: every *.yar / *.yara file under it (recursively, sorted by path), each\n"
    "in its own namespace (its path relative to the directory), compiled once. `include` resolves relative to the\n"
    "including file. A rule set that does not compile is refused with each error's file and line (exit 2).\n"
    "\n"
    "What is scanned: the captured bytes of the snapshot's memory regions (or of --pid; --region ADDR takes the\n"
    "region holding ADDR, --region START-END the parts of regions within it). One scan per process: each\n"
    "captured range of its regions is one block at its real address, so a match reports the process's address\n"
    "and never spans a hole (bytes the collector could not read) nor two regions; pieces of one range are one\n"
    "block (a match may straddle the 4 MiB pieces). Conditions see the whole process: `#a` counts over all its\n"
    "captured memory, `filesize` is undefined (as in `yara RULES PID`), `$a at 0x7f...` uses real addresses.\n"
    "A range longer than --max-block-mib is scanned as windows of that size overlapping by up to 1 MiB (each\n"
    "match reported once, by the window owning its start; a match longer than half the overlap may be missed,\n"
    "and conditions may count a match twice). Memory use: blocks up to --max-block-mib, plus libyara's match\n"
    "lists.\n"
    "\n"
    "Timeouts: --timeout bounds one scan of a process (libyara's timeout; 0 = none). When a scan runs into it,\n"
    "the rules are bisected (the process is scanned again with half of them enabled, then a quarter, ...) until\n"
    "the slow rule is alone: it is reported, and every other rule's matches are reported as usual (one slow rule\n"
    "among n costs about 2 log2(n) scans, at most 40 per process). A rule whose condition refers to a rule\n"
    "disabled in such a scan sees it as undefined. --total-timeout bounds the whole run; processes not scanned in\n"
    "time are listed. A timeout makes the exit status 2.\n"
    "\n"
    "Matches: one row per string match (the rule, its namespace, tags, metadata as JSON, the string identifier,\n"
    "the address and its region, the length and the first 64 bytes as a hexdump), or one row for a rule that\n"
    "matched by its condition alone. At most --max-matches rows (across processes; the scan then stops and says\n"
    "so); libyara itself keeps at most 1000000 matches per string and process (reported when reached).\n"
    "Text output escapes everything (the match as printable ASCII or \\xHH, a hexdump whose ASCII column is only\n"
    "printable); csv/json/ndjson columns: pid, comm, rule, namespace, tags, meta, string, address, region_start,\n"
    "region_end, perms, path, offset, length, match_hex, match_text.\n"
    "--save stores the rows in the yara_matches table instead of printing them (schema/75_yara.sql), replacing\n"
    "the rows an earlier --save of the same rule set (rules_sha256) left for the processes scanned.\n"
    "\n"
    "Exit status (as grep(1)): 0 a rule matched, 1 none, 2 trouble (rules that do not compile, unknown snapshot or\n"
    "pid, no memory in the snapshot, a timeout, a database error).\n"
    "\n"
    "Examples:\n"
    "  procsnap mem yara rules/ latest\n"
    "  procsnap mem yara implant.yar 3 --pid 4242 --format json\n"
    "  procsnap mem yara rules/ latest --region 0x7f3a1c000100 --timeout 10 --total-timeout 600\n"
    "  procsnap mem yara rules/ latest --save; procsnap query \"SELECT pid, rule, address FROM yara_matches\"\n";

/// Regions to scan per pid, in address order, with the address window [lo, hi) to scan within.
struct Selection {
  std::map<std::int64_t, std::vector<mem::Region>> by_pid;
  std::uint64_t lo = 0, hi = UINT64_MAX;
};

std::optional<Selection> select_regions(mem::MemoryStore& store, std::int64_t snapshot, const YaraArgs& a) {
  Selection sel;
  std::optional<std::uint64_t> addr;
  if (!a.region.empty()) {
    if (a.region.find('-') != std::string::npos) {
      const auto r = mem::parse_range(a.region);
      if (!r) {
        fail("--region must be an address or START-END in hex as in maps, e.g. 7f3a1c000000-7f3a1c021000");
        return std::nullopt;
      }
      std::tie(sel.lo, sel.hi) = *r;
    } else {
      addr = mem::parse_address(a.region);
      if (!addr) {
        fail("--region must be an address (hex, e.g. 0x7f3a1c000100) or START-END");
        return std::nullopt;
      }
    }
  }
  const auto regions = mem::pick_regions(store, snapshot, a.pids, k_cmd);
  if (!regions) return std::nullopt;
  for (const auto& r : *regions) {
    if (addr ? !(r.start <= *addr && *addr < r.end) : (r.end <= sel.lo || r.start >= sel.hi)) continue;
    sel.by_pid[r.pid].push_back(r);
  }
  if (addr && sel.by_pid.empty()) {
    fail(fmt::format("{} is not inside a memory region of the {} selected", mem::hex_addr(*addr),
                     a.pids.empty() ? std::string("snapshot") : std::string("pids")));
    return std::nullopt;
  }
  return sel;
}

int run_yara(const YaraArgs& a) {
  YaraLibrary lib;
  if (!lib.ok()) {
    fail("libyara could not be initialized");
    return k_grep_trouble;
  }
  const auto compiled = compile_rules(a.rules);
  if (!compiled) return k_grep_trouble;
  if (compiled->rules_count == 0) warn("the rule files hold no rule");

  if (a.save && !fs::exists(a.db)) {
    fail(fmt::format("no database {} (import a snapshot first)", escape_terminal(a.db)));
    return k_grep_trouble;
  }
  db::Connection conn = a.save ? importer::open_for_import(a.db) : importer::open_read_only(a.db);
  const auto snap = mem::resolve(conn, a.snapshot, k_cmd);
  if (!snap) return k_grep_trouble;
  mem::MemoryStore store(conn, *snap, std::string(k_cmd));
  const auto sel = select_regions(store, *snap, a);
  if (!sel) return k_grep_trouble;

  std::optional<db::Transaction> tx;
  std::unique_ptr<HitSink> sink;
  SaveSink* saver = nullptr;
  if (a.save) {
    // A database made before yara_matches existed gets it (CREATE ... IF NOT EXISTS: a no-op otherwise).
    for (const auto& f : importer::schema_files()) {
      if (f.name == "75_yara.sql") conn.exec(f.sql);
    }
    tx.emplace(conn);
    auto s = std::make_unique<SaveSink>(conn, *snap, compiled->sha256);
    saver = s.get();
    sink = std::move(s);
  } else {
    sink = std::make_unique<PrintSink>(a.format);
  }

  YR_SCANNER* raw = nullptr;
  if (yr_scanner_create(compiled->rules.get(), &raw) != ERROR_SUCCESS) {
    fail("libyara could not create a scanner (out of memory?)");
    return k_grep_trouble;
  }
  std::unique_ptr<YR_SCANNER, ScannerDeleter> scanner(raw);
  yr_scanner_set_flags(scanner.get(), SCAN_FLAGS_PROCESS_MEMORY | SCAN_FLAGS_REPORT_RULES_MATCHING);

  ScanOptions opts;
  opts.max_block = a.max_block_mib << 20;
  opts.overlap = std::min<std::uint64_t>(opts.max_block / 2, std::uint64_t{1} << 20);
  opts.max_matches = a.max_matches;
  std::vector<YR_RULE*> all_rules;
  {
    YR_RULE* rule = nullptr;
    yr_rules_foreach(compiled->rules.get(), rule) { all_rules.push_back(rule); }
  }
  const auto enable_only = [&](const std::vector<YR_RULE*>& set) {
    for (auto* r : all_rules) yr_rule_disable(r);
    for (auto* r : set) yr_rule_enable(r);
  };
  const auto t0 = std::chrono::steady_clock::now();
  std::uint64_t hits = 0, bytes = 0, blocks = 0, processes = 0, empty_regions = 0;
  bool trouble = false, limit_hit = false;
  std::vector<std::int64_t> not_scanned;

  for (const auto& entry : sel->by_pid) {
    // Not a structured binding: clang before 16 refuses capturing one in the lambdas below.
    const std::int64_t pid = entry.first;
    const std::vector<mem::Region>& regions = entry.second;
    if (limit_hit) break;
    if (a.total_timeout > 0) {
      const auto spent = std::chrono::steady_clock::now() - t0;
      if (spent >= std::chrono::seconds(a.total_timeout)) {
        not_scanned.push_back(pid);
        continue;
      }
    }
    ProcessScan s;
    s.store = &store;
    s.pid = pid;
    s.comm = store.comm(pid);
    s.regions = regions;
    s.sink = sink.get();
    s.hits = &hits;
    s.options = &opts;
    for (std::size_t i = 0; i < s.regions.size(); ++i) {
      s.plans.push_back(store.plan(s.regions[i]));
      const auto runs = mem::runs(s.plans.back(), sel->lo, sel->hi);
      if (runs.empty()) ++empty_regions;
      for (const auto& run : runs) add_windows(s.blocks, i, run.start, run.end, opts.max_block, opts.overlap);
    }
    if (s.blocks.empty()) continue;
    ++processes;
    blocks += s.blocks.size();
    sink->begin_process(pid);
    yr_scanner_set_callback(scanner.get(), on_scan_message, &s);
    // One scan with every rule; after a timeout, the rules are bisected (only one half enabled per scan) until
    // the slow rule is alone: it is reported and the other rules' matches are kept.
    bool failed = false;
    bool stop = false;
    const auto scan_once = [&](int& secs) {
      secs = a.timeout;
      if (a.total_timeout > 0) {
        const auto left = std::chrono::seconds(a.total_timeout) -
                          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - t0);
        const int left_s = static_cast<int>(std::max<std::int64_t>(left.count(), 1));
        secs = secs == 0 ? left_s : std::min(secs, left_s);
      }
      yr_scanner_set_timeout(scanner.get(), secs);
      YR_MEMORY_BLOCK_ITERATOR it{};
      it.context = &s;
      it.first = first_block;
      it.next = next_block;
      it.file_size = nullptr;
      it.last_error = ERROR_SUCCESS;
      s.cur = 0;
      return yr_scanner_scan_mem_blocks(scanner.get(), &it);
    };
    const auto total_spent = [&] {
      return a.total_timeout > 0 && std::chrono::steady_clock::now() - t0 >= std::chrono::seconds(a.total_timeout);
    };
    // Scans with exactly `set` enabled; true when it timed out (and was not settled here).
    int scans = 0;
    std::function<bool(const std::vector<YR_RULE*>&)> scan_set = [&](const std::vector<YR_RULE*>& set) {
      if (stop) return false;
      if (++scans > k_max_scans) {
        // Many rules slow at once, or a string search that is slow whatever runs: stop isolating.
        stop = true;
        trouble = true;
        fail(fmt::format("pid {}: gave up isolating slow rules after {} scans (--timeout {} s): the results of "
                         "the rules not reported above are unknown for this process",
                         pid, k_max_scans, a.timeout));
        return false;
      }
      enable_only(set);
      int secs = 0;
      const int rc = scan_once(secs);
      if (rc != ERROR_SCAN_TIMEOUT) {
        if (s.error) {
          failed = stop = true;
          fail(fmt::format("pid {}: {}", pid, *s.error));
        } else if (rc != ERROR_SUCCESS) {
          failed = stop = true;
          fail(fmt::format("pid {}: libyara stopped the scan: {}", pid, yara_error(rc)));
        }
        if (s.limit_hit) stop = true;
        return false;
      }
      trouble = true;
      if (total_spent()) {
        failed = stop = true;
        fail(fmt::format("pid {}: the scan timed out (--total-timeout); no match of this process is reported", pid));
        return true;
      }
      if (set.size() == 1) {
        warn(fmt::format("pid {}: rule {} ran longer than {} s (--timeout): its result for this process is unknown; "
                         "the other rules were scanned without it",
                         pid, rule_name(set.front()), secs));
        return true;
      }
      const std::vector<YR_RULE*> lo(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(set.size() / 2));
      const std::vector<YR_RULE*> hi(set.begin() + static_cast<std::ptrdiff_t>(set.size() / 2), set.end());
      scan_set(lo);
      scan_set(hi);
      return true;
    };
    scan_set(all_rules);
    enable_only(all_rules);
    sink->end_process(!failed);
    for (const auto& n : s.notes) warn(n);
    bytes += s.bytes;
    limit_hit = s.limit_hit;
    if (s.error) break;  // the database does not hold together: stop here
  }
  sink->finish();
  if (tx) tx->commit();
  if (limit_hit) {
    fail(fmt::format("stopped after {} matches (--max-matches; 0 = no limit): the rest of the memory was not "
                     "scanned",
                     hits));
  }
  if (!not_scanned.empty()) {
    trouble = true;
    std::string list;
    for (const auto p : not_scanned) list += (list.empty() ? "" : ",") + std::to_string(p);
    fail(fmt::format("--total-timeout ({} s) reached; not scanned: pid {}", a.total_timeout, list));
  }
  if (!a.quiet) {
    fmt::print(stderr,
               "procsnap mem yara: {} match{} in {} process{} ({} rule{} from {} file{}, {} bytes in {} block{} "
               "scanned){}{}\n",
               hits, hits == 1 ? "" : "es", processes, processes == 1 ? "" : "es", compiled->rules_count,
               compiled->rules_count == 1 ? "" : "s", compiled->files, compiled->files == 1 ? "" : "s", bytes, blocks,
               blocks == 1 ? "" : "s",
               empty_regions ? fmt::format("; {} selected region{} had no captured bytes (see memory_regions.status)",
                                           empty_regions, empty_regions == 1 ? "" : "s")
                             : std::string(),
               saver != nullptr ? fmt::format("; {} row{} saved in yara_matches (rules_sha256 {})", saver->rows(),
                                              saver->rows() == 1 ? "" : "s", compiled->sha256)
                                : std::string());
  }
  if (trouble) return k_grep_trouble;
  return hits > 0 ? k_grep_found : k_grep_none;
}

}  // namespace

void add_mem_yara_command(CLI::App& memcmd, int& rc) {
  auto y = std::make_shared<YaraArgs>();
  CLI::App* cmd = memcmd.add_subcommand("yara", "run YARA rules (libyara) over captured memory");
  cmd->add_option("--db", y->db, "database file")->capture_default_str();
  cmd->add_option("rules", y->rules, "a rule file, or a directory of *.yar / *.yara files")->required();
  cmd->add_option("snapshot", y->snapshot, "snapshot selector (see below)")->capture_default_str();
  cmd->add_option("--pid", y->pids, "only this pid (repeatable, or comma-separated)")->delimiter(',');
  cmd->add_option("--region", y->region, "only the region holding ADDR, or addresses within START-END (hex)");
  cmd->add_option("--timeout", y->timeout, "seconds one process's scan may take (0 = no limit)")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  cmd->add_option("--total-timeout", y->total_timeout, "seconds the whole run may take (0 = no limit)")
      ->check(CLI::Range(0, 864000))
      ->capture_default_str();
  cmd->add_option("--max-matches", y->max_matches, "stop after this many match rows (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--max-block-mib", y->max_block_mib, "largest block read at once, MiB (longer ranges: windows)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  mem::add_out_format(*cmd, y->format);
  cmd->add_flag("--save", y->save, "store the matches in the yara_matches table instead of printing them");
  cmd->add_flag("-q,--quiet", y->quiet, "no summary on stderr");
  cmd->footer(std::string("\n") + mem::k_snapshot_help + k_yara_footer);
  cmd->callback([y, &rc] { rc = mem::run_grep_style(k_cmd, [&] { return run_yara(*y); }); });
}

}  // namespace procsnap::cli
