// config_load.cpp — fuzzes load_config (core/config_load.cpp): any text as
// umind.yaml. Checks: it never throws, returns a config or at least one
// error, and each error prints as one "file:line:col: key: message" line.
// Host checks are fakes that refuse some paths, so their branches run too.
#include <variant>

#include "core/config.hpp"
#include "fuzz/fuzz_common.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  HostChecks host;
  host.secret_file = [](std::string_view, const std::string& p) { return p.find("bad") != std::string::npos ? "missing" : ""; };
  host.group = [](const std::string& g) { return g == "nogroup" ? "no such group" : ""; };
  ConfigResult r = load_config(text, "fuzz.yaml", (size & 1) ? host : HostChecks{});
  if (auto* errors = std::get_if<std::vector<ConfigError>>(&r)) {
    FUZZ_CHECK(!errors->empty(), "a refused config names an error");
    for (const auto& e : *errors) {
      std::string line = e.to_string();
      FUZZ_CHECK(line.rfind("fuzz.yaml", 0) == 0, "error names the file");
      FUZZ_CHECK(line.find('\n') == std::string::npos, "error is one line");
    }
  } else {
    const auto& c = std::get<Config>(r);
    (void)c.secret_files();
    (void)routing_rules(c);
  }
  return 0;
}
