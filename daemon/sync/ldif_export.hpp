// ldif_export.hpp — `uminctl export-ldif`: the whole managed tree from one
// snapshot of the store, as LDIF for `slapadd -q` on an empty directory —
// the containers of ldap-schema/base.ldif, every live account's people (and
// INDICE) entry, every alias and list — with cn=umind,ou=system holding the
// journal head of that snapshot, so the online sync continues from there.
// The LDIF holds password hashes: it is as secret as the directory itself.
#pragma once
#include <cstdint>
#include <string>

#include "core/ldap_entries.hpp"
#include "daemon/store/store_reader.hpp"

namespace umind::sync {

struct LdifExport {
  std::string text;
  std::int64_t entries = 0;
  std::int64_t journal_head = 0;
};

LdifExport export_ldif(store::StoreReader& reader, const TreeNames& tree);

// One entry in LDIF (RFC 2849; values base64 where they must be), ending
// with an empty line.
void append_ldif(std::string& out, const LdapEntry& e);

}  // namespace umind::sync
