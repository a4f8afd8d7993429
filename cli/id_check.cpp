// id_check.cpp — checks an ID against the policy for one kind or all kinds.
#include "cli/id_check.hpp"

#include "cli/exit_codes.hpp"
#include "core/text.hpp"

namespace umind::cli {

int run_id_check(const Config& config, const std::string& id, const std::optional<Kind>& kind,
                 const Output& out) {
  IdPolicy policy(config.id_policy.patterns);
  if (kind) {
    if (auto refusal = policy.check_new_id(id, *kind)) {
      out.emit({{"id", id}, {"kind", to_string(*kind)}, {"valid", false}, {"rule", refusal->rule},
                {"message", refusal->message}},
               "refused: " + refusal->message + " [" + refusal->rule + "]", true);
      return exit_refused;
    }
    out.emit({{"id", id}, {"kind", to_string(*kind)}, {"valid", true}},
             quote_value(id) + " is acceptable as a " + std::string(to_string(*kind)) + " ID");
    return exit_ok;
  }
  // No kind given: acceptable if some kind accepts it; otherwise the refusal
  // for the kind the ID's shape asks for (NAME-com: contractor, else personal).
  std::vector<std::string> kinds;
  for (Kind k : all_kinds)
    if (!policy.check_new_id(id, k)) kinds.emplace_back(to_string(k));
  if (kinds.empty()) {
    Kind shaped = id.ends_with(contractor_suffix) ? Kind::contractor : Kind::personal;
    Refusal refusal = *policy.check_new_id(id, shaped);
    out.emit({{"id", id}, {"valid", false}, {"rule", refusal.rule}, {"message", refusal.message}},
             "refused: " + refusal.message + " [" + refusal.rule + "]", true);
    return exit_refused;
  }
  std::string list;
  for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
  out.emit({{"id", id}, {"valid", true}, {"kinds", kinds}},
           quote_value(id) + " is acceptable as: " + list);
  return exit_ok;
}

}  // namespace umind::cli
