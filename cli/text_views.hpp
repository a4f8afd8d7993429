// text_views.hpp — uminctl's human-readable forms of API answers.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace umind::cli {

std::string account_text(const nlohmann::json& body);  // {"account":…, "aliases":…}
std::string list_text(const nlohmann::json& body);     // {"list":…}
std::string accounts_text(const nlohmann::json& body); // {"accounts":[…]}
std::string password_text(const nlohmann::json& body);
std::string sync_text(const nlohmann::json& body);     // GET /v1/sync/status
std::string replica_text(const nlohmann::json& milter); // "milter" of GET /v1/status
std::string status_text(const nlohmann::json& body);   // GET /v1/status (with "sync", "milter" when those roles run)

}  // namespace umind::cli
