#!/usr/bin/env python3
# tcp_proxy.py — a TCP relay on 127.0.0.1:LISTEN to 127.0.0.1:TARGET for tests
# that cut a network link: killing this process closes every relayed
# connection at once (the link is down); starting it again restores it.
#   tcp_proxy.py LISTEN TARGET
import socket
import sys
import threading

listen, target = int(sys.argv[1]), int(sys.argv[2])


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen))
server.listen(16)
while True:
    client, _ = server.accept()
    try:
        upstream = socket.create_connection(("127.0.0.1", target), timeout=5)
        upstream.settimeout(None)
    except OSError:
        client.close()
        continue
    for a, b in ((client, upstream), (upstream, client)):
        threading.Thread(target=pump, args=(a, b), daemon=True).start()
