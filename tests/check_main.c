/* Runs every Check suite (tests/test_*.c declare `Suite *suite_<name>(void)`).
 * Usage: run-tests [SUITE-NAME...]  (default: all; an unknown name is an error). Ends with Check's
 * summary line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(fn) Suite *fn(void);
#include "suites.inc"
#undef SUITE

struct suite_entry {
    const char *name;
    Suite *(*make)(void);
};

static const struct suite_entry all_suites[] = {
#define SUITE(fn) {&#fn[6], fn},
#include "suites.inc"
#undef SUITE
};

int main(int argc, char **argv)
{
    SRunner *runner = NULL;
    size_t n = sizeof all_suites / sizeof all_suites[0];
    /* a name that is no suite (a typo, a renamed suite in a CI list) is an error, not a suite
     * that silently never runs */
    for (int a = 1; a < argc; a++) {
        size_t i = 0;
        while (i < n && strcmp(argv[a], all_suites[i].name) != 0)
            i++;
        if (i == n) {
            fprintf(stderr, "run-tests: no suite named '%s'\n", argv[a]);
            return 2;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            if (strcmp(argv[a], all_suites[i].name) == 0)
                wanted = 1;
        if (!wanted)
            continue;
        if (!runner)
            runner = srunner_create(all_suites[i].make());
        else
            srunner_add_suite(runner, all_suites[i].make());
    }
    if (!runner) {
        fprintf(stderr, "run-tests: no suite\n");
        return 2;
    }
    /* Check's own report puts its summary before the failure lines; run it silently and print
     * the failures, then the summary, once, so the run ends with it. */
    srunner_run_all(runner, CK_SILENT);
    int run = srunner_ntests_run(runner);
    int failed = srunner_ntests_failed(runner);
    int errors = 0;
    TestResult **results = srunner_results(runner);
    for (int i = 0; i < run; i++) {
        if (tr_rtype(results[i]) == CK_PASS)
            continue;
        if (tr_rtype(results[i]) == CK_ERROR)
            errors++;
        /* Check's own line, less the test name (its API does not give it): file:line:F|E:tcase */
        printf("%s:%d:%c:%s: %s\n", tr_lfile(results[i]) ? tr_lfile(results[i]) : "?", tr_lno(results[i]),
               tr_rtype(results[i]) == CK_ERROR ? 'E' : 'F', tr_tcname(results[i]),
               tr_msg(results[i]) ? tr_msg(results[i]) : "");
    }
    free(results);
    int pct = run ? (run - failed) * 100 / run : 0;
    printf("%d%%: Checks: %d, Failures: %d, Errors: %d\n", pct, run, failed - errors, errors);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
