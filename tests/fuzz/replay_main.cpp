// Replay driver for builds without libFuzzer: feeds every regular file under the directories (or the files)
// given on the command line to LLVMFuzzerTestOneInput once, in sorted order so a failure is reproducible.
// A missing directory counts as empty (tests/crashers/<target>/ exists only once a crash was found).
// Exit status 0 when every input returned; a crash is the failure signal, exactly as under libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& p) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) {
    out.push_back(p);
  } else if (std::filesystem::is_directory(p, ec)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
      if (e.is_regular_file(ec)) out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& f : inputs_of(argv[i])) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", f.c_str());
        return 1;
      }
      const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replay %s (%zu bytes)\n", f.c_str(), bytes.size());
      // A non-null pointer even for an empty input, as libFuzzer passes.
      static const std::uint8_t k_empty = 0;
      (void)LLVMFuzzerTestOneInput(bytes.empty() ? &k_empty : reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                   bytes.size());
      ++n;
    }
  }
  std::fprintf(stderr, "replayed %zu inputs\n", n);
  return 0;
}
