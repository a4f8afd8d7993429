// json_views.hpp — how accounts, aliases, lists, decisions and status look
// in the admin API's JSON. The one place that turns domain records into
// JSON; it never has a password or hash to show (the records hold none).
#pragma once
#include <nlohmann/json.hpp>

#include "core/account.hpp"
#include "core/routing.hpp"
#include "daemon/store/account_store.hpp"

namespace umind::api {

nlohmann::json to_json(const Account& a);
nlohmann::json to_json(const Alias& a);
nlohmann::json to_json(const MailingList& l);
nlohmann::json to_json(const store::StoreStatus& s);
nlohmann::json route_json(const RouteDecision& d, const std::string& address);

}  // namespace umind::api
