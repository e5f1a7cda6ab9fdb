#!/usr/bin/env python3
"""Writes `netsh http show sslcert` output with N bindings in the Windows Server 2022 layout
(CRLF, ASCII): python3 scripts/gen-sslcert.py N [--extended] > file. Mixes ipport v4/v6 and
hostnameport. --extended: the layout of the newest builds (Server 2025): two more flags and the
two Extended Properties blocks (HTTP/2 settings) after every record, ~37% more bytes."""
import sys

FIELDS_2022 = [
    ("Certificate Store Name", "My"),
    ("Verify Client Certificate Revocation", "Enabled"),
    ("Verify Revocation Using Cached Client Certificate Only", "Disabled"),
    ("Usage Check", "Enabled"),
    ("Revocation Freshness Time", "0"),
    ("URL Retrieval Timeout", "0"),
    ("Ctl Identifier", "(null)"),
    ("Ctl Store Name", "(null)"),
    ("DS Mapper Usage", "Disabled"),
    ("Negotiate Client Certificate", "Disabled"),
    ("Reject Connections", "Disabled"),
    ("Disable HTTP2", "Not Set"),
    ("Disable QUIC", "Not Set"),
    ("Disable TLS1.2", "Not Set"),
    ("Disable TLS1.3", "Not Set"),
    ("Disable OCSP Stapling", "Not Set"),
    ("Enable Token Binding", "Not Set"),
    ("Log Extended Events", "Not Set"),
    ("Disable Legacy TLS Versions", "Not Set"),
    ("Enable Session Ticket", "Not Set"),
]


FIELDS_EXTENDED = [
    ("Disable Session ID", "Not Set"),
    ("Enable Caching Client Hello", "Not Set"),
]

EXTENDED_PROPERTIES = (" Extended Properties:\r\n"
                       "    PropertyId                   : 0\r\n"
                       "    Receive Window               : 1048576\r\n"
                       " Extended Properties:\r\n"
                       "    PropertyId                   : 1\r\n"
                       "    Max Settings Per Frame       : 2796202\r\n"
                       "    Max Settings Per Minute      : 4294967295\r\n")


def line(label, value):
    return "    %-29s: %s\r\n" % (label, value) if len(label) <= 28 else "    %s : %s\r\n" % (label, value)


def main():
    n = int(sys.argv[1])
    extended = "--extended" in sys.argv[2:]
    fields = FIELDS_2022 + (FIELDS_EXTENDED if extended else [])
    tail = (EXTENDED_PROPERTIES if extended else "") + "\r\n"
    out = sys.stdout.buffer
    out.write(b"\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n")
    chunk = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            key = ("IP:port", "10.%d.%d.%d:443" % ((i >> 16) & 255, (i >> 8) & 255, i & 255))
        elif kind == 1:
            key = ("IP:port", "[2001:db8::%x]:443" % i)
        else:
            key = ("Hostname:port", "site%d.bench.example:443" % i)
        h = "%040x" % (0x3F2A9C1E7B4D8A6F0E5C2B1A9D8E7F6A5B4C3D2E + (i % 1000))
        rec = line(*key) + line("Certificate Hash", h[-40:]) + \
            line("Application ID", "{4dc3e181-e14b-4a21-b022-59fc669b0914}")
        rec += "".join(line(l, v) for l, v in fields) + tail
        chunk.append(rec)
        if len(chunk) >= 1000:
            out.write("".join(chunk).encode("ascii"))
            chunk = []
    out.write("".join(chunk).encode("ascii"))


if __name__ == "__main__":
    main()
