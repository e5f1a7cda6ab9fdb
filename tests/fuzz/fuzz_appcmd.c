/* libFuzzer harness: `appcmd list site` and `appcmd list site /config` output, any bytes,
 * through both parsers, the sslFlags merge and the split of each binding's information.
 * Seeds: every fixtures/x/appcmd-*.txt. */
#include <stddef.h>
#include <stdint.h>

#include "appcmd.h"
#include "arena.h"
#include "text.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diags d;
    diags_init(&d);
    struct text t;
    if (text_decode(&t, data, size, 0, &d, "appcmd list site") == 0) {
        struct site_list sites, config;
        appcmd_parse_sites(&t, &sites, &d);
        appcmd_parse_config(&t, &config, &d);
        appcmd_merge_ssl_flags(&sites, &config);
        struct arena a;
        arena_init(&a);
        for (size_t i = 0; i < sites.count; i++)
            for (size_t k = 0; k < sites.items[i].binding_count; k++) {
                const char *ip, *host;
                int port;
                appcmd_split_http_info(&a, sites.items[i].bindings[k].info, &ip, &port, &host);
            }
        arena_free(&a);
        site_list_free(&sites);
        site_list_free(&config);
        text_free(&t);
    }
    fuzz_check_diags(&d);
    diags_free(&d);
    return 0;
}
