/* Shared code of the tool simulators: state file, fault injection, log, clock, output.
 * The format and the environment are documented in simcommon.h. */
#include "simcommon.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <tlhelp32.h>
#else
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>
#endif

/* ---------------------------------------------------------------- helpers */

void sim_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("simulator: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(SIM_EXIT_MISCONFIGURED);
}

void *sim_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        sim_die("out of memory");
    return p;
}

void *sim_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        sim_die("out of memory");
    return q;
}

char *sim_xstrndup(const char *s, size_t n)
{
    char *p = sim_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *sim_xstrdup(const char *s) { return sim_xstrndup(s, strlen(s)); }

static int lower_ascii(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

int sim_ncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = lower_ascii((unsigned char)a[i]), cb = lower_ascii((unsigned char)b[i]);
        if (ca != cb)
            return ca - cb;
        if (!ca)
            return 0;
    }
    return 0;
}

int sim_casecmp(const char *a, const char *b) { return sim_ncasecmp(a, b, (size_t)-1); }

void sim_lower(char *s)
{
    for (; *s; s++)
        *s = (char)lower_ascii((unsigned char)*s);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower_ascii(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

int sim_is_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (hexval((unsigned char)s[i]) < 0)
            return 0;
    return 1;
}

/* ---------------------------------------------------------------- sim_buf */

void sim_buf_addn(struct sim_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = sim_xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void sim_buf_add(struct sim_buf *b, const char *s) { sim_buf_addn(b, s, strlen(s)); }

void sim_buf_printf(struct sim_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *tmp = sim_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sim_buf_addn(b, tmp, (size_t)n);
    free(tmp);
}

void sim_buf_free(struct sim_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---------------------------------------------------------------- encoding */

static int needs_escape(unsigned char c) { return c <= 0x20 || c == 0x7f || c == '%'; }

char *sim_encode(const char *s)
{
    struct sim_buf b = {0};
    sim_buf_add(&b, "");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (needs_escape(*p)) {
            char esc[4];
            snprintf(esc, sizeof esc, "%%%02X", *p);
            sim_buf_add(&b, esc);
        } else {
            sim_buf_addn(&b, (const char *)p, 1);
        }
    }
    return b.data;
}

char *sim_decode(const char *s)
{
    size_t n = strlen(s);
    char *out = sim_xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
            (l = hexval((unsigned char)s[i + 2])) >= 0) {
            int c = h * 16 + l;
            out[o++] = (char)(c ? c : '?'); /* a NUL would cut the value short */
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    return out;
}

/* ---------------------------------------------------------------- state */

void sim_record_free(struct sim_record *r)
{
    for (size_t i = 0; i < r->nfields; i++) {
        free(r->fields[i].name);
        free(r->fields[i].value);
    }
    free(r->fields);
    free(r->type);
    free(r->raw);
    free(r->op);
    memset(r, 0, sizeof *r);
}

void sim_state_free(struct sim_state *st)
{
    for (size_t i = 0; i < st->count; i++)
        sim_record_free(&st->recs[i]);
    free(st->recs);
    memset(st, 0, sizeof *st);
}

struct sim_record *sim_state_add(struct sim_state *st, const char *type)
{
    if (st->count == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        st->recs = sim_xrealloc(st->recs, st->cap * sizeof *st->recs);
    }
    struct sim_record *r = &st->recs[st->count++];
    memset(r, 0, sizeof *r);
    r->type = sim_xstrdup(type);
    return r;
}

void sim_state_remove(struct sim_state *st, size_t index)
{
    if (index >= st->count)
        return;
    sim_record_free(&st->recs[index]);
    memmove(&st->recs[index], &st->recs[index + 1], (st->count - index - 1) * sizeof *st->recs);
    st->count--;
}

const char *sim_rec_get(const struct sim_record *r, const char *name)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (sim_casecmp(r->fields[i].name, name) == 0)
            return r->fields[i].value;
    return NULL;
}

void sim_rec_set(struct sim_record *r, const char *name, const char *value)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (sim_casecmp(r->fields[i].name, name) == 0) {
            free(r->fields[i].value);
            r->fields[i].value = sim_xstrdup(value);
            return;
        }
    r->fields = sim_xrealloc(r->fields, (r->nfields + 1) * sizeof *r->fields);
    r->fields[r->nfields].name = sim_xstrdup(name);
    sim_lower(r->fields[r->nfields].name);
    r->fields[r->nfields].value = sim_xstrdup(value);
    r->nfields++;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Splits line (modified in place) into words. Returns the count; *words is malloc'd. */
static size_t split_words(char *line, char ***words)
{
    size_t n = 0, cap = 8;
    char **w = sim_xmalloc(cap * sizeof *w);
    char *p = line;
    for (;;) {
        while (*p && is_blank(*p))
            p++;
        if (!*p)
            break;
        if (n == cap) {
            cap *= 2;
            w = sim_xrealloc(w, cap * sizeof *w);
        }
        w[n++] = p;
        while (*p && !is_blank(*p))
            p++;
        if (*p)
            *p++ = 0;
    }
    *words = w;
    return n;
}

static void parse_line(struct sim_state *st, const char *text)
{
    char *line = sim_xstrdup(text);
    char **w = NULL;
    size_t n = split_words(line, &w);
    if (n == 0 || w[0][0] == '#') {
        free(w);
        free(line);
        return;
    }
    if (strcmp(w[0], "counter") == 0) {
        char *end = NULL;
        long v = n == 3 ? strtol(w[2], &end, 10) : -1;
        if (n == 3 && end && !*end && v >= 0) {
            struct sim_record *r = sim_state_add(st, "counter");
            r->op = sim_xstrdup(w[1]);
            r->count = v;
        }
        /* a malformed counter line is dropped: counting restarts */
    } else if (strcmp(w[0], "binding") == 0 || strcmp(w[0], "cert") == 0 || strcmp(w[0], "site") == 0 ||
               strcmp(w[0], "sitebinding") == 0 || strcmp(w[0], "certrequest") == 0 || strcmp(w[0], "task") == 0) {
        struct sim_record *r = sim_state_add(st, w[0]);
        for (size_t i = 1; i < n; i++) {
            char *eq = strchr(w[i], '=');
            if (!eq || eq == w[i])
                continue; /* not name=value: ignored */
            *eq = 0;
            char *value = sim_decode(eq + 1);
            sim_rec_set(r, w[i], value);
            free(value);
        }
    } else {
        struct sim_record *r = sim_state_add(st, w[0]);
        size_t len = strlen(text);
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
        r->raw = sim_xstrndup(text, len);
    }
    free(w);
    free(line);
}

int sim_state_load(const char *path, struct sim_state *st)
{
    memset(st, 0, sizeof *st);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "simulator: cannot read state file %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct sim_buf all = {0};
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sim_buf_addn(&all, chunk, got);
    int err = ferror(f);
    fclose(f);
    if (err) {
        sim_buf_free(&all);
        fprintf(stderr, "simulator: cannot read state file %s\n", path);
        return -1;
    }
    size_t start = 0;
    for (size_t i = 0; i <= all.len; i++) {
        if (i == all.len || all.data[i] == '\n') {
            if (i > start) {
                char *line = sim_xstrndup(all.data + start, i - start);
                /* NUL bytes inside a line end it (the file is text) */
                parse_line(st, line);
                free(line);
            }
            start = i + 1;
        }
    }
    sim_buf_free(&all);
    return 0;
}

static void format_record(struct sim_buf *b, const struct sim_record *r)
{
    if (r->op) {
        sim_buf_printf(b, "counter %s %ld\n", r->op, r->count);
        return;
    }
    if (r->raw) {
        sim_buf_add(b, r->raw);
        sim_buf_add(b, "\n");
        return;
    }
    sim_buf_add(b, r->type);
    for (size_t i = 0; i < r->nfields; i++) {
        char *v = sim_encode(r->fields[i].value);
        sim_buf_printf(b, " %s=%s", r->fields[i].name, v);
        free(v);
    }
    sim_buf_add(b, "\n");
}

/* ---------------------------------------------------------------- files of the simulated CA */

int sim_pemfile_write(const char *path, const char *label, const struct sim_record *r)
{
    FILE *probe = fopen(path, "rb");
    if (probe) {
        fclose(probe);
        return -2;
    }
    struct sim_buf line = {0}, b = {0};
    sim_buf_add(&line, "");
    format_record(&line, r);
    sim_buf_printf(&b, "-----BEGIN %s-----\r\n", label);
    for (size_t i = 0; i < line.len; i++) {
        sim_buf_printf(&b, "%02X", (unsigned char)line.data[i]);
        if (i % 32 == 31 || i + 1 == line.len)
            sim_buf_add(&b, "\r\n");
    }
    sim_buf_printf(&b, "-----END %s-----\r\n", label);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
        ok = 0;
    sim_buf_free(&line);
    sim_buf_free(&b);
    return ok ? 0 : -1;
}

int sim_pemfile_read(const char *path, const char *label, struct sim_record **out, struct sim_state *holder)
{
    memset(holder, 0, sizeof *holder);
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct sim_buf all = {0};
    char chunk[4096];
    size_t got;
    sim_buf_add(&all, "");
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && all.len < (1u << 20))
        sim_buf_addn(&all, chunk, got);
    fclose(f);
    struct sim_buf begin = {0}, end = {0}, text = {0};
    sim_buf_printf(&begin, "-----BEGIN %s-----", label);
    sim_buf_printf(&end, "-----END %s-----", label);
    const char *a = strstr(all.data, begin.data), *z = a ? strstr(a, end.data) : NULL;
    int rc = -2;
    if (a && z) {
        sim_buf_add(&text, "");
        int hi = -1, ok = 1;
        for (const char *p = a + begin.len; p < z && ok; p++) {
            if (*p == '\r' || *p == '\n')
                continue;
            int v = hexval((unsigned char)*p);
            if (v < 0)
                ok = 0;
            else if (hi < 0)
                hi = v;
            else {
                char c = (char)(hi * 16 + v);
                sim_buf_addn(&text, &c, 1);
                hi = -1;
            }
        }
        if (ok && hi < 0 && text.len && !memchr(text.data, 0, text.len)) {
            parse_line(holder, text.data);
            if (holder->count == 1 && holder->recs[0].fields) {
                *out = &holder->recs[0];
                rc = 0;
            }
        }
    }
    sim_buf_free(&all);
    sim_buf_free(&begin);
    sim_buf_free(&end);
    sim_buf_free(&text);
    return rc;
}

#ifdef _WIN32
static unsigned long current_pid(void) { return (unsigned long)GetCurrentProcessId(); }
#else
static unsigned long current_pid(void) { return (unsigned long)getpid(); }
#endif

int sim_state_save(const char *path, const struct sim_state *st)
{
    struct sim_buf b = {0};
    sim_buf_add(&b, "");
    for (size_t i = 0; i < st->count; i++)
        format_record(&b, &st->recs[i]);
    struct sim_buf tmp = {0};
    sim_buf_printf(&tmp, "%s.tmp.%lu", path, current_pid());
    FILE *f = fopen(tmp.data, "wb");
    int ok = f != NULL;
    if (ok && b.len)
        ok = fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
        ok = 0;
#ifdef _WIN32
    if (ok)
        ok = MoveFileExA(tmp.data, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) != 0;
#else
    if (ok)
        ok = rename(tmp.data, path) == 0;
#endif
    if (!ok) {
        fprintf(stderr, "simulator: cannot write state file %s: %s\n", path, strerror(errno));
        remove(tmp.data);
    }
    sim_buf_free(&tmp);
    sim_buf_free(&b);
    return ok ? 0 : -1;
}

long sim_counter_bump(struct sim_state *st, const char *op)
{
    for (size_t i = 0; i < st->count; i++)
        if (st->recs[i].op && strcmp(st->recs[i].op, op) == 0)
            return ++st->recs[i].count;
    struct sim_record *r = sim_state_add(st, "counter");
    r->op = sim_xstrdup(op);
    r->count = 1;
    return 1;
}

/* ---------------------------------------------------------------- configuration */

int sim_fault_match(const char *env, const char *op, long n)
{
    const char *v = getenv(env);
    if (!v || !*v)
        return 0;
    char *copy = sim_xstrdup(v);
    int hit = 0;
    for (char *item = copy; item && *item && !hit;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = 0;
        while (*item == ' ')
            item++;
        char *colon = strchr(item, ':');
        if (colon) {
            *colon = 0;
            char *end = NULL;
            long want = strtol(colon + 1, &end, 10);
            if (end && end != colon + 1 && (*end == 0 || *end == ' ') && want == n && sim_casecmp(item, op) == 0)
                hit = 1;
        }
        item = comma ? comma + 1 : NULL;
    }
    free(copy);
    return hit;
}

int sim_env_flag(const char *env)
{
    const char *v = getenv(env);
    return v && *v && strcmp(v, "0") != 0;
}

int sim_fail_code(void)
{
    const char *v = getenv("CERTREBIND_SIM_FAIL_CODE");
    if (!v || !*v)
        return 1312;
    char *end = NULL;
    long c = strtol(v, &end, 10);
    if (!end || *end || c <= 0 || c > 0xFFFF)
        sim_die("CERTREBIND_SIM_FAIL_CODE=%s is not a Win32 error number", v);
    return (int)c;
}

static const struct {
    int code;
    const char *symbol;
    const char *message;
} win32_errors[] = {
    {2, "ERROR_FILE_NOT_FOUND", "The system cannot find the file specified."},
    {5, "ERROR_ACCESS_DENIED", "Access is denied."},
    {87, "ERROR_INVALID_PARAMETER", "The parameter is incorrect."},
    {183, "ERROR_ALREADY_EXISTS", "Cannot create a file when that file already exists."},
    {1312, "ERROR_NO_SUCH_LOGON_SESSION", "A specified logon session does not exist. It may already have been terminated."},
    {1168, "ERROR_NOT_FOUND", "Element not found."},
    {8, "ERROR_NOT_ENOUGH_MEMORY", "Not enough memory resources are available to process this command."},
    {32, "ERROR_SHARING_VIOLATION", "The process cannot access the file because it is being used by another process."},
};

const char *sim_win32_message(int code)
{
    for (size_t i = 0; i < sizeof win32_errors / sizeof win32_errors[0]; i++)
        if (win32_errors[i].code == code)
            return win32_errors[i].message;
    return "The operation failed.";
}

const char *sim_win32_symbol(int code)
{
    for (size_t i = 0; i < sizeof win32_errors / sizeof win32_errors[0]; i++)
        if (win32_errors[i].code == code)
            return win32_errors[i].symbol;
    return "ERROR_GEN_FAILURE";
}

/* ---------------------------------------------------------------- process, clock, log */

double sim_monotonic_ms(void)
{
#ifdef _WIN32
    LARGE_INTEGER freq, now;
    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart * 1000.0 / (double)freq.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
#endif
}

void sim_sleep_seconds(unsigned seconds)
{
#ifdef _WIN32
    Sleep((DWORD)seconds * 1000u);
#else
    struct timespec left = {(time_t)seconds, 0}, rem;
    while (nanosleep(&left, &rem) != 0 && errno == EINTR)
        left = rem;
#endif
}

int sim_kill_parent(void)
{
#ifdef _WIN32
    DWORD self = GetCurrentProcessId(), parent = 0;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE)
        return -1;
    PROCESSENTRY32 pe;
    pe.dwSize = sizeof pe;
    if (Process32First(snap, &pe)) {
        do {
            if (pe.th32ProcessID == self) {
                parent = pe.th32ParentProcessID;
                break;
            }
        } while (Process32Next(snap, &pe));
    }
    CloseHandle(snap);
    if (!parent)
        return -1;
    HANDLE h = OpenProcess(PROCESS_TERMINATE, FALSE, parent);
    if (!h)
        return -1;
    BOOL ok = TerminateProcess(h, 1);
    CloseHandle(h);
    return ok ? 0 : -1;
#else
    pid_t parent = getppid();
    if (parent <= 1)
        return -1;
    return kill(parent, SIGKILL);
#endif
}

/* Whether another process holds certrebind's machine-wide lock (CERTREBIND_SIM_LOCK): "locked"
 * or "unlocked". Windows: the mutex Global\certrebind (taken and given back at once when free);
 * elsewhere: an fcntl write lock on the file. */
static const char *sim_lock_state(const char *lock_file)
{
#ifdef _WIN32
    (void)lock_file;
    HANDLE m = OpenMutexW(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, L"Global\\certrebind");
    if (!m)
        return "unlocked";
    DWORD w = WaitForSingleObject(m, 0);
    if (w == WAIT_OBJECT_0 || w == WAIT_ABANDONED)
        ReleaseMutex(m);
    CloseHandle(m);
    return w == WAIT_TIMEOUT ? "locked" : "unlocked";
#else
    int fd = open(lock_file, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return "unlocked";
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    int held = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return held ? "locked" : "unlocked";
#endif
}

void sim_log(const char *op, const char *key, const char *result)
{
    const char *path = getenv("CERTREBIND_SIM_LOG");
    if (!path || !*path)
        return;
    char *k = sim_encode(key && *key ? key : "-");
    char *o = sim_encode(op && *op ? op : "-");
    struct sim_buf line = {0};
    const char *lock = getenv("CERTREBIND_SIM_LOCK");
    if (lock && *lock)
        sim_buf_printf(&line, "%.3f %s %s %s %s\n", sim_monotonic_ms(), o, k, result, sim_lock_state(lock));
    else
        sim_buf_printf(&line, "%.3f %s %s %s\n", sim_monotonic_ms(), o, k, result);
    free(k);
    free(o);
    /* one write of one short line in append mode: lines from several processes do not mix */
    FILE *f = fopen(path, "ab");
    if (f) {
        fwrite(line.data, 1, line.len, f);
        fclose(f);
    }
    sim_buf_free(&line);
}

/* ---------------------------------------------------------------- output */

/* Unicode of bytes 0x80..0xFF (generated from Python's cp437/cp850 codecs). */
static const unsigned short cp437_high[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
    0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
    0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

static const unsigned short cp850_high[128] = {
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1, 0x00c2, 0x00c0,
    0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4,
    0x00f0, 0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce,
    0x00cf, 0x2518, 0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580,
    0x00d3, 0x00df, 0x00d4, 0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe,
    0x00de, 0x00da, 0x00db, 0x00d9, 0x00fd, 0x00dd, 0x00af, 0x00b4,
    0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6, 0x00a7, 0x00f7, 0x00b8,
    0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2, 0x25a0, 0x00a0,
};

void sim_output_init(void)
{
#ifdef _WIN32
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
#endif
}

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length; *cp = U+FFFD if invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return len;
}

void sim_output_write(const char *utf8, size_t len)
{
    const char *cpname = getenv("CERTREBIND_SIM_CODEPAGE");
    long cp = cpname && *cpname ? strtol(cpname, NULL, 10) : 437;
    if (cp == 65001) {
        fwrite(utf8, 1, len, stdout);
        fflush(stdout);
        return;
    }
    const unsigned short *high = cp == 850 ? cp850_high : cp437_high;
    unsigned char *out = sim_xmalloc(len + 1);
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)utf8;
    for (size_t i = 0; i < len;) {
        unsigned long u;
        i += utf8_next(s + i, len - i, &u);
        if (u < 0x80) {
            out[o++] = (unsigned char)u;
            continue;
        }
        unsigned char byte = '?';
        for (int k = 0; k < 128; k++)
            if (high[k] == u) {
                byte = (unsigned char)(0x80 + k);
                break;
            }
        out[o++] = byte;
    }
    fwrite(out, 1, o, stdout);
    fflush(stdout);
    free(out);
}
