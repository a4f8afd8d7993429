#!/usr/bin/env python3
"""held_bodies.py SOCKET PID N — opens N connections to umind's unix socket,
each an import declaring Content-Length 4 GiB that sends 2 bytes, holds them,
and prints umind's VmSize and VmRSS (KiB) before and while they are held:
"before_size before_rss held_size held_rss". Test-only (transport_test.sh)."""
import socket
import sys
import time


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmSize", "VmRSS"):
                out[key] = int(value.split()[0])
    return out["VmSize"], out["VmRSS"]


def main():
    path, pid, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    before = status(pid)
    held = []
    for _ in range(n):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall(b"POST /v1/import?format=csv HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
                  b"Content-Length: 4294967296\r\n\r\nab")
        held.append(s)
    time.sleep(1.0)
    during = status(pid)
    print(before[0], before[1], during[0], during[1])
    for s in held:
        s.close()


main()
