// unix_socket_file.hpp — the file-system side of a unix-socket listener:
// clearing a stale socket file, fixing mode and group, removing the file on
// stop. It never removes anything that is not a socket, never removes a
// socket a live server answers on, and never removes a file it did not make.
#pragma once
#include <optional>
#include <string>

#include <sys/types.h>
#include <time.h>

namespace umind {

// Makes `path` free for bind: nothing there → ok; a socket nobody answers on
// → removed. Throws std::runtime_error when a live server answers on it, when
// the path is something other than a socket, or on any other error.
void clear_stale_socket(const std::string& path);

// Identity of the socket file this process bound, so that stop removes it
// only if it is still ours (not a successor's after a restart race).
class OwnedSocketFile {
 public:
  OwnedSocketFile() = default;
  // After bind: chmod to `mode`, chown to `group` if given, remember the inode.
  // Throws std::runtime_error (and removes the file) when that fails.
  OwnedSocketFile(std::string path, unsigned mode, std::optional<gid_t> group);
  OwnedSocketFile(const OwnedSocketFile&) = delete;
  OwnedSocketFile& operator=(const OwnedSocketFile&) = delete;
  ~OwnedSocketFile() { remove(); }

  // Unlinks the file if it is still the one we made. Idempotent.
  void remove();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  struct timespec ctime_ {};  // inode numbers are reused; with the change time, a successor's file differs
  bool owned_ = false;
};

}  // namespace umind
