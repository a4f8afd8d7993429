// import_fuzz.hpp — the loop both import targets share (import_csv,
// import_jsonl): a whole file fed to ImportParser line by line as `uminctl
// import` does, first byte = options (legacy IDs, a small error cap), and
// the checks every format owes: never throws, each record has an ID, its
// 1-based line and no errors of its own, counters agree, the error cap
// holds. A target adds its own checks per line and at the end.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/import/import.hpp"
#include "fuzz/fuzz_common.hpp"

namespace umind::fuzz {

// after_line(parser, line, line_number, errors_kept_before) runs after each
// line; at_end(parser, lines) after the last.
template <class AfterLine, class AtEnd>
int fuzz_import(const std::uint8_t* data, std::size_t size, ImportFormat format, AfterLine after_line, AtEnd at_end) {
  Bytes in(data, size);
  std::uint8_t opt = in.byte();
  ImportOptions options;
  options.allow_legacy_ids = (opt & 1) != 0;
  options.max_errors = (opt & 2) ? 3 : 1000;
  ImportParser parser(format, options);
  std::size_t lines = 0, records = 0;
  while (!in.empty()) {
    std::string_view line = in.until('\n');
    std::size_t errors_before = parser.error_count();
    std::size_t kept_before = parser.errors().size();
    auto r = parser.parse_line(line);
    ++lines;
    if (r) {
      ++records;
      FUZZ_CHECK(r->line == lines, "record line number");
      FUZZ_CHECK(!r->id.empty(), "a record has an ID");
      FUZZ_CHECK(parser.error_count() == errors_before, "a record comes without errors");
    }
    after_line(parser, line, lines, kept_before);
  }
  at_end(parser, lines);
  FUZZ_CHECK(parser.lines_read() == lines && parser.record_count() == records, "counters agree");
  FUZZ_CHECK(parser.errors().size() <= options.max_errors, "error cap");
  return 0;
}

}  // namespace umind::fuzz
