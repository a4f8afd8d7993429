// ldap_route_entry.cpp — fuzzes read_directory_entry (core/route_entry):
// one LDAP entry as the milter's sync client hands it over. Input: 16 bytes
// of entryUUID, the first RDN "attr=value", then "attr: value" lines (a
// value may hold any byte but '\n'). Checks: never throws, a route keeps the
// documented bounds (lowercased name 1..255, target <= 1024), a reason is
// one line and mentions the entry.
#include <variant>

#include "core/route_entry.hpp"
#include "fuzz/fuzz_common.hpp"

using namespace umind;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 16) return 0;
  auto uuid = entry_uuid_from_bytes(std::string_view(reinterpret_cast<const char*>(data), 16));
  FUZZ_CHECK(uuid.has_value(), "16 bytes are a UUID");
  fuzz::Bytes in(data + 16, size - 16);
  std::string_view rdn_text = in.until('\n');
  auto eq = rdn_text.find('=');
  Rdn rdn{std::string(rdn_text.substr(0, eq)),
          eq == std::string_view::npos ? std::string() : std::string(rdn_text.substr(eq + 1))};
  LdapEntry e;
  e.dn = std::string(rdn_text) + ",ou=people,dc=umin,dc=ac,dc=jp";
  while (!in.empty()) {
    std::string_view line = in.until('\n');
    auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    e.attrs[std::string(line.substr(0, colon))].emplace_back(line.substr(colon + 2));
  }
  DirectoryFact fact = read_directory_entry(e, rdn, *uuid);
  if (auto* r = std::get_if<RouteRecord>(&fact)) {
    FUZZ_CHECK(r->uuid == *uuid, "the record keeps its UUID");
    FUZZ_CHECK(!r->name.empty() && r->name.size() <= max_name_length, "name bounds");
    FUZZ_CHECK(r->target.size() <= max_target_length, "target bound");
    for (char c : r->name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "name lowercased");
    if (r->type == DirectoryEntry::Type::alias) FUZZ_CHECK(!r->target.empty(), "an alias has a target");
  } else if (auto* why = std::get_if<std::string>(&fact)) {
    FUZZ_CHECK(!why->empty(), "a reason is given");
    FUZZ_CHECK(why->find('\n') == std::string::npos, "a reason is one line");
  }
  return 0;
}
