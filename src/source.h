/* Where tool output comes from: --input FILE, --from DIR (recorded), or the live tool (runner). */
#ifndef CERTREBIND_SOURCE_H
#define CERTREBIND_SOURCE_H

#include <stddef.h>

#include "diag.h"

/* Where tool output comes from, as the command line said it. */
struct source_spec {
    const char *input;    /* one recorded output ("-": standard input) */
    const char *from_dir; /* a recorded host: run nothing */
    const char *netsh_path, *certutil_path, *appcmd_path; /* run these instead of the system's tools */
    const char *certreq_path; /* request, accept: run this certreq instead of the system's */
    int timeout_ms;       /* per tool call */
    int codepage;         /* of recorded bytes without BOM or UTF-16; 0: the default */
    int max_input_mib;    /* the most tool output read, in MiB; 0: DEFAULT_MAX_INPUT_MIB */
};

enum tool_query {
    Q_NETSH_SHOW_SSLCERT, /* netsh http show sslcert */
    Q_CERTUTIL_STORE,     /* certutil -store <store> */
    Q_CERTUTIL_STORE_V,   /* certutil -v -store <store> */
    Q_APPCMD_LIST_SITE,   /* appcmd list site */
    Q_APPCMD_LIST_SITE_CONFIG, /* appcmd list site /config (sslFlags) */
    Q_NETSH_UPDATE_HELP,  /* netsh http update sslcert /? */
    Q_NETSH_ADD_HELP,     /* netsh http add sslcert help: the parameters this netsh accepts */
    Q_CERTUTIL_DUMP,      /* certutil -dump <file> (source_fetch_arg) */
};

enum { DEFAULT_MAX_INPUT_MIB = 512 }; /* --max-input: the most tool output read, in MiB */

struct tool_output {
    unsigned char *bytes;
    size_t len;
    char *origin;   /* for messages: a file path or the command line */
    int exit_code;  /* 0 for recorded output */
    int recorded;   /* came from a file */
};

/* Fetches the output of a query. store is the certutil store (NULL = "My").
 * Returns 0, 1 when the recording is optional and absent (appcmd, update help), -1 on error. */
int source_fetch(const struct source_spec *s, enum tool_query q, const char *store, struct tool_output *out,
                 struct diags *d);
/* The same with one more argument: the certificate of Q_CERTUTIL_STORE_V (`certutil -v -store
 * My HASH`: only that certificate), the file of Q_CERTUTIL_DUMP. Live only: a recording (--from,
 * --input) is refused with an error. */
int source_fetch_arg(const struct source_spec *s, enum tool_query q, const char *store, const char *arg,
                     struct tool_output *out, struct diags *d);
void tool_output_free(struct tool_output *t);
/* certreq.exe: --certreq when given, else the one in the system directory; never from PATH.
 * Caller frees; NULL with an error in d when there is none (not Windows). */
char *source_certreq_path(const struct source_spec *s, struct diags *d);
/* The program an option names (given, when not NULL), else exe in the Windows system directory;
 * NULL when neither (not Windows): the caller says which option to give. Caller frees. The one
 * rule for where certrebind finds the tools it runs. */
char *given_or_system_tool(const char *given, const char *exe);
/* The executable a query runs: --netsh/--certutil/--appcmd when given, else the one in the system
 * directory (Windows), never one from PATH. Caller frees; NULL (with an error in d unless the
 * query is optional) when there is none. */
char *source_tool_path(const struct source_spec *s, enum tool_query q, struct diags *d);
/* The recorded file name for a query in a --from DIR ("certutil-store-webhosting.txt"). Caller frees. */
char *source_recorded_name(enum tool_query q, const char *store);
/* Whether a file name is one a --from DIR recording uses (so nothing is written over it). */
int source_is_recorded_name(const char *name);

#endif
