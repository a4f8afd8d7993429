// import_helpers.hpp — test helper: feeds lines to an ImportParser and
// collects the records and the errors as "f:LINE: field: message" texts,
// and the shape of the rule tables both formats use.
#pragma once
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/import/import.hpp"

namespace umind::test {

struct ImportRun {
  std::vector<ImportRecord> records;
  std::vector<std::string> errors;  // ImportError::to_string("f")
};

inline ImportRun run_import(ImportFormat format, const std::vector<std::string>& lines,
                            ImportOptions options = {}) {
  ImportParser parser(format, options);
  ImportRun out;
  for (const auto& line : lines)
    if (auto r = parser.parse_line(line)) out.records.push_back(std::move(*r));
  for (const auto& e : parser.errors()) out.errors.push_back(e.to_string("f"));
  return out;
}

// One table row: the lines of a file and what must come out. Each expected
// text must occur in the error of the same position; no more errors than
// expected. An empty list means the file imports cleanly.
struct ImportCase {
  const char* name;
  std::vector<std::string> lines;
  std::vector<std::string> errors;
  bool allow_legacy = false;
};

inline void check_case(ImportFormat format, const ImportCase& c) {
  INFO("case: " << c.name);
  ImportRun run = run_import(format, c.lines, ImportOptions{c.allow_legacy, 1000});
  CAPTURE(run.errors);
  REQUIRE(run.errors.size() == c.errors.size());
  for (std::size_t i = 0; i < c.errors.size(); ++i) {
    INFO("expected: " << c.errors[i] << "\n  actual: " << run.errors[i]);
    CHECK(run.errors[i].find(c.errors[i]) != std::string::npos);
  }
  if (c.errors.empty()) CHECK(!run.records.empty());
}

}  // namespace umind::test
