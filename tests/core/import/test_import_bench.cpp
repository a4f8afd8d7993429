// test_import_bench.cpp — hidden benchmark ("[.][bench]", not run by ctest):
// 1M generated lines per format, in memory, through ImportParser; prints
// lines/s. Run by hand on a Release build:
//   import_tests "[bench]"
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>

#include "core/import/import.hpp"

using namespace umind;

namespace {

constexpr std::size_t bench_lines = 1'000'000;

// "u" + 7 digits + "-tky": unique, valid §1.4 IDs.
std::string bench_id(std::size_t i, const char* suffix) {
  std::string id = std::to_string(i + 10'000'000);  // 8 digits
  id[0] = 'u';
  id += suffix;
  return id;
}

std::vector<std::string> make_lines(ImportFormat format) {
  std::vector<std::string> lines;
  lines.reserve(bench_lines + 1);
  if (format == ImportFormat::csv)
    lines.push_back(
        "id,kind,status,name,contact,affiliation,person_key,password_hash,indice_hash,services,renamed_from");
  for (std::size_t i = 0; lines.size() < bench_lines; ++i) {
    std::string id = bench_id(i, "-tky");
    bool renamed = i % 10 == 0;
    if (format == ImportFormat::jsonl) {
      lines.push_back(
          R"({"id":")" + id + R"(","kind":"personal","status":"active","name":"Kiuchi Taro","contact":")" +
          id + R"(@example.org","affiliation":"Univ. of Tokyo","person_key":"MD-)" + std::to_string(i) +
          R"(","password_hash":"{CRYPT}$6$rounds=5000$abcdefghijklmnop$0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL","indice_hash":null,)"
          R"("services":["epoc","ctr"],"renamed_from":[)" +
          (renamed ? R"({"id":")" + bench_id(i, "-old") + R"(","at":"2026-03-01T09:00:00Z","forward":true})"
                   : std::string()) +
          "]}");
    } else {
      lines.push_back(
          id + ",personal,active,\"Kiuchi, Taro\"," + id + "@example.org,Univ. of Tokyo,MD-" +
          std::to_string(i) +
          ",{CRYPT}$6$rounds=5000$abcdefghijklmnop$"
          "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL,,epoc;ctr," +
          (renamed ? bench_id(i, "-old") + "@2026-03-01T09:00:00Z@on" : std::string()));
    }
  }
  return lines;
}

void bench(ImportFormat format) {
  auto lines = make_lines(format);
  std::size_t bytes = 0;
  for (const auto& l : lines) bytes += l.size() + 1;
  ImportParser parser(format);
  std::size_t records = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& l : lines)
    if (auto r = parser.parse_line(l)) ++records;
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  for (std::size_t i = 0; i < parser.errors().size() && i < 5; ++i)
    std::cout << parser.errors()[i].to_string("bench") << "\n";
  CHECK(parser.error_count() == 0);
  CHECK(records == bench_lines - (format == ImportFormat::csv ? 1 : 0));
  std::cout << to_string(format) << ": " << lines.size() << " lines (" << bytes / (1024 * 1024) << " MiB) in "
            << took.count()
            << " s = " << static_cast<long long>(static_cast<double>(lines.size()) / took.count())
            << " lines/s\n";
}

}  // namespace

TEST_CASE("bench: 1M JSONL lines", "[.][bench]") { bench(ImportFormat::jsonl); }
TEST_CASE("bench: 1M CSV lines", "[.][bench]") { bench(ImportFormat::csv); }
