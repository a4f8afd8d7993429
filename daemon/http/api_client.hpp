// api_client.hpp — the synchronous admin API client uminctl uses: one HTTP
// request per connection over the unix socket or loopback TCP, JSON in and
// out, streamed uploads with progress. It never prints or logs the token,
// and it never retries a request (a write must not happen twice).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/listen_address.hpp"
#include "daemon/http/url.hpp"  // url_encode, with_query: for building targets

namespace umind {

// umind cannot be reached: no connection, a timeout, the connection broke or
// the answer was not HTTP. uminctl maps it to exit 4.
class ApiUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ApiClient {
 public:
  // `bearer_token` is sent (Authorization: Bearer) whenever given; TCP
  // listeners require it. `timeout` bounds connecting and every single read
  // or write, including the wait for the handler's answer.
  ApiClient(const ListenAddress& where, std::optional<std::string> bearer_token, std::chrono::seconds timeout);

  struct Result {
    unsigned status = 0;
    nlohmann::json body;  // parsed JSON; a non-JSON answer as a string; null when empty
  };

  // `target` is "/v1/…" and may carry "?query" (see with_query). A non-null
  // body is sent as JSON. Any HTTP status is a Result; throws ApiUnavailable.
  Result call(const std::string& method, const std::string& target, const nlohmann::json& body = nullptr);

  // POSTs `size` bytes from `data` as `content_type`, in chunks, calling
  // `progress` (may be empty) with the bytes sent so far. Announces the body
  // with Expect: 100-continue, so a refusal (401, 413, …) comes before any
  // byte is sent. Throws ApiUnavailable, or std::runtime_error if `data`
  // ends before `size` bytes.
  Result upload(const std::string& target, const std::string& content_type, std::istream& data, std::uint64_t size,
                const std::function<void(std::uint64_t sent)>& progress);

  // X-Umind-Actor, the actor the journal names as "claimed" beside the one
  // umind knows (the unix user, or "token"); "" sends none. Default: none on
  // a unix socket, "uminctl:<name of the effective user>" on TCP.
  void set_actor(std::string actor) { actor_ = std::move(actor); }
  const std::string& actor() const { return actor_; }

  // One request as the .cpp's exchange helper sends it (defined there).
  // Public only so that helper may name it: clang refuses the access that
  // GCC lets through in a template.
  struct Outgoing;

 private:
  Result exchange(const Outgoing& out);

  ListenAddress where_;
  std::optional<std::string> token_;
  std::chrono::seconds timeout_;
  std::string actor_;
};

}  // namespace umind
