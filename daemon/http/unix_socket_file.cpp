// unix_socket_file.cpp — stale socket detection, mode/group and cleanup for
// unix-socket listeners. Only ever unlinks sockets: stale ones, or ours.
#include "daemon/http/unix_socket_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace umind {
namespace {

std::runtime_error sys_error(const std::string& path, const std::string& what, int err) {
  return std::runtime_error(path + ": " + what + ": " + std::strerror(err));
}

// 0: someone accepted; else the errno of connect.
int probe(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return ENAMETOOLONG;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

}  // namespace

void clear_stale_socket(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw sys_error(path, "cannot inspect", errno);
  }
  if (!S_ISSOCK(st.st_mode))
    throw std::runtime_error(path + ": exists and is not a socket; refusing to replace it");
  int err = probe(path);
  if (err == 0) throw std::runtime_error(path + ": another server is listening on this socket");
  // A socket file no process listens on: left behind by a crash. EAGAIN means
  // a live listener with a full backlog, so it is not stale.
  if (err != ECONNREFUSED) throw sys_error(path, "cannot tell whether the socket is stale", err);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw sys_error(path, "cannot remove stale socket", errno);
}

OwnedSocketFile::OwnedSocketFile(std::string path, unsigned mode, std::optional<gid_t> group)
    : path_(std::move(path)) {
  struct stat st{};
  if (::lstat(path_.c_str(), &st) != 0) throw sys_error(path_, "bound socket vanished", errno);
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  ctime_ = st.st_ctim;
  owned_ = true;
  int err = 0;
  std::string what;
  if (group && ::chown(path_.c_str(), static_cast<uid_t>(-1), *group) != 0) {
    err = errno;
    what = "cannot set group " + std::to_string(*group);
  } else if (::chmod(path_.c_str(), static_cast<mode_t>(mode)) != 0) {
    err = errno;
    what = "cannot set mode";
  }
  if (err != 0) {
    remove();
    throw sys_error(path_, what, err);
  }
  if (::lstat(path_.c_str(), &st) == 0 && st.st_ino == ino_) ctime_ = st.st_ctim;  // after chmod/chown
}

void OwnedSocketFile::remove() {
  if (!owned_) return;
  owned_ = false;
  struct stat st{};
  if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_ &&
      st.st_ctim.tv_sec == ctime_.tv_sec && st.st_ctim.tv_nsec == ctime_.tv_nsec)
    ::unlink(path_.c_str());
}

}  // namespace umind
