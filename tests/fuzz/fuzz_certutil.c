/* libFuzzer harness: `certutil [-v] -store NAME` output, any bytes, decoded as certrebind decodes
 * it and parsed with each date order (the order changes which dates are accepted). Properties:
 * hashes are 40 lowercase hex digits, every DNS name counted is there, diagnostics are inert.
 * Seeds: every fixtures/x/certutil-*store-*.txt. */
#include <stddef.h>
#include <stdint.h>

#include "certutil.h"
#include "text.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum date_order orders[] = {DATE_ORDER_UNKNOWN, DATE_ORDER_DMY};
    struct diags d;
    diags_init(&d);
    struct text t;
    if (text_decode(&t, data, size, 0, &d, "certutil -store") == 0) {
        for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
            struct certutil_options opt = {orders[i], i ? "dd.MM.yyyy" : NULL, "My"};
            struct cert_list l;
            certutil_parse_store(&t, &opt, &l, &d);
            for (size_t k = 0; k < l.count; k++) {
                fuzz_check_hash(l.items[k].sha1, "a certificate hash that is not 40 lowercase hex digits");
                if (l.items[k].dns_count && !l.items[k].dns_names)
                    fuzz_fail("DNS names counted but missing", l.items[k].subject ? l.items[k].subject : "?");
                for (size_t n = 0; n < l.items[k].dns_count; n++)
                    if (!l.items[k].dns_names[n])
                        fuzz_fail("a NULL DNS name", l.items[k].subject ? l.items[k].subject : "?");
            }
            cert_list_free(&l);
        }
        text_free(&t);
    }
    fuzz_check_diags(&d);
    diags_free(&d);
    return 0;
}
