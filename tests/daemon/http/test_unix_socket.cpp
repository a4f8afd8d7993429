// test_unix_socket.cpp — the unix socket file: mode and group applied, a
// stale file replaced, a live server or a non-socket never replaced, the
// file removed on stop.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/http/unix_socket_file.hpp"
#include "test_fixture.hpp"

using namespace umind;
using umind::test::TestServer;

namespace {

ListenAddress unix_at(const std::string& path) {
  ListenAddress a;
  a.kind = ListenAddress::Kind::unix_socket;
  a.path = path;
  return a;
}

// A socket file left behind by a process that died: bound, then closed.
void make_stale_socket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  ::close(fd);
}

struct stat stat_of(const std::string& path) {
  struct stat st{};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st;
}

}  // namespace

TEST_CASE("unix socket gets mode 0660 and the group, whatever the umask") {
  auto old = ::umask(0077);
  TestServer s;
  auto st = stat_of(s.unix_addr.path);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 07777) == 0660);

  auto other = s.server->listen(unix_at(s.dir.path() + "/other.sock"), std::nullopt, 0600, ::getegid());
  st = stat_of(other.path);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(st.st_gid == ::getegid());
  if (::geteuid() == 0) {
    auto third = s.server->listen(unix_at(s.dir.path() + "/third.sock"), std::nullopt, 0660, gid_t{4321});
    CHECK(stat_of(third.path).st_gid == 4321);
  }
  ::umask(old);
  CHECK(ApiClient(other, std::nullopt, std::chrono::seconds(5)).call("GET", "/v1/ping").status == 200);
  s.server->stop_accepting();
  CHECK(::access(other.path.c_str(), F_OK) != 0);
}

TEST_CASE("a stale socket file is replaced") {
  TestServer s({}, {}, false);
  std::string path = s.dir.path() + "/api.sock";
  make_stale_socket(path);
  REQUIRE(S_ISSOCK(stat_of(path).st_mode));
  s.listen_all();
  CHECK(s.unix_client().call("GET", "/v1/ping").status == 200);
}

TEST_CASE("a live server's socket, or a non-socket, is never replaced") {
  TestServer s;
  // A second server on the same path: the first one answers there.
  boost::asio::io_context io2;
  Router r2;
  HttpServer second(io2, r2);
  CHECK_THROWS_WITH(second.listen(s.unix_addr, std::nullopt), Catch::Contains("another server"));
  CHECK(s.unix_client().call("GET", "/v1/ping").status == 200);

  std::string file = s.dir.path() + "/precious.txt";
  std::ofstream(file) << "keep me";
  CHECK_THROWS_WITH(second.listen(unix_at(file), std::nullopt), Catch::Contains("not a socket"));
  std::ifstream in(file);
  std::string content;
  std::getline(in, content);
  CHECK(content == "keep me");
}

TEST_CASE("stop removes only the socket file it made") {
  test::TempDir dir;
  std::string path = dir.path() + "/s.sock";
  {
    make_stale_socket(path);
    OwnedSocketFile owned(path, 0660, std::nullopt);
    // Someone replaced the file meanwhile (a successor after a restart race).
    // The new file may reuse the inode number; its change time differs
    // (file times tick at the kernel's coarse clock, hence the pause).
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    ::unlink(path.c_str());
    make_stale_socket(path);
    owned.remove();
    CHECK(::access(path.c_str(), F_OK) == 0);
  }
  {
    ::unlink(path.c_str());
    make_stale_socket(path);
    OwnedSocketFile owned(path, 0660, std::nullopt);
  }
  CHECK(::access(path.c_str(), F_OK) != 0);
}
