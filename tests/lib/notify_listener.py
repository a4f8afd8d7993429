#!/usr/bin/env python3
# notify_listener.py — stands in for systemd's notification socket in tests:
# binds a datagram socket at PATH and appends every message it receives to
# LOG as "MONOTONIC_SECONDS MESSAGE" (newlines inside a message become "|").
# Runs until killed.
#   notify_listener.py PATH LOG
import os
import socket
import sys
import time

path, log = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)
with open(log, "a", buffering=1) as out:
    while True:
        data = sock.recv(65536)
        text = data.decode("utf-8", "replace").strip().replace("\n", "|")
        out.write(f"{time.monotonic():.3f} {text}\n")
