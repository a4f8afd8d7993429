// main.cpp — uminctl, the operator CLI (DESIGN §2): parses the command line
// with CLI11, loads the YAML for api.listen and the ID policy, and runs one
// command. Exit codes: 0 ok, 1 refused, 2 usage/config, 3 not found,
// 4 daemon or directory unavailable.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/account_commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/id_check.hpp"
#include "cli/directory_status.hpp"
#include "cli/login_test.hpp"
#include "core/version.hpp"
#include "base/config_file.hpp"

using namespace umind;
using namespace umind::cli;

int main(int argc, char** argv) {
  CLI::App app{"uminctl — operate umind, UMIN's account directory and mail routing daemon"};
  app.set_version_flag("--version", std::string("uminctl ") + version);
  app.require_subcommand(1);
  std::string config_path;
  std::string api_address;
  Output out;
  app.add_option("-c,--config", config_path, std::string("configuration file (default ") +
                                                 default_config_path + " if present)");
  app.add_option("--api", api_address, "admin API address, overriding api.listen");
  app.add_flag("--json", out.json, "machine-readable output");

  auto* id = app.add_subcommand("id", "ID policy")->require_subcommand(1);
  auto* id_check = id->add_subcommand("check", "check an ID against the policy (no daemon needed)");
  std::string id_value;
  std::string kind_text;
  id_check->add_option("ID", id_value, "the ID to check")->required();
  id_check->add_option("--kind", kind_text, "kind: " + kind_names());

  auto* login = app.add_subcommand("login-test", "bind to LDAP as ID with a password from stdin (no daemon needed)");
  std::string login_id;
  bool login_indice = false;
  login->add_option("ID", login_id, "the ID to log in as")->required();
  login->add_flag("--indice", login_indice, "the INDICE password (ou=indice) instead of the general one");

  ApiTarget target{api_address, nullptr};
  Action action;
  add_api_commands(app, target, out, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_usage;
  }

  auto loaded = load_cli_config(config_path);
  if (auto* errors = std::get_if<std::vector<ConfigError>>(&loaded)) {
    std::cerr << format_errors(*errors);
    return exit_usage;
  }
  const Config& config = std::get<Config>(loaded);

  if (id_check->parsed()) {
    std::optional<Kind> kind;
    if (!kind_text.empty()) {
      kind = parse_kind(kind_text);
      if (!kind) {
        std::cerr << "uminctl: --kind: expected one of " << kind_names() << ", got " << kind_text << "\n";
        return exit_usage;
      }
    }
    return run_id_check(config, id_value, kind, out);
  }
  if (login->parsed()) return run_login_test(config, login_id, login_indice, out);
  // A host without the admin API (an MX host): its directory's own freshness.
  if (app.get_subcommand("status")->parsed() && api_address.empty() && !config.has_role(Role::api))
    return run_directory_status(config, out);
  if (action) {
    target.address = api_address;
    target.config = &config;
    return action();
  }
  return exit_usage;
}
