// import_jsonl.cpp — fuzzes ImportParser in JSONL mode (core/import): the
// input is a file, fed line by line as `uminctl import` does. First byte:
// options (legacy IDs, a small error cap). Checks: never throws, counters
// agree, every error is one located line, and a password_hash or
// indice_hash value never appears in an error (import.hpp's promise).
#include <nlohmann/json.hpp>

#include "fuzz/import_fuzz.hpp"

using namespace umind;

namespace {

// The hash values of a JSONL line that occur nowhere else in it (a name equal
// to a hash could be quoted in an error legitimately).
std::vector<std::string> secrets_of(std::string_view line) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object()) return out;
  for (const char* key : {"password_hash", "indice_hash"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) continue;
    auto v = it->get<std::string>();
    if (v.size() >= 12 && fuzz::count_in(line, v) == 1) out.push_back(v);
  }
  return out;
}

// Whether this line's errors echo the hash value `s` that one of them
// contains: the same line with the value's last character changed, parsed
// alone, must then show the changed value. A value that is part of an
// error's fixed wording (the fuzzer found `SHA512} or {SHA} (the value is no`)
// does not change with it, so it is not taken for a leak.
bool echoes_value(std::string_view line, const std::string& s) {
  std::string changed = s;
  changed.back() = changed.back() == 'Z' ? 'Y' : 'Z';
  std::string other(line);
  other.replace(other.find(s), s.size(), changed);
  ImportOptions options;
  options.allow_legacy_ids = true;
  ImportParser alone(ImportFormat::jsonl, options);
  (void)alone.parse_line(other);
  for (const auto& e : alone.errors())
    if (e.to_string("users.jsonl").find(changed) != std::string::npos) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::fuzz_import(
      data, size, ImportFormat::jsonl,
      [](const ImportParser& parser, std::string_view line, std::size_t line_number, std::size_t kept_before) {
        auto secrets = secrets_of(line);
        const auto& errors = parser.errors();
        for (std::size_t i = kept_before; i < errors.size(); ++i) {  // this line's errors
          std::string text = errors[i].to_string("users.jsonl");
          FUZZ_CHECK(errors[i].line == line_number, "an error names its line");
          FUZZ_CHECK(text.find('\n') == std::string::npos, "an error is one line");
          for (const auto& s : secrets)
            FUZZ_CHECK(text.find(s) == std::string::npos || !echoes_value(line, s), "a hash leaked into an error");
        }
      },
      [](const ImportParser& parser, std::size_t) {
        FUZZ_CHECK(parser.errors().size() <= parser.error_count(), "error count");
      });
}
