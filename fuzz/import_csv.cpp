// import_csv.cpp — fuzzes ImportParser in CSV mode (core/import): the input
// is a file (header line, then records), fed line by line as `uminctl
// import` does. First byte: options. Checks: never throws, counters agree,
// each record has an ID and a 1-based line, every error is one located line.
#include "core/import/import.hpp"
#include "fuzz/fuzz_common.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  std::uint8_t opt = in.byte();
  ImportOptions options;
  options.allow_legacy_ids = (opt & 1) != 0;
  options.max_errors = (opt & 2) ? 3 : 1000;
  ImportParser parser(ImportFormat::csv, options);
  std::size_t lines = 0, records = 0;
  while (!in.empty()) {
    std::string_view line = in.until('\n');
    std::size_t errors_before = parser.error_count();
    auto r = parser.parse_line(line);
    ++lines;
    if (r) {
      ++records;
      FUZZ_CHECK(r->line == lines, "record line number");
      FUZZ_CHECK(!r->id.empty(), "a record has an ID");
      FUZZ_CHECK(parser.error_count() == errors_before, "a record comes without errors");
    }
  }
  for (const auto& e : parser.errors()) {
    FUZZ_CHECK(e.line >= 1 && e.line <= lines, "error line in range");
    FUZZ_CHECK(e.to_string("users.csv").find('\n') == std::string::npos, "an error is one line");
  }
  FUZZ_CHECK(parser.lines_read() == lines && parser.record_count() == records, "counters agree");
  FUZZ_CHECK(parser.errors().size() <= options.max_errors, "error cap");
  return 0;
}
