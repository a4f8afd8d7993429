// import_csv.cpp — fuzzes ImportParser in CSV mode (core/import): the input
// is a file (header line, then records), fed line by line as `uminctl
// import` does. First byte: options. Checks: never throws, counters agree,
// each record has an ID and a 1-based line, every error is one located line.
#include "fuzz/import_fuzz.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::fuzz_import(
      data, size, ImportFormat::csv, [](const ImportParser&, std::string_view, std::size_t, std::size_t) {},
      [](const ImportParser& parser, std::size_t lines) {
        for (const auto& e : parser.errors()) {
          FUZZ_CHECK(e.line >= 1 && e.line <= lines, "error line in range");
          FUZZ_CHECK(e.to_string("users.csv").find('\n') == std::string::npos, "an error is one line");
        }
      });
}
