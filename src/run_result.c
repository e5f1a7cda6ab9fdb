/* What run_program returns is the same struct on every platform: one way to free it; and the
 * argv of a program with its arguments, built once for every caller. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "platform.h"

void run_result_free(struct run_result *r)
{
    free(r->out);
    free(r->err);
    free(r->error);
    memset(r, 0, sizeof *r);
}

int run_program_args(const char *prog, const char *const *args, int timeout_ms, struct run_result *r)
{
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = xmalloc((n + 2) * sizeof *argv);
    argv[0] = prog;
    memcpy(argv + 1, args, (n + 1) * sizeof *argv); /* with the terminating NULL */
    int rc = run_program(argv, timeout_ms, r);
    free(argv);
    return rc;
}
