#!/usr/bin/env python3
"""Generates a `certutil -v -store My` listing of N certificates in the Windows Server 2022 layout
(CP437 bytes, CRLF), for benchmarks and stress tests:

    python3 scripts/gen-certutil-store.py 10000 > file          # verbose, what certrebind runs live
    python3 scripts/gen-certutil-store.py --plain 10000 > file  # `certutil -store My`

Deterministic (seeded): the same N gives the same bytes. Certificate i has the SHA-1 hash
sha1("cert-<i>"), subject CN=host<i>.bench.example with 1-4 DNS SANs, and a mix of the cases a real
store holds: every 7th has no private key, every 11th is expired, every 13th is a wildcard.
Public-key and signature bytes are random filler."""
import hashlib
import random
import sys

ISSUER = ["CN=Fabrikam TLS Issuing CA 01", "O=Fabrikam Trust Services", "C=US"]
MACHINE = "e7a4c1d2-5b3f-4c8e-9a1d-2f6b8c0e4a35"


def hexdump(r, n, indent="    "):
    data = bytes(r.getrandbits(8) for _ in range(n))
    out = []
    for off in range(0, n, 16):
        chunk = data[off:off + 16]
        left = " ".join("%02x" % b for b in chunk[:8])
        right = " ".join("%02x" % b for b in chunk[8:])
        out.append("%s%04x  %s%s" % (indent, off, left, "  " + right if right else ""))
    return out


def when(r, year):
    month, day = r.randint(1, 12), r.randint(1, 28)
    hour, minute = r.randint(1, 12), r.randint(0, 59)
    return "%d/%d/%d %d:%02d %s" % (month, day, year, hour, minute, "AM" if r.random() < 0.5 else "PM")


def cert(i, verbose):
    r = random.Random(i)
    sha1 = hashlib.sha1(b"cert-%d" % i).hexdigest()
    serial = "%032x" % r.getrandbits(128)
    wildcard = i % 13 == 0
    cn = "*.bench%d.example" % i if wildcard else "host%d.bench.example" % i
    subject = ["CN=" + cn, "O=Bench Traders", "C=US"]
    sans = [cn] + ["alt%d-%d.bench.example" % (i, k) for k in range(r.randint(0, 3))]
    expired = i % 11 == 0
    nb = when(r, 2023 if expired else 2026)
    na = when(r, 2024 if expired else 2027)
    has_key = i % 7 != 0
    L = ["================ Certificate %d ================" % i]
    if not verbose:
        L += ["Serial Number: " + serial, "Issuer: " + ", ".join(ISSUER), " NotBefore: " + nb, " NotAfter: " + na,
              "Subject: " + ", ".join(subject), "Non-root Certificate", "Cert Hash(sha1): " + sha1]
    else:
        L += ["X509 Certificate:", "Version: 3", "Serial Number: " + serial, "Signature Algorithm:",
              "    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA", "    Algorithm Parameters:", "    05 00",
              "Issuer:"] + ["    " + x for x in ISSUER] + [
            "  Name Hash(sha1): " + hashlib.sha1(", ".join(ISSUER).encode()).hexdigest(),
            "  Name Hash(md5): " + hashlib.md5(", ".join(ISSUER).encode()).hexdigest(), "",
            " NotBefore: " + nb, " NotAfter: " + na, "", "Subject:"] + ["    " + x for x in subject] + [
            "  Name Hash(sha1): " + hashlib.sha1(cn.encode()).hexdigest(),
            "  Name Hash(md5): " + hashlib.md5(cn.encode()).hexdigest(), "",
            "Public Key Algorithm:", "    Algorithm ObjectId: 1.2.840.113549.1.1.1 RSA", "    Algorithm Parameters:",
            "    05 00", "Public Key Length: 2048 bits", "Public Key: UnusedBits = 0"]
        L += hexdump(r, 270)
        L += ["Certificate Extensions: 4",
              "    2.5.29.37: Flags = 0, Length = 16", "    Enhanced Key Usage",
              "        Server Authentication (1.3.6.1.5.5.7.3.1)", "        Client Authentication (1.3.6.1.5.5.7.3.2)",
              "", "    2.5.29.15: Flags = 1(Critical), Length = 4", "    Key Usage",
              "        Digital Signature, Key Encipherment (a0)", "",
              "    2.5.29.17: Flags = 0, Length = %x" % (sum(len(s) + 2 for s in sans) + 2),
              "    Subject Alternative Name"] + ["        DNS Name=" + s for s in sans] + [
            "", "    2.5.29.14: Flags = 0, Length = 16", "    Subject Key Identifier",
            "        " + " ".join("%02x" % r.getrandbits(8) for _ in range(20)), "",
            "Signature Algorithm:", "    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA",
            "    Algorithm Parameters:", "    05 00", "Signature: UnusedBits=0"]
        L += hexdump(r, 256)
        L += ["Non-root Certificate",
              "Key Id Hash(rfc-sha1): %040x" % r.getrandbits(160), "Key Id Hash(sha1): %040x" % r.getrandbits(160),
              "Key Id Hash(md5): %032x" % r.getrandbits(128), "Key Id Hash(sha256): %064x" % r.getrandbits(256),
              "Cert Hash(md5): %032x" % r.getrandbits(128), "Cert Hash(sha1): " + sha1,
              "Cert Hash(sha256): %064x" % r.getrandbits(256), "Signature Hash: %064x" % r.getrandbits(256), ""]
        if has_key:
            L += ["  CERT_KEY_PROV_INFO_PROP_ID(2):", "    Key Container = %s" % container(r),
                  "  Unique container name: %032x_%s" % (r.getrandbits(128), MACHINE),
                  "    Provider = Microsoft Software Key Storage Provider", "    ProviderType = 0",
                  "  Flags = 20 (32)", "  CRYPT_MACHINE_KEYSET -- 20 (32)", "    KeySpec = 0 -- XCN_AT_NONE", ""]
        L += ["  CERT_SHA1_HASH_PROP_ID(3):", "    " + sha1, "",
              "  CERT_ACCESS_STATE_PROP_ID(14):", "  AccessState = 6",
              "    CERT_ACCESS_STATE_SYSTEM_STORE_FLAG -- 2", "    CERT_ACCESS_STATE_LM_SYSTEM_STORE_FLAG -- 4", ""]
    if has_key:
        if not verbose:
            L += ["  Key Container = %s" % container(r),
                  "  Unique container name: %032x_%s" % (r.getrandbits(128), MACHINE),
                  "  Provider = Microsoft Software Key Storage Provider"]
        L += ["Private key is NOT exportable", "Encryption test passed"]
    else:
        L += ["No key provider information", "Cannot find the certificate and private key for decryption."]
    return L


def container(r):
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def main(argv):
    verbose = True
    args = [a for a in argv[1:]]
    if args and args[0] == "--plain":
        verbose = False
        args = args[1:]
    if len(args) != 1 or not args[0].isdigit():
        sys.exit("usage: gen-certutil-store.py [--plain] N")
    n = int(args[0])
    out = sys.stdout.buffer
    out.write(b'My "Personal"\r\n')
    for i in range(n):
        lines = cert(i, verbose)
        if i:
            out.write(b"\r\n")
        out.write(("\r\n".join(lines) + "\r\n").encode("cp437"))
    out.write(b"CertUtil: -store command completed successfully.\r\n")


if __name__ == "__main__":
    main(sys.argv)
