// account_commands.cpp — uminctl's admin API commands (DESIGN §2). Each one
// maps its arguments to one request; the answer is printed by api_call.
#include "cli/account_commands.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/import_command.hpp"
#include "cli/sync_commands.hpp"
#include "cli/password_input.hpp"
#include "cli/text_views.hpp"
#include "daemon/http/url.hpp"

namespace umind::cli {
namespace {

using nlohmann::json;

std::string account_path(const std::string& id, const std::string& tail = "") {
  return "/v1/accounts/" + url_encode(id) + tail;
}

// Optional string options only go into the body when given.
void put_if(json& body, const char* field, const CLI::Option* opt, const std::string& value) {
  if (opt->count() > 0) body[field] = value;
}

struct AccountArgs {
  std::string id, other, kind, name, contact, affiliation, person_key, reason, status, text, limit;
  bool password_stdin = false, third_party = false, override_protection = false;
};

void add_account(CLI::App& app, Commands& c, AccountArgs& a) {
  auto* account = app.add_subcommand("account", "accounts: create, show, find, rename, merge, delete …")
                      ->require_subcommand(1);

  auto* create = account->add_subcommand("create", "create an account (a random password is printed once)");
  create->add_option("ID", a.id)->required();
  create->add_option("--kind", a.kind, "personal, ctr, group, contractor or role")->required();
  auto* name = create->add_option("--name", a.name);
  auto* contact = create->add_option("--contact", a.contact);
  auto* affiliation = create->add_option("--affiliation", a.affiliation);
  auto* person = create->add_option("--person-key", a.person_key, "one personal ID per person key");
  create->add_flag("--password-stdin", a.password_stdin, "read the initial password from stdin");
  c.on(create, [&c, &a, name, contact, affiliation, person] {
    json body = {{"id", a.id}, {"kind", a.kind}};
    put_if(body, "name", name, a.name);
    put_if(body, "contact", contact, a.contact);
    put_if(body, "affiliation", affiliation, a.affiliation);
    put_if(body, "person_key", person, a.person_key);
    if (a.password_stdin) {
      auto pw = read_password("initial password: ");
      if (!pw) {
        std::cerr << "uminctl: no password on stdin\n";
        return int{exit_usage};
      }
      body["password"] = *pw;
    }
    return c.call("POST", "/v1/accounts", body, account_text);
  });

  auto* set = account->add_subcommand("set", "change registered details (FAQ 2.7); the ID stays");
  set->add_option("ID", a.id)->required();
  auto* set_name = set->add_option("--name", a.name);
  auto* set_contact = set->add_option("--contact", a.contact);
  auto* set_affiliation = set->add_option("--affiliation", a.affiliation);
  c.on(set, [&c, &a, set_name, set_contact, set_affiliation] {
    json body = json::object();
    put_if(body, "name", set_name, a.name);
    put_if(body, "contact", set_contact, a.contact);
    put_if(body, "affiliation", set_affiliation, a.affiliation);
    return c.call("PATCH", account_path(a.id), body, account_text);
  });

  auto* show = account->add_subcommand("show", "show an account (never a password or hash)");
  show->add_option("ID", a.id)->required();
  c.on(show, [&c, &a] { return c.call("GET", account_path(a.id), nullptr, account_text); });

  auto* find = account->add_subcommand("find", "find IDs by name, contact, affiliation, person key or old ID");
  find->add_option("TEXT", a.text)->required();
  c.on(find, [&c, &a] { return c.call("GET", with_query("/v1/find", {{"q", a.text}}), nullptr, accounts_text); });

  auto* list = account->add_subcommand("list", "list accounts");
  auto* list_kind = list->add_option("--kind", a.kind);
  auto* list_status = list->add_option("--status", a.status, "active, merged or deleted");
  auto* list_limit = list->add_option("--limit", a.limit, "at most this many (default 1000)");
  c.on(list, [&c, &a, list_kind, list_status, list_limit] {
    std::vector<std::pair<std::string, std::string>> q;
    if (list_limit->count()) q.emplace_back("limit", a.limit);
    if (list_kind->count()) q.emplace_back("kind", a.kind);
    if (list_status->count()) q.emplace_back("status", a.status);
    return c.call("GET", with_query("/v1/accounts", q), nullptr, accounts_text);
  });

  auto* rename = account->add_subcommand("rename", "rename an ID (FAQ 2.6); the old address forwards for a year");
  rename->add_option("OLD", a.id)->required();
  rename->add_option("NEW", a.other)->required();
  c.on(rename, [&c, &a] { return c.call("POST", account_path(a.id, "/rename"), {{"new_id", a.other}}, account_text); });

  auto* merge = account->add_subcommand("merge", "merge a duplicate personal ID into another (FAQ 3.1)");
  merge->add_option("DUP", a.id)->required();
  merge->add_option("--into", a.other, "the ID to keep")->required();
  c.on(merge, [&c, &a] { return c.call("POST", account_path(a.id, "/merge"), {{"into", a.other}}, account_text); });

  auto* handover = account->add_subcommand("handover", "hand a non-personal ID to a successor (FAQ 3.3)");
  handover->add_option("ID", a.id)->required();
  handover->add_option("--contact", a.contact, "the successor's address")->required();
  c.on(handover, [&c, &a] {
    return c.call("POST", account_path(a.id, "/handover"), {{"contact", a.contact}}, account_text);
  });

  auto* remove = account->add_subcommand("delete", "delete an ID (FAQ 3.2); it stays reserved");
  remove->add_option("ID", a.id)->required();
  remove->add_option("--reason", a.reason)->required();
  remove->add_flag("--third-party", a.third_party, "requested by someone other than the holder");
  remove->add_flag("--override-protection", a.override_protection, "delete a member of a protected list");
  c.on(remove, [&c, &a] {
    return c.call("POST", account_path(a.id, "/delete"),
                  {{"reason", a.reason}, {"third_party", a.third_party},
                   {"override_protection", a.override_protection}},
                  account_text);
  });
}

struct OtherArgs {
  std::string id, service, state, name, deliver_to, address;
  bool indice = false, random = false, now = false, protect = false;
};

void add_others(CLI::App& app, Commands& c, OtherArgs& o) {
  auto* passwd = app.add_subcommand("passwd", "change a password (stdin); it takes effect on the schedule");
  passwd->add_option("ID", o.id)->required();
  passwd->add_flag("--indice", o.indice, "the INDICE/NCD password instead of the general one");
  passwd->add_flag("--random", o.random, "generate a random password and print it once");
  passwd->add_flag("--now", o.now, "operator emergency: skip the delay");
  c.on(passwd, [&c, &o] {
    json body = {{"which", o.indice ? "indice" : "general"}, {"now", o.now}};
    if (o.random) {
      body["random"] = true;
    } else {
      auto pw = read_password("new password: ");
      if (!pw) {
        std::cerr << "uminctl: no password on stdin (or use --random)\n";
        return int{exit_usage};
      }
      body["password"] = *pw;
    }
    return c.call("POST", account_path(o.id, "/password"), body, password_text);
  });

  auto* forward = app.add_subcommand("forward", "turn old-address forwarding on or off (FAQ 2.6)");
  forward->add_option("ID", o.id, "the live ID (all its old addresses) or one old ID")->required();
  forward->add_option("STATE", o.state)->required()->check(CLI::IsMember({"on", "off"}));
  c.on(forward, [&c, &o] {
    return c.call("POST", account_path(o.id, "/forward"), {{"enabled", o.state == "on"}}, [](const json& b) {
      return "forwarding " + std::string(b.at("forward_enabled").get<bool>() ? "on" : "off") + " for " +
             b.at("id").get<std::string>() + " (" + std::to_string(b.at("aliases_changed").get<int>()) +
             " old address(es))";
    });
  });

  for (bool granting : {true, false}) {
    auto* cmd = app.add_subcommand(granting ? "grant" : "revoke",
                                   granting ? "allow an ID to log in to a service" : "take a service away");
    cmd->add_option("ID", o.id)->required();
    cmd->add_option("SERVICE", o.service)->required();
    c.on(cmd, [&c, &o, granting] {
      auto text = [granting](const json& b) {
        return b.at("id").get<std::string>() + (granting ? " may use " : " may not use ") +
               b.at("service").get<std::string>() + (b.at("changed").get<bool>() ? "" : " (unchanged)");
      };
      if (granting) return c.call("POST", account_path(o.id, "/grants"), {{"service", o.service}}, text);
      return c.call("DELETE", account_path(o.id, "/grants/" + url_encode(o.service)), nullptr, text);
    });
  }

  auto* list = app.add_subcommand("list", "mailing lists")->require_subcommand(1);
  auto* create = list->add_subcommand("create", "create a list address");
  create->add_option("NAME", o.name)->required();
  create->add_option("--deliver-to", o.deliver_to, "where the list's mail goes")->required();
  create->add_flag("--protect-members", o.protect, "members cannot be deleted without --override-protection");
  c.on(create, [&c, &o] {
    return c.call("POST", "/v1/lists", {{"name", o.name}, {"deliver_to", o.deliver_to}, {"protect_members", o.protect}},
                  list_text);
  });
  for (bool adding : {true, false}) {
    auto* cmd = list->add_subcommand(adding ? "add" : "remove", adding ? "add a member" : "remove a member");
    cmd->add_option("NAME", o.name)->required();
    cmd->add_option("ID", o.id)->required();
    c.on(cmd, [&c, &o, adding] {
      std::string path = "/v1/lists/" + url_encode(o.name) + "/members";
      if (adding) return c.call("POST", path, {{"id", o.id}}, list_text);
      return c.call("DELETE", path + "/" + url_encode(o.id), nullptr, list_text);
    });
  }
  auto* show = list->add_subcommand("show", "show a list");
  show->add_option("NAME", o.name)->required();
  c.on(show, [&c, &o] { return c.call("GET", "/v1/lists/" + url_encode(o.name), nullptr, list_text); });

  auto* route = app.add_subcommand("route", "what the milter would do with ADDRESS, and why");
  route->add_option("ADDRESS", o.address)->required();
  c.on(route, [&c, &o] {
    return c.call("GET", with_query("/v1/route", {{"address", o.address}}), nullptr,
                  [](const json& b) { return b.at("explanation").get<std::string>(); });
  });

  auto* status = app.add_subcommand("status", "roles, store, pending changes, LDAP sync, milter replica");
  c.on(status, [&c] { return c.call("GET", "/v1/status", nullptr, status_text); });
  auto* reload = app.add_subcommand("reload", "re-read the YAML (same as SIGUSR1)");
  c.on(reload, [&c] {
    return c.call("POST", "/v1/reload", json::object(), [](const json& b) { return b.at("message").get<std::string>(); });
  });
}

}  // namespace

void add_api_commands(CLI::App& app, const ApiTarget& target, const Output& out, Action& action) {
  // The argument holders live as long as the program: CLI11 writes into them.
  static AccountArgs account_args;
  static OtherArgs other_args;
  static Commands commands{target, out, action};
  add_account(app, commands, account_args);
  add_others(app, commands, other_args);
  add_import_command(app, target, out, action);
  add_sync_commands(app, commands);
}

}  // namespace umind::cli
