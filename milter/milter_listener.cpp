// milter_listener.cpp — smfi_setconn/smfi_register/smfi_opensocket/smfi_main.
#include "milter/milter_listener.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include <libmilter/mfapi.h>

#include "base/log.hpp"
#include "milter/milter_callbacks.hpp"

namespace umind::milter {
namespace {

std::atomic<bool> registered{false};

// One connection that is closed at once: libmilter's accept loop wakes up.
void connect_once(const ListenAddress& where) {
  if (where.kind == ListenAddress::Kind::unix_socket) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::strncpy(sa.sun_path, where.path.c_str(), sizeof sa.sun_path - 1);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    ::close(fd);
    return;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(where.port);
  std::string host = where.host.empty() ? "127.0.0.1" : where.host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) return;
  int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    (void)::connect(fd, found->ai_addr, found->ai_addrlen);
    ::close(fd);
  }
  ::freeaddrinfo(found);
}

}  // namespace

void MilterListener::start(const ListenAddress& where) {
  if (registered.exchange(true)) throw std::logic_error("libmilter serves one filter per process; it is already running");
  where_ = where;
  std::string conn = where.milter_form();
  smfiDesc desc = milter_description(where.kind != ListenAddress::Kind::unix_socket);
  if (smfi_setconn(conn.data()) != MI_SUCCESS || smfi_register(desc) != MI_SUCCESS)
    throw std::runtime_error("milter.listen " + conn + ": libmilter refused the address");
  smfi_setbacklog(128);
  if (smfi_opensocket(true) != MI_SUCCESS)
    throw std::runtime_error("milter.listen " + conn + ": cannot listen (address in use, or no permission)");
  if (where.kind == ListenAddress::Kind::unix_socket) ::chmod(where.path.c_str(), 0660);
  thread_ = std::thread([this] {
    int rc = smfi_main();
    {
      std::lock_guard lock(mutex_);
      exited_ = true;
    }
    exited_cv_.notify_all();
    if (!stopping_.load()) {
      stopped_on_its_own_.store(true);
      log_error(std::string("milter: libmilter stopped on its own (") + (rc == MI_SUCCESS ? "a signal" : "an error") +
                "); stopping umind");
      if (on_unplanned_exit_) on_unplanned_exit_();
    }
  });
}

void MilterListener::stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true);
  // smfi_stop() waits for the listener's lock, which libmilter holds while it
  // polls (up to 5 s): call it aside and wake the poll with connections.
  std::thread stopper([] { smfi_stop(); });
  std::unique_lock lock(mutex_);
  for (int i = 0; i < 500 && !exited_; ++i) {
    lock.unlock();
    connect_once(where_);
    lock.lock();
    exited_cv_.wait_for(lock, std::chrono::milliseconds(20), [this] { return exited_; });
  }
  lock.unlock();
  stopper.join();
  thread_.join();
  if (where_.kind == ListenAddress::Kind::unix_socket) ::unlink(where_.path.c_str());
}

}  // namespace umind::milter
