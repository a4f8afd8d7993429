// ldap_names.cpp — DN and filter escaping (RFC 4514, RFC 4515) and the DNs
// of umind's tree.
#include "core/ldap_names.hpp"

#include <cstdio>

namespace umind::ldap_names {
namespace {

void hex_escape(std::string& out, char c) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "\\%02x", static_cast<unsigned char>(c));
  out += buf;
}

std::string under(std::string_view rdn_attr, std::string_view value, std::string_view container,
                  std::string_view base) {
  std::string dn;
  dn.reserve(rdn_attr.size() + value.size() + container.size() + base.size() + 4);
  dn.append(rdn_attr).append("=").append(escape_dn_value(value)).append(",").append(container);
  if (!base.empty()) dn.append(",").append(base);
  return dn;
}

std::string container(std::string_view ou, std::string_view base) {
  std::string dn("ou=");
  dn.append(ou);
  if (!base.empty()) dn.append(",").append(base);
  return dn;
}

}  // namespace

std::string escape_dn_value(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 8);
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool edge_space = c == ' ' && (i == 0 || i + 1 == value.size());
    if (c == '\0') {
      hex_escape(out, c);
    } else if (c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' || c == '=' ||
               edge_space || (i == 0 && c == '#')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_filter_value(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 8);
  for (char c : value) {
    if (c == '*' || c == '(' || c == ')' || c == '\\' || c == '\0')
      hex_escape(out, c);
    else
      out += c;
  }
  return out;
}

std::string people_dn(std::string_view base, std::string_view id) { return under("uid", id, "ou=people", base); }
std::string indice_dn(std::string_view base, std::string_view id) { return under("uid", id, "ou=indice", base); }
std::string alias_dn(std::string_view base, std::string_view old_id) {
  return under("uid", old_id, "ou=aliases", base);
}
std::string list_dn(std::string_view base, std::string_view name) { return under("cn", name, "ou=lists", base); }
std::string sync_state_dn(std::string_view base) { return under("cn", "umind", "ou=system", base); }

std::string people_base(std::string_view base) { return container("people", base); }
std::string indice_base(std::string_view base) { return container("indice", base); }
std::string aliases_base(std::string_view base) { return container("aliases", base); }
std::string lists_base(std::string_view base) { return container("lists", base); }

}  // namespace umind::ldap_names
