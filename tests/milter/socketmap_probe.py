#!/usr/bin/env python3
"""socketmap_probe.py — the socketmap protocol edges Postfix never sends,
against a running umind (DESIGN §6a): pipelined requests in one write, a
request split byte by byte, a malformed request (PERM, connection stays
open), broken framing and an oversized length (PERM, only that connection
closes), and 200 connections open at once, all answered, while one of them
breaks. Prints one line per check; exits 1 if any failed.
    socketmap_probe.py unix:/path | inet:HOST:PORT"""
import socket
import sys

failures = 0


def check(ok, what):
    global failures
    print(("ok  " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


def connect(where):
    if where.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(where[5:])
    else:
        host, port = where[5:].rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    s.settimeout(5)
    return s


def netstring(text):
    data = text.encode()
    return str(len(data)).encode() + b":" + data + b","


def read_reply(s):
    """One netstring reply, or None when the server closed the connection."""
    head = b""
    while not head.endswith(b":"):
        c = s.recv(1)
        if not c:
            return None
        head += c
    n = int(head[:-1])
    body = b""
    while len(body) < n + 1:
        chunk = s.recv(n + 1 - len(body))
        if not chunk:
            return None
        body += chunk
    assert body.endswith(b","), body
    return body[:-1].decode()


def closed(s):
    try:
        return s.recv(1) == b""
    except OSError:
        return True


def main(where):
    s = connect(where)
    s.sendall(netstring("access nobody-x@umin.ac.jp") + netstring("route old-x@umin.ac.jp") +
              netstring("access kiuchi-tky@umin.ac.jp"))
    got = [read_reply(s) for _ in range(3)]
    check(got == ["OK 550 5.1.1 User unknown", "OK new-x@umin.ac.jp", "NOTFOUND "], f"three pipelined requests: {got}")

    for b in netstring("route old-x+news@umin.ac.jp"):
        s.send(bytes([b]))
    got = read_reply(s)
    check(got == "OK new-x+news@umin.ac.jp", f"a request sent byte by byte: {got}")

    for bad in ["virtual old-x@umin.ac.jp", "access", "access "]:
        s.sendall(netstring(bad))
        got = read_reply(s)
        check(got is not None and got.startswith("PERM "), f"malformed request {bad!r}: {got}")
    s.sendall(netstring("access loop-a@umin.ac.jp"))
    got = read_reply(s)
    check(got == "OK 554 5.4.6 Routing loop detected", f"the same connection answers after PERM: {got}")

    many = [connect(where) for _ in range(200)]
    bad = connect(where)
    bad.sendall(b"5:hello;")
    got = read_reply(bad)
    check(got is not None and got.startswith("PERM "), f"broken framing: {got}")
    check(closed(bad), "broken framing closes that connection")
    huge = connect(where)
    huge.sendall(b"99999999:access ")
    got = read_reply(huge)
    check(got is not None and got.startswith("PERM "), f"a declared length over the limit: {got}")
    check(closed(huge), "an oversized request closes that connection")
    for c in many:
        c.sendall(netstring("route soc-list@umin.ac.jp"))
    answers = [read_reply(c) for c in many]
    check(all(a == "OK members@lists.example.org" for a in answers),
          f"200 concurrent connections all answered ({sum(a == 'OK members@lists.example.org' for a in answers)})")
    s.sendall(netstring("access x@umin.ac.jp"))
    got = read_reply(s)
    check(got == "OK 550 5.1.3 Bad recipient address syntax", f"the first connection is still served: {got}")
    for c in many + [s, bad, huge]:
        c.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
