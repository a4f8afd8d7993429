// chain_runner.hpp — sends planned LDAP writes (core/ldap_plan) through a
// Pipeline: independent chains in flight together, the operations of one
// chain one after the other. Deleting what is already gone counts as done
// (replays are idempotent); a refusal of the entry itself (schema, syntax,
// naming...) stops its chain and is kept as a ChainFailure for the log, the
// metrics and `sync status`; any other failure (unwilling, access, busy,
// down) throws ldap::Error and stops the whole batch, so the watermark stays
// below it and the batch is retried.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/ldap_plan.hpp"
#include "daemon/ldap/error.hpp"
#include "daemon/ldap/pipeline.hpp"

namespace umind::sync {

struct ChainFailure {
  std::string dn;
  std::string operation;  // add | modify | rename | delete
  int code = 0;
  std::string message;    // ldap_err2string + the server's diagnostic
};

struct ChainOutcome {
  std::size_t ops_done = 0;
  std::size_t adds = 0, modifies = 0, renames = 0, removes = 0;
  std::vector<ChainFailure> failures;
};

// Runs every chain to its end or its first failure. Throws ldap::Error when
// the connection fails (then some writes' outcomes are unknown: replay).
ChainOutcome run_chains(ldap::Pipeline& pipeline, const std::vector<OpChain>& chains);

std::string_view operation_name(LdapOp::Kind k);

}  // namespace umind::sync
