/* Single-byte code page tables (OEM and ANSI), upper half only: 0x00-0x7F is ASCII. */
#ifndef CERTREBIND_CODEPAGES_H
#define CERTREBIND_CODEPAGES_H

#include <stddef.h>

struct codepage {
    int number;
    const unsigned short *high; /* 128 code points for bytes 0x80-0xFF */
};

const struct codepage *codepage_find(int number);
/* The supported code pages, for messages: codepage_at(0 .. codepage_count() - 1). */
size_t codepage_count(void);
const struct codepage *codepage_at(size_t i);

#endif
