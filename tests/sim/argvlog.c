/* Stands in for netsh.exe and net.exe when a test runs a generated .cmd script with the real
 * cmd.exe (Windows, or Wine's): appends the arguments it was given, as the C runtime split them,
 * one invocation a line, TAB-separated, to CERTREBIND_ARGV_LOG; prints a `show sslcert` header
 * for `http show sslcert`; and exits 1 for the Nth change (http add|update|delete) when
 * CERTREBIND_ARGV_FAIL=N, 0 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_change(int argc, char **argv)
{
    return argc > 2 && !strcmp(argv[1], "http") &&
           (!strcmp(argv[2], "add") || !strcmp(argv[2], "update") || !strcmp(argv[2], "delete"));
}

/* Changes logged so far (lines starting "http\tadd|update|delete"). */
static int changes_logged(const char *log)
{
    FILE *f = fopen(log, "rb");
    if (!f)
        return 0;
    int n = 0;
    char line[8192];
    while (fgets(line, sizeof line, f))
        n += !strncmp(line, "http\tadd\t", 9) || !strncmp(line, "http\tupdate\t", 12) ||
             !strncmp(line, "http\tdelete\t", 12);
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    const char *log = getenv("CERTREBIND_ARGV_LOG");
    const char *fail = getenv("CERTREBIND_ARGV_FAIL");
    if (!log || !*log) {
        fprintf(stderr, "argvlog: CERTREBIND_ARGV_LOG is not set\n");
        return 2;
    }
    int failing = is_change(argc, argv) && fail && atoi(fail) == changes_logged(log) + 1;
    FILE *f = fopen(log, "ab");
    if (!f) {
        fprintf(stderr, "argvlog: cannot append to %s\n", log);
        return 2;
    }
    for (int i = 1; i < argc; i++)
        fprintf(f, "%s%s", i > 1 ? "\t" : "", argv[i]);
    fputc('\n', f);
    fclose(f);
    if (argc == 4 && !strcmp(argv[1], "http") && !strcmp(argv[2], "show") && !strcmp(argv[3], "sslcert"))
        fputs("\r\nSSL Certificate bindings:\r\n-------------------------\r\n\r\n", stdout);
    return failing ? 1 : 0;
}
