/* Shared code of the stateful tool simulators (tests/sim/netsh.c, tests/sim/certutil.c,
 * tests/sim/appcmd.c, tests/sim/certreq.c: certreq and a tiny CA, described in that file).
 *
 * The simulators stand in for `netsh http show|add|update|delete sslcert`,
 * `certutil [-v] -store NAME`, `certutil -dump FILE`, appcmd and certreq so that certrebind's apply/restore can be driven on any OS
 * (`--netsh build/sim/netsh --certutil build/sim/certutil`). They get exactly the argv the real
 * tools would get, print what Windows Server 2022 (or 2012 R2) English prints, CRLF line ends,
 * OEM code page bytes, and keep the machine's state in one text file.
 *
 * ---- Environment ----
 *   CERTREBIND_SIM_STATE=PATH      required; the state file below (missing file = empty machine)
 *   CERTREBIND_SIM_LAYOUT=2025|2022|2019|2012r2   netsh output layout (default 2022); 2012r2
 *                                  prints the 13 classic fields, knows only the classic parameters,
 *                                  and has no `update` command ("The following command was not
 *                                  found: ..."); 2019 adds Reject Connections and Disable HTTP2 and
 *                                  answers a parameter it does not know with its usage text and
 *                                  exit 0, creating nothing; 2025 adds Disable Session ID (and the
 *                                  parameterless Enable Caching Client Hello) and rejects an
 *                                  explicit revocationfreshnesstime=0 / urlretrievaltimeout=0 (87)
 *   CERTREBIND_SIM_FAIL=op:n[,op:n...]  the n-th call (1-based, counted across processes through
 *                                  the state file) of op fails without changing anything.
 *                                  op = add | update | delete | show (netsh) | store (certutil)
 *   CERTREBIND_SIM_FAIL_CODE=N     Win32 error of those failures: 1312 (default), 5, 87, 2, 183,
 *                                  printed as netsh prints an API failure ("SSL Certificate add
 *                                  failed, Error: N" + the FormatMessage text, e.g. "Access is
 *                                  denied." for 5; show: the header + the text)
 *   CERTREBIND_SIM_LIE=op:n[,op:n...]   that call of add/update/delete prints its success text
 *                                  ("SSL Certificate successfully added") and exits 0 without
 *                                  changing anything (netsh does so when given a parameter it
 *                                  does not know); logged as `lie`
 *   CERTREBIND_SIM_USAGE=op:n[,op:n...]   that call of add/update/delete prints the usage text
 *                                  and exits 0 without changing anything (Windows Server 2019's
 *                                  answer to a parameter it does not know); logged as `fail:usage`
 *   CERTREBIND_SIM_HANG=op:n       that call sleeps 600 s before doing anything
 *   CERTREBIND_SIM_KILL_PARENT=op:n   that call kills its parent process (SIGKILL /
 *                                  TerminateProcess) and exits without doing the operation
 *   CERTREBIND_SIM_NOT_ELEVATED=1  add/update/delete fail with error 5 and netsh's elevation message
 *                                  "The requested operation requires elevation (Run as
 *                                  administrator)."; show still works
 *   CERTREBIND_SIM_LOG=PATH        one line appended per invocation (see below)
 *   CERTREBIND_SIM_LOCK=PATH       each log line gets a fifth field: `locked` when another
 *                                  process holds certrebind's machine-wide lock at that call (the
 *                                  fcntl lock on PATH, its certrebind.lock; Windows: the mutex
 *                                  Global\certrebind), else `unlocked`
 *   CERTREBIND_SIM_CODEPAGE=437|850|65001   bytes of the output (default 437, the OEM code page of
 *                                  an en-US server; characters it lacks print as '?')
 *
 * ---- State file ----
 * Plain text, one record per line, LF line ends, written atomically (temp file + rename) after
 * every change. A record is a type word followed by space-separated `name=value` fields.
 * Values never contain spaces: bytes <= 0x20, 0x7F and '%' are written as %XX (upper-case hex);
 * everything else (UTF-8 included) is written as is. Names are lower case. Unknown record types
 * and unknown fields are kept as they are. Blank lines and lines starting with '#' are ignored
 * (and dropped when the file is rewritten).
 *
 *   binding <key-param>=<key> [certhash=<40hex>] appid={guid} [certstorename=<name>] [<param>=<value>]...
 *       key-param is ipport, hostnameport or ccs. The other fields use the names of
 *       `netsh http add sslcert` parameters and exist only when the parameter was given at
 *       add/update time (netsh then shows its default; certstorename absent => "(null)").
 *       certhash is lower-case hex, appid lower-case with braces, enable/disable values lower
 *       case, numbers in decimal; other values as given.
 *       e.g.  binding ipport=0.0.0.0:443 certhash=0123...cdef appid={4dc3e181-e14b-4a21-b022-59fc669b0914} certstorename=MY
 *
 *   cert store=<My|WebHosting|...> sha1=<40hex> haskey=<0|1> notbefore=<YYYY-MM-DDTHH:MM:SSZ>
 *        notafter=<YYYY-MM-DDTHH:MM:SSZ> subject=<enc> issuer=<enc> serial=<hex> dns=<a,b,...>
 *        [template=<enc>] [keyinfo=<0|1>]
 *       One certificate in one store (store names compare case-insensitively). subject/issuer as
 *       certutil prints them ("CN=www.example.com, O=Example Ltd, C=US"). dns may be empty
 *       (`dns=`): no Subject Alternative Name. haskey=0 prints the key container with
 *       "Missing stored keyset"; keyinfo=0 prints "No key provider information" instead (no key
 *       container at all). template= prints a "Template:" line (absent: none, as for certificates
 *       from a public CA).
 *
 *   site name=<enc> id=<n> state=<Started|Stopped>
 *   sitebinding site=<enc> protocol=<p> info=<enc> [sslflags=<n>]
 *       IIS sites and their bindings (appcmd simulator, tests/sim/appcmd.c), in configuration
 *       order; sslflags absent = IIS's default 0 (not printed by `list site /config`).
 *
 *   task name=<enc> xml=<hex> [lastrun=<enc>] [lastresult=<n>]
 *       A scheduled task (schtasks simulator, tests/sim/schtasks.c): the bytes of its XML file.
 *
 *   certrequest id=<n> sha1=<40hex> subject=<enc> dns=<a,b,...> key=<rsa2048|...|ecdsa-p384>
 *        [template=<enc>] [reqfile=<enc>]
 *       A request `certreq -new -machine` made and not yet accepted: its key is waiting in the
 *       machine's REQUEST store (a `cert store=REQUEST` record with the same sha1 stands for
 *       the placeholder certificate certreq puts there). `certreq -accept` removes both.
 *
 *   counter <op> <n>
 *       How many calls of op (add, update, delete, show, store) have run so far, all processes
 *       together; what CERTREBIND_SIM_FAIL/HANG/KILL_PARENT count against. Help requests
 *       (`/?`, `help`) and commands netsh does not have (update on 2012r2) are not counted;
 *       calls that fail (usage, 87, ...) are.
 *
 * The file is read, changed and renamed over without a lock: runs sharing one state file must
 * not overlap (certrebind runs its tools one at a time). The rename keeps a reader from ever
 * seeing half a file, also when the caller is killed in the middle.
 *
 * ---- Log file (CERTREBIND_SIM_LOG) ----
 *   <monotonic-ms> <op> <key> <result> [locked|unlocked]   (the last with CERTREBIND_SIM_LOCK)
 *   monotonic-ms: CLOCK_MONOTONIC / QueryPerformanceCounter in milliseconds with 3 decimals, the
 *   same clock in every process; op: add, update, delete, show, store, or `-` when the command
 *   was not recognised; key: `ipport=0.0.0.0:443` style (percent-encoded like state values),
 *   the store name for certutil, `-` when there is none; result: `ok`, `fail:<win32-code>`,
 *   `fail:usage` (syntax error / usage printed), `fail:notfound` (command not found),
 *   `help` (usage requested), `hang` (about to sleep), `killparent` (parent killed), `lie`
 *   (success printed, nothing done);
 *   certutil also `fail:ntenotfound` (a CertId that matches no certificate).
 *
 * Exit status: 0 success, 1 failure (netsh); appcmd exits with its Win32 code (183, 1168, 5;
 * truncated to 8 bits on POSIX: 1168 arrives as 144); certutil exits with the HRESULT of a failure
 * (0x80070002 etc., truncated to 8 bits on POSIX). 98: the simulator itself was misconfigured
 * (no CERTREBIND_SIM_STATE, unreadable state file), with a message on stderr.
 */
#ifndef CERTREBIND_SIMCOMMON_H
#define CERTREBIND_SIMCOMMON_H

#include <stddef.h>

#define SIM_EXIT_MISCONFIGURED 98

/* ---- small helpers (abort on out-of-memory: these are short-lived test programs) ---- */
void *sim_xmalloc(size_t n);
void *sim_xrealloc(void *p, size_t n);
char *sim_xstrdup(const char *s);
char *sim_xstrndup(const char *s, size_t n);
int sim_casecmp(const char *a, const char *b);             /* ASCII case-insensitive strcmp */
int sim_ncasecmp(const char *a, const char *b, size_t n);
void sim_lower(char *s);                                  /* ASCII, in place */
int sim_is_hex(const char *s, size_t n);                  /* n hex digits exactly, no NUL inside */

/* ---- growable string ---- */
struct sim_buf {
    char *data;
    size_t len, cap;
};
void sim_buf_add(struct sim_buf *b, const char *s);
void sim_buf_addn(struct sim_buf *b, const char *s, size_t n);
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
void sim_buf_printf(struct sim_buf *b, const char *fmt, ...);
void sim_buf_free(struct sim_buf *b);

/* ---- state ---- */
struct sim_field {
    char *name;  /* lower case */
    char *value; /* decoded */
};

struct sim_record {
    char *type;  /* "binding", "cert", "counter", or anything else (kept verbatim) */
    struct sim_field *fields;
    size_t nfields;
    char *raw;   /* counter and unknown records: the line as read (rewritten verbatim) */
    long count;  /* counter: n */
    char *op;    /* counter: op */
};

struct sim_state {
    struct sim_record *recs;
    size_t count, cap;
};

/* Loads path into st (missing file = empty). Returns 0, or -1 with a message on stderr. */
int sim_state_load(const char *path, struct sim_state *st);
/* Writes st atomically (path.tmp.<pid> + rename). Returns 0, or -1 with a message on stderr. */
int sim_state_save(const char *path, const struct sim_state *st);
void sim_state_free(struct sim_state *st);

const char *sim_rec_get(const struct sim_record *r, const char *name); /* NULL when absent */
void sim_rec_set(struct sim_record *r, const char *name, const char *value);
struct sim_record *sim_state_add(struct sim_state *st, const char *type);
void sim_state_remove(struct sim_state *st, size_t index);
void sim_record_free(struct sim_record *r);

/* Files of the simulated CA (tests/sim/certreq.c writes them, certreq -accept and certutil -dump
 * read them): a PEM armour ("-----BEGIN <label>-----") around the hex of one state line, e.g. a
 * `cert` record for CERTIFICATE, a `certrequest` record for NEW CERTIFICATE REQUEST.
 * write: 0, -2 when path exists (never replaced), -1 on failure. read: 0 and *out (owned by
 * holder, free it with sim_state_free), -1 when the file cannot be opened, -2 when it holds no
 * such armour or no record. */
int sim_pemfile_write(const char *path, const char *label, const struct sim_record *r);
int sim_pemfile_read(const char *path, const char *label, struct sim_record **out, struct sim_state *holder);

/* Increments the counter of op and returns its new value. */
long sim_counter_bump(struct sim_state *st, const char *op);

/* Percent-encoding of state and log values (see the format above). Caller frees. */
char *sim_encode(const char *s);
char *sim_decode(const char *s);

/* ---- fault injection, configuration ---- */
/* 1 when the environment variable env holds `op:n` (in a comma-separated list) for this call. */
int sim_fault_match(const char *env, const char *op, long n);
int sim_env_flag(const char *env);        /* set to something other than "", "0" */
int sim_fail_code(void);                  /* CERTREBIND_SIM_FAIL_CODE or 1312 */
const char *sim_win32_message(int code);  /* FormatMessage text (English) of a Win32 error */
const char *sim_win32_symbol(int code);   /* "ERROR_FILE_NOT_FOUND", ... */

/* ---- process and clock ---- */
double sim_monotonic_ms(void);
void sim_sleep_seconds(unsigned seconds);
/* Kills the parent process (the program that started the simulator). 0 on success. */
int sim_kill_parent(void);
/* Appends `<ms> <op> <key> <result>` to CERTREBIND_SIM_LOG when set. */
void sim_log(const char *op, const char *key, const char *result);

/* ---- output ---- */
/* Puts stdout in binary mode (Windows) so "\r\n" is written as is. */
void sim_output_init(void);
/* Writes UTF-8 text to stdout converted to CERTREBIND_SIM_CODEPAGE, then flushes. */
void sim_output_write(const char *utf8, size_t len);

/* Misconfiguration: message on stderr, exit SIM_EXIT_MISCONFIGURED. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
void sim_die(const char *fmt, ...);

#endif
