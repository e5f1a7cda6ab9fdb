/* libFuzzer harness: what `request` and `accept` read from files anyone may have touched.
 *  1. The input as a request record (NAME.request.json): request_record_parse refuses or reads it
 *     (no crash, no leak); a record it reads, written back, reads back the same.
 *  2. The input as `certutil -dump FILE` output: when it gives a certificate a request can be
 *     made like, the INF written of it is printable ASCII with CRLF line ends only (no value can
 *     break out of its line or quotes) and its Subject line undoes to the subject certutil printed.
 * Seeds: fixtures/certutil-dump-en/ and fixtures/request-records/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certreq_inf.h"
#include "certutil.h"
#include "request_record.h"
#include "text.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void record_round_trip(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    struct request_record r;
    if (request_record_parse((const char *)data, size, "fuzz", &r, &d) == 0) {
        struct request_spec spec = {r.like, r.subject, r.names, r.name_count, r.key, r.template_name};
        FILE *f = tmpfile();
        if (f) {
            request_record_write(f, &spec, r.inf, r.req, r.created);
            long n = ftell(f);
            char *text = malloc((size_t)n + 1);
            rewind(f);
            if (fread(text, 1, (size_t)n, f) != (size_t)n)
                fuzz_fail("record not read back", "");
            text[n] = 0;
            fclose(f);
            struct request_record again;
            if (request_record_parse(text, (size_t)n, "again", &again, &d) != 0 || strcmp(again.subject, r.subject) ||
                again.name_count != r.name_count || strcmp(again.like, r.like) || again.created != r.created)
                fuzz_fail("a record written back does not read back the same", text);
            request_record_free(&again);
            free(text);
        }
    }
    request_record_free(&r);
    fuzz_check_diags(&d);
    diags_free(&d);
}

/* The value of `Subject = "..."` with doubled quotes undone. */
static char *inf_subject(const char *inf)
{
    const char *p = strstr(inf, "\r\nSubject = \"");
    if (!p)
        return NULL;
    p += 13;
    char *out = malloc(strlen(p) + 1);
    size_t n = 0;
    for (; *p && !(*p == '"' && p[1] != '"'); p++) {
        if (*p == '"')
            p++;
        out[n++] = *p;
    }
    out[n] = 0;
    return out;
}

static void dump_to_inf(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    struct text t;
    if (text_decode(&t, data, size, 0, &d, "certutil -dump") == 0) {
        struct certutil_options opt = {DATE_ORDER_UNKNOWN, NULL, NULL};
        struct cert_list l;
        struct request_spec spec;
        memset(&spec, 0, sizeof spec);
        if (certutil_parse_dump(&t, &opt, &l, &d) == 0 &&
            request_spec_from_cert(&l.items[0], KEY_ECDSA_P384, "WebServer", &spec, &d) == 0) {
            char *inf = certreq_inf_format(&spec, spec.names[0], &d);
            for (size_t i = 0; inf && inf[i]; i++) {
                unsigned char c = (unsigned char)inf[i];
                if (c >= 0x80 || (c < 0x20 && c != '\r' && c != '\n') || c == 0x7f ||
                    (c == '\n') != (i > 0 && inf[i - 1] == '\r') || (c == '\r' && inf[i + 1] != '\n'))
                    fuzz_fail("the INF holds a byte it may not", inf);
            }
            char *subject = inf ? inf_subject(inf) : NULL;
            if (inf && (!subject || strcmp(subject, l.items[0].subject)))
                fuzz_fail("the INF's Subject is not the certificate's", inf);
            free(subject);
            free(inf);
        }
        request_spec_free(&spec);
        cert_list_free(&l);
        text_free(&t);
    }
    fuzz_check_diags(&d);
    diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    record_round_trip(data, size);
    dump_to_inf(data, size);
    return 0;
}
