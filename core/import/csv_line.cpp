// csv_line.cpp — splits one physical CSV line into cells (RFC 4180: quoted
// cells with "" escapes, commas inside quotes; no cell spans lines). Its
// messages must never echo cell text: any cell may hold a password hash.
#include <string>

#include "core/import/import_internal.hpp"

namespace umind::import_detail {
namespace {

std::string& next_cell(std::vector<std::string>& cells, std::size_t n) {
  if (n == cells.size()) cells.emplace_back();
  cells[n].clear();
  return cells[n];
}

}  // namespace

std::optional<CsvSplitError> split_csv_line(std::string_view line, std::vector<std::string>& cells,
                                            std::size_t& n) {
  n = 0;
  std::size_t i = 0;
  for (;;) {
    std::string& cell = next_cell(cells, n);
    if (i < line.size() && line[i] == '"') {
      const std::size_t opened = i;
      ++i;
      for (;;) {
        std::size_t quote = line.find('"', i);
        if (quote == std::string_view::npos)
          return CsvSplitError{n, "the quoted cell opened at character " + std::to_string(opened + 1) +
                                      " is not closed on this line; a cell cannot span lines "
                                      "(multi-line values are not supported)"};
        cell.append(line.substr(i, quote - i));
        if (quote + 1 < line.size() && line[quote + 1] == '"') {
          cell += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      ++n;
      if (i == line.size()) return std::nullopt;
      if (line[i] != ',')
        return CsvSplitError{n - 1, "text follows the closing quote at character " + std::to_string(i + 1) +
                                        "; a quoted cell ends with '\"' followed by ',' or the end of the "
                                        "line (write a quote inside a quoted cell as \"\")"};
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && line[end] != ',' && line[end] != '"') ++end;
    if (end < line.size() && line[end] == '"')
      return CsvSplitError{n, "a '\"' at character " + std::to_string(end + 1) +
                                  " inside an unquoted cell; quote the whole cell and write the quote "
                                  "as \"\""};
    cell.assign(line.substr(i, end - i));
    ++n;
    if (end == line.size()) return std::nullopt;
    i = end + 1;
  }
}

}  // namespace umind::import_detail
