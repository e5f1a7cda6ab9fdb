#!/usr/bin/env python3
"""Writes a recorded host for the planner benchmark: python3 gen-plan-host.py DIR BINDINGS CERTS.
netsh-http-show-sslcert.txt (Windows Server 2022 layout) with BINDINGS bindings, every tenth one on
the certificate being replaced, and certutil-store-my.txt with CERTS certificates (the old and new
wildcard among them). CRLF, ASCII, en-US dates."""
import os
import sys

OLD = "3f2a9c1e7b4d8a6f0e5c2b1a9d8e7f6a5b4c3d2e"
NEW = "8c1d4e7a2b5f9036c4e8a1d7b3f60e295a8c4d17"
SETTINGS = [
    ("Certificate Store Name", "My"), ("Verify Client Certificate Revocation", "Enabled"),
    ("Verify Revocation Using Cached Client Certificate Only", "Disabled"), ("Usage Check", "Enabled"),
    ("Revocation Freshness Time", "0"), ("URL Retrieval Timeout", "0"), ("Ctl Identifier", "(null)"),
    ("Ctl Store Name", "(null)"), ("DS Mapper Usage", "Disabled"), ("Negotiate Client Certificate", "Disabled"),
    ("Reject Connections", "Disabled"), ("Disable HTTP2", "Not Set"), ("Disable QUIC", "Not Set"),
    ("Disable TLS1.2", "Not Set"), ("Disable TLS1.3", "Not Set"), ("Disable OCSP Stapling", "Not Set"),
    ("Enable Token Binding", "Not Set"), ("Log Extended Events", "Not Set"),
    ("Disable Legacy TLS Versions", "Not Set"), ("Enable Session Ticket", "Not Set"),
]


def line(label, value):
    return "    %-29s: %s\r\n" % (label, value) if len(label) <= 28 else "    %s : %s\r\n" % (label, value)


def cert_hash(i):
    return "%040x" % (0x1000000000000000000000000000000000000000 + i * 7919)


def cert_block(index, sha1, cn, sans, not_before, not_after):
    out = "================ Certificate %d ================\r\n" % index
    out += "Serial Number: %032x\r\n" % (index + 1)
    out += "Issuer: CN=Fabrikam TLS Issuing CA 01, O=Fabrikam Trust Services, C=US\r\n"
    out += " NotBefore: %s\r\n NotAfter: %s\r\n" % (not_before, not_after)
    out += "Subject: CN=%s\r\nNon-root Certificate\r\nCert Hash(sha1): %s\r\n" % (cn, sha1)
    out += "  Key Container = key-%d\r\n  Provider = Microsoft RSA SChannel Cryptographic Provider\r\n" % index
    out += "Encryption test passed\r\n\r\n"
    return out


def main():
    d, nb, nc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "netsh-http-show-sslcert.txt"), "wb") as f:
        f.write(b"\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n")
        chunk = []
        for i in range(nb):
            if i % 2:
                key = ("IP:port", "10.%d.%d.%d:443" % ((i >> 16) & 255, (i >> 8) & 255, i & 255))
            else:
                key = ("Hostname:port", "site%d.northwind-traders.example:443" % i)
            h = OLD if i % 10 == 0 else cert_hash(i % nc)
            rec = line(*key) + line("Certificate Hash", h) + line("Application ID", "{4dc3e181-e14b-4a21-b022-59fc669b0914}")
            rec += "".join(line(l, v) for l, v in SETTINGS) + "\r\n"
            chunk.append(rec)
            if len(chunk) >= 1000:
                f.write("".join(chunk).encode("ascii"))
                chunk = []
        f.write("".join(chunk).encode("ascii"))
    with open(os.path.join(d, "certutil-store-my.txt"), "wb") as f:
        f.write(b'My "Personal"\r\n')
        f.write(cert_block(0, OLD, "*.northwind-traders.example", None, "12/1/2025 9:00 AM", "12/5/2026 8:59 AM").encode())
        f.write(cert_block(1, NEW, "*.northwind-traders.example", None, "11/2/2026 9:00 AM", "12/7/2027 8:59 AM").encode())
        for i in range(2, nc):
            f.write(cert_block(i, cert_hash(i), "host%d.corp.example" % i, None, "1/1/2026 9:00 AM",
                               "1/1/2028 9:00 AM").encode())
        f.write(b"CertUtil: -store command completed successfully.\r\n")


if __name__ == "__main__":
    main()
