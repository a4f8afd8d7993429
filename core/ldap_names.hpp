// ldap_names.hpp — the names of umind's LDAP tree (DESIGN §5) and the
// escaping that keeps any ID or value from changing a DN or a filter's
// meaning: RFC 4514 for DN attribute values, RFC 4515 for filter values.
// Pure string functions; every DN and filter umind sends is built here.
#pragma once
#include <string>
#include <string_view>

namespace umind::ldap_names {

// RFC 4514 §2.4: escapes , + " \ < > ; = and NUL, a leading space or '#'
// and a trailing space, so the value is one attribute value of one RDN.
std::string escape_dn_value(std::string_view value);

// RFC 4515 §3: escapes * ( ) \ and NUL as \2a \28 \29 \5c \00, so the value
// is matched literally.
std::string escape_filter_value(std::string_view value);

// uid=ID,ou=people,BASE and friends. `base` is the configured ldap.base_dn,
// used as it is (it comes from the operator's config, not from users).
std::string people_dn(std::string_view base, std::string_view id);
std::string indice_dn(std::string_view base, std::string_view id);
std::string alias_dn(std::string_view base, std::string_view old_id);
std::string list_dn(std::string_view base, std::string_view name);
std::string sync_state_dn(std::string_view base);  // cn=umind,ou=system,BASE

// The container of each kind of entry: ou=people,BASE …
std::string people_base(std::string_view base);
std::string indice_base(std::string_view base);
std::string aliases_base(std::string_view base);
std::string lists_base(std::string_view base);

}  // namespace umind::ldap_names
