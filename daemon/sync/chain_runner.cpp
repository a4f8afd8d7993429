// chain_runner.cpp — chains of planned writes over a pipeline.
#include "daemon/sync/chain_runner.hpp"

#include <ldap.h>

namespace umind::sync {
namespace {

class Runner {
 public:
  Runner(ldap::Pipeline& p, const std::vector<OpChain>& chains) : p_(p), chains_(chains) {}

  ChainOutcome run() {
    for (std::size_t c = 0; c < chains_.size(); ++c) send(c, 0);
    p_.drain();
    return std::move(out_);
  }

 private:
  void send(std::size_t chain, std::size_t step) {
    const OpChain& ops = chains_[chain];
    if (step >= ops.size()) return;
    const LdapOp& op = ops[step];
    auto next = [this, chain, step](const ldap::Result& r) { done(chain, step, r); };
    switch (op.kind) {
      case LdapOp::Kind::add: p_.add(op.entry, next); break;
      case LdapOp::Kind::modify: p_.modify(op.dn, op.mods, next); break;
      case LdapOp::Kind::rename: p_.rename(op.dn, op.new_rdn, next); break;
      case LdapOp::Kind::remove: p_.remove(op.dn, next); break;
    }
  }

  void done(std::size_t chain, std::size_t step, const ldap::Result& r) {
    const LdapOp& op = chains_[chain][step];
    bool gone_already = op.kind == LdapOp::Kind::remove && r.code == LDAP_NO_SUCH_OBJECT;
    if (r.code != LDAP_SUCCESS && !gone_already) {
      if (!ldap::is_entry_refusal_code(r.code))  // not about this entry: stop below it, retry later
        throw ldap::Error(r.code, std::string(operation_name(op.kind)) + " " + op.dn, r.matched_dn, r.diagnostic);
      std::string message = ldap_err2string(r.code);
      if (!r.diagnostic.empty()) message += ": " + r.diagnostic;
      out_.failures.push_back({op.dn, std::string(operation_name(op.kind)), r.code, message});
      return;
    }
    ++out_.ops_done;
    switch (op.kind) {
      case LdapOp::Kind::add: ++out_.adds; break;
      case LdapOp::Kind::modify: ++out_.modifies; break;
      case LdapOp::Kind::rename: ++out_.renames; break;
      case LdapOp::Kind::remove: ++out_.removes; break;
    }
    send(chain, step + 1);
  }

  ldap::Pipeline& p_;
  const std::vector<OpChain>& chains_;
  ChainOutcome out_;
};

}  // namespace

ChainOutcome run_chains(ldap::Pipeline& pipeline, const std::vector<OpChain>& chains) {
  return Runner(pipeline, chains).run();
}

std::string_view operation_name(LdapOp::Kind k) {
  switch (k) {
    case LdapOp::Kind::add: return "add";
    case LdapOp::Kind::modify: return "modify";
    case LdapOp::Kind::rename: return "rename";
    case LdapOp::Kind::remove: return "delete";
  }
  return "?";
}

}  // namespace umind::sync
