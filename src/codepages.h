/* Single-byte code page tables (OEM and ANSI), upper half only: 0x00-0x7F is ASCII. */
#ifndef CERTREBIND_CODEPAGES_H
#define CERTREBIND_CODEPAGES_H

struct codepage {
    int number;
    const unsigned short *high; /* 128 code points for bytes 0x80-0xFF */
};

const struct codepage *codepage_find(int number);

#endif
