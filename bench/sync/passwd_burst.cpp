// passwd_burst.cpp — bench/sync helper: asks umind for one password change
// per ID listed on stdin (POST /v1/accounts/{id}/password), from a few
// client threads, so the bench can queue tens of thousands of pending
// changes quickly. The passwords are generated and thrown away.
//   passwd_burst unix:/path/api.sock THREADS < ids.txt
#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "daemon/http/api_client.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: passwd_burst unix:/path/api.sock THREADS < ids.txt\n";
    return 2;
  }
  auto where = umind::parse_listen_address(argv[1]);
  if (!where) {
    std::cerr << "passwd_burst: not an API address: " << argv[1] << "\n";
    return 2;
  }
  std::vector<std::string> ids;
  for (std::string line; std::getline(std::cin, line);)
    if (!line.empty()) ids.push_back(line);
  std::atomic<std::size_t> next{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < std::stoi(argv[2]); ++t)
    threads.emplace_back([&] {
      umind::ApiClient client(*where, std::nullopt, std::chrono::seconds(60));
      for (std::size_t i = next++; i < ids.size(); i = next++) {
        auto r = client.call("POST", "/v1/accounts/" + umind::url_encode(ids[i]) + "/password",
                             {{"password", "Bench-Passw0rd-" + std::to_string(i * 7919 % 100003)}});
        if (r.status != 200) ++failed;
      }
    });
  for (auto& t : threads) t.join();
  std::cout << ids.size() - failed << " password changes requested, " << failed << " refused\n";
  return failed == 0 ? 0 : 1;
}
