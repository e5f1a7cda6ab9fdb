/* Windows side of platform.h: CreateProcessW with pipes drained by two reader threads, a
 * timeout with TerminateProcess, files through CreateFileW, UTF-8 <-> UTF-16 at this boundary,
 * \\?\ for long paths. Same return conventions and messages as platform_posix.c. */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* Windows 7 / Server 2008 R2: GetLocaleInfoEx, handle lists */
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <aclapi.h>
#include <stdint.h>
#include <sddl.h>
#include <stdint.h>
#include <wincrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "platform.h"

#include "ascii.h"
#include "arena.h"
#include "strbuf.h"

/* ------------------------------------------------------------------ strings */

static char *errorf(const char *fmt, const char *a, const char *b)
{
    char buf[1024];
    snprintf(buf, sizeof buf, fmt, a, b);
    return xstrdup(buf);
}

/* UTF-8 -> UTF-16 (invalid bytes become U+FFFD). Caller frees. */
static wchar_t *utf8_to_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0) {
        wchar_t *w = xmalloc(sizeof *w);
        w[0] = 0;
        return w;
    }
    wchar_t *w = xmalloc((size_t)n * sizeof *w);
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

/* UTF-16 (len units, or -1 for NUL-terminated) -> UTF-8 (lone surrogates become U+FFFD). */
static char *wide_to_utf8_n(const wchar_t *w, int len)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, len, NULL, 0, NULL, NULL);
    if (n <= 0)
        return xstrdup("");
    char *s = xmalloc((size_t)n + 1);
    WideCharToMultiByte(CP_UTF8, 0, w, len, s, n, NULL, NULL);
    s[n] = '\0';
    return s;
}

static char *wide_to_utf8(const wchar_t *w) { return wide_to_utf8_n(w, -1); }

/* The system's message for a Win32 error, in UTF-8, without the trailing period and CRLF. */
static char *win_error_text(DWORD code)
{
    wchar_t *msg = NULL;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                 FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, code, 0, (LPWSTR)&msg, 0, NULL);
    char text[1100];
    if (n == 0 || !msg) {
        snprintf(text, sizeof text, "error %lu", (unsigned long)code);
    } else {
        while (n > 0 && (msg[n - 1] == L'\r' || msg[n - 1] == L'\n' || msg[n - 1] == L' ' || msg[n - 1] == L'.'))
            msg[--n] = 0;
        char *u = wide_to_utf8(msg);
        snprintf(text, sizeof text, "%.1000s (error %lu)", u, (unsigned long)code);
        free(u);
    }
    if (msg)
        LocalFree(msg);
    return xstrdup(text);
}

static char *win_errorf(const char *fmt, const char *what, DWORD code)
{
    char *t = win_error_text(code);
    char *e = errorf(fmt, what, t);
    free(t);
    return e;
}

/* ------------------------------------------------------------------ paths */

static int is_sep(wchar_t c) { return c == L'\\' || c == L'/'; }

/* A path for the wide file APIs. Paths whose full form would reach MAX_PATH (CreateDirectoryW's
 * limit is MAX_PATH - 12) are made absolute and given the \\?\ (or \\?\UNC\) prefix, which lifts
 * the limit; shorter paths are passed as given. Caller frees. */
static wchar_t *win_path(const char *utf8)
{
    wchar_t *w = utf8_to_wide(utf8);
    if (wcsncmp(w, L"\\\\?\\", 4) == 0 || wcsncmp(w, L"\\\\.\\", 4) == 0)
        return w;
    DWORD need = GetFullPathNameW(w, 0, NULL, NULL);
    if (need == 0 || need < MAX_PATH - 12)
        return w;
    wchar_t *full = xmalloc(((size_t)need + 8) * sizeof *full);
    DWORD got = GetFullPathNameW(w, need, full + 8, NULL);
    if (got == 0 || got >= need) {
        free(full);
        return w;
    }
    free(w);
    wchar_t *p = full + 8;
    wchar_t *start;
    if (is_sep(p[0]) && is_sep(p[1])) { /* \\server\share\... -> \\?\UNC\server\share\... */
        start = p + 2 - 8;
        memcpy(start, L"\\\\?\\UNC\\", 8 * sizeof(wchar_t));
    } else { /* C:\... -> \\?\C:\... */
        start = p - 4;
        memcpy(start, L"\\\\?\\", 4 * sizeof(wchar_t));
    }
    for (wchar_t *c = start + 4; *c; c++) /* \\?\ paths take no forward slashes */
        if (*c == L'/')
            *c = L'\\';
    memmove(full, start, (wcslen(start) + 1) * sizeof *full);
    return full;
}

/* ------------------------------------------------------------------ clock */

double monotonic_ms(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER now;
    if (freq.QuadPart == 0)
        QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart * 1000.0 / (double)freq.QuadPart;
}

void sleep_milliseconds(long ms) { Sleep(ms > 0 ? (DWORD)ms : 0); }

time_t now_utc(void) { return time(NULL); }

/* ------------------------------------------------------------------ processes */

/* Appends arg to cmd quoted so that CommandLineToArgvW (and the C runtime) give it back
 * unchanged: no quotes when it has no space, tab, newline or quote and is not empty; otherwise
 * in quotes, with backslashes doubled before a quote or the closing quote, and quotes escaped. */
static void quote_arg(struct strbuf *cmd, const char *arg)
{
    if (*arg && !strpbrk(arg, " \t\n\v\"")) {
        sb_adds(cmd, arg);
        return;
    }
    sb_addc(cmd, '"');
    for (const char *p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == '\\') {
            backslashes++;
            p++;
        }
        if (*p == '\0') {
            for (size_t i = 0; i < backslashes * 2; i++)
                sb_addc(cmd, '\\');
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < backslashes * 2 + 1; i++)
                sb_addc(cmd, '\\');
        } else {
            for (size_t i = 0; i < backslashes; i++)
                sb_addc(cmd, '\\');
        }
        sb_addc(cmd, *p);
    }
    sb_addc(cmd, '"');
}

/* The program name is parsed by other rules (up to the next space, or between quotes, with no
 * escapes): quote it when it has spaces or tabs, and refuse quotes (no Windows path has one). */
static int quote_program(struct strbuf *cmd, const char *prog)
{
    if (strchr(prog, '"'))
        return -1;
    if (*prog && !strpbrk(prog, " \t")) {
        sb_adds(cmd, prog);
        return 0;
    }
    sb_addc(cmd, '"');
    sb_adds(cmd, prog);
    sb_addc(cmd, '"');
    return 0;
}

struct pipe_reader {
    HANDLE pipe;
    struct strbuf buf;
    HANDLE thread;
    size_t max;   /* bytes kept at most; the rest is read and dropped */
    int overflow; /* something was dropped */
};

static unsigned __stdcall reader_main(void *arg)
{
    struct pipe_reader *rd = arg;
    char chunk[65536];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(rd->pipe, chunk, sizeof chunk, &got, NULL) || got == 0)
            break; /* ERROR_BROKEN_PIPE: the child (and every holder of the write end) is gone */
        if (got <= rd->max - rd->buf.len)
            sb_add(&rd->buf, chunk, got);
        else
            rd->overflow = 1;
    }
    return 0;
}

/* The executable to start: the path as given, or with ".exe" added when the given name does not
 * exist and has no extension (CreateProcessW with an application name adds nothing itself). */
static wchar_t *resolve_program(const char *prog)
{
    wchar_t *w = win_path(prog);
    if (GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES)
        return w;
    const wchar_t *base = w;
    for (const wchar_t *c = w; *c; c++)
        if (is_sep(*c) || *c == L':')
            base = c + 1;
    if (wcschr(base, L'.'))
        return w;
    size_t n = wcslen(w);
    wchar_t *e = xmalloc((n + 5) * sizeof *e);
    memcpy(e, w, n * sizeof *e);
    memcpy(e + n, L".exe", 5 * sizeof *e);
    if (GetFileAttributesW(e) != INVALID_FILE_ATTRIBUTES) {
        free(w);
        return e;
    }
    free(e);
    return w;
}

static void close_handle(HANDLE *h)
{
    if (*h && *h != INVALID_HANDLE_VALUE)
        CloseHandle(*h);
    *h = NULL;
}

/* Waits for a reader thread until the deadline; a thread still blocked then (a grandchild holds
 * the pipe open) has its read cancelled. Returns 1 when it finished in time, 0 when it was
 * cancelled, -1 when it could not be stopped (then it is left running with its buffer). */
static int join_reader(struct pipe_reader *rd, double deadline)
{
    double left = deadline - monotonic_ms();
    DWORD wait = left > 0 ? (DWORD)left + 1 : 0;
    if (WaitForSingleObject(rd->thread, wait) == WAIT_OBJECT_0)
        return 1;
    CancelSynchronousIo(rd->thread);
    return WaitForSingleObject(rd->thread, 5000) == WAIT_OBJECT_0 ? 0 : -1;
}

/* Errors after which CreateProcessW may well succeed a moment later: no process was created. */
static int is_transient_start_error(DWORD code)
{
    return code == ERROR_INTERNAL_ERROR || code == ERROR_NOT_ENOUGH_MEMORY || code == ERROR_OUTOFMEMORY ||
           code == ERROR_NO_SYSTEM_RESOURCES || code == ERROR_COMMITMENT_LIMIT;
}

int run_program(const char *const argv[], int timeout_ms, struct run_result *r)
{
    return run_program_limited(argv, timeout_ms, SIZE_MAX, r);
}

/* The command line of argv, for CreateProcessW; NULL with r->error set when it cannot be one. */
static wchar_t *command_line(const char *const argv[], struct run_result *r)
{
    struct strbuf cmd;
    sb_init(&cmd);
    if (quote_program(&cmd, argv[0]) != 0) {
        sb_free(&cmd);
        r->error = errorf("cannot run %s: %s", argv[0], "a program path cannot contain a quote");
        return NULL;
    }
    for (int i = 1; argv[i]; i++) {
        sb_addc(&cmd, ' ');
        quote_arg(&cmd, argv[i]);
    }
    wchar_t *wcmd = utf8_to_wide(cmd.data);
    sb_free(&cmd);
    if (wcslen(wcmd) >= 32767) {
        free(wcmd);
        r->error = errorf("cannot run %s: %s", argv[0], "the command line is longer than 32767 characters");
        return NULL;
    }
    return wcmd;
}

/* The child's standard handles: input from NUL, output and errors to pipes we read. */
struct child_stdio {
    HANDLE out_rd, out_wr, err_rd, err_wr, null_in;
};

/* Opens io (only the child's ends inheritable); -1 with r->error set (close io still). */
static int child_stdio_open(struct child_stdio *io, struct run_result *r)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    memset(io, 0, sizeof *io);
    io->null_in = INVALID_HANDLE_VALUE;
    if (!CreatePipe(&io->out_rd, &io->out_wr, &sa, 0) || !CreatePipe(&io->err_rd, &io->err_wr, &sa, 0)) {
        r->error = win_errorf("cannot create a pipe: %s%s", "", GetLastError());
        return -1;
    }
    SetHandleInformation(io->out_rd, HANDLE_FLAG_INHERIT, 0);
    SetHandleInformation(io->err_rd, HANDLE_FLAG_INHERIT, 0);
    io->null_in = CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, OPEN_EXISTING, 0, NULL);
    if (io->null_in == INVALID_HANDLE_VALUE) {
        r->error = win_errorf("cannot open %s: %s", "NUL", GetLastError());
        return -1;
    }
    return 0;
}

/* Our copies of the child's ends must go once it started, or the reads never see the end of
 * the pipes. */
static void child_stdio_close_child_ends(struct child_stdio *io)
{
    close_handle(&io->out_wr);
    close_handle(&io->err_wr);
    close_handle(&io->null_in);
}

static void child_stdio_close(struct child_stdio *io)
{
    child_stdio_close_child_ends(io);
    close_handle(&io->out_rd);
    close_handle(&io->err_rd);
}

/* Starts the child with io as its standard handles, inheriting exactly those three (so that a
 * pipe of ours never leaks into another child, which would keep it open and stall our reads).
 * Returns nonzero when it started (pi filled), else 0 with the error in *code. */
static int spawn_with_handle_list(wchar_t *app, wchar_t *wcmd, const struct child_stdio *io,
                                  PROCESS_INFORMATION *pi, DWORD *code)
{
    STARTUPINFOEXW si;
    memset(&si, 0, sizeof si);
    si.StartupInfo.cb = sizeof si.StartupInfo;
    si.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    si.StartupInfo.hStdInput = io->null_in;
    si.StartupInfo.hStdOutput = io->out_wr;
    si.StartupInfo.hStdError = io->err_wr;
    HANDLE inherit[3] = {io->null_in, io->out_wr, io->err_wr};
    SIZE_T attr_size = 0;
    LPPROC_THREAD_ATTRIBUTE_LIST attrs = NULL;
    /* CREATE_NO_WINDOW: the tool gets a console of its own, without a window. Not ours: we set
     * ours to UTF-8, and console tools encode redirected output in their console's output code
     * page (GetConsoleOutputCP); a fresh console has the OEM code page, which is what the
     * parsers expect from a live run. Not DETACHED_PROCESS: without a console that code page is
     * 0 and tools fall back to other encodings. (Under Wine the extra console costs ~80 ms per
     * run; on Windows a few ms.) */
    DWORD flags = CREATE_UNICODE_ENVIRONMENT | CREATE_NO_WINDOW;
    InitializeProcThreadAttributeList(NULL, 1, 0, &attr_size);
    if (attr_size > 0) {
        attrs = xmalloc(attr_size);
        if (InitializeProcThreadAttributeList(attrs, 1, 0, &attr_size) &&
            UpdateProcThreadAttribute(attrs, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherit, sizeof inherit, NULL,
                                      NULL)) {
            si.StartupInfo.cb = sizeof si;
            si.lpAttributeList = attrs;
            flags |= EXTENDED_STARTUPINFO_PRESENT;
        } else {
            free(attrs);
            attrs = NULL;
        }
    }
    memset(pi, 0, sizeof *pi);
    BOOL ok = FALSE;
    /* A start refused for want of resources ran nothing, so trying again is safe (seen as error
     * 1359 under Wine on a loaded machine, in the middle of a rollback). */
    for (int attempt = 0; attempt < 3; attempt++) {
        ok = CreateProcessW(app, wcmd, NULL, NULL, TRUE, flags, NULL, NULL, &si.StartupInfo, pi);
        *code = ok ? 0 : GetLastError();
        if (ok || !is_transient_start_error(*code))
            break;
        Sleep(attempt == 0 ? 100 : 400);
    }
    if (attrs) {
        DeleteProcThreadAttributeList(attrs);
        free(attrs);
    }
    return ok != FALSE;
}

/* A reader thread per pipe, taking the pipes over. On the heap: a reader that cannot be stopped
 * is abandoned with its buffer, never freed under a live thread. */
static void start_readers(struct pipe_reader *readers[2], HANDLE pipes[2], size_t max_out)
{
    for (int i = 0; i < 2; i++) {
        readers[i] = xcalloc(1, sizeof *readers[i]);
        readers[i]->pipe = pipes[i];
        readers[i]->max = max_out;
        readers[i]->thread = (HANDLE)_beginthreadex(NULL, 0, reader_main, readers[i], 0, NULL);
    }
}

/* What a reader read, once it finished (by the deadline, or 2 s after a kill); output that
 * never ended marks r timed out, as on POSIX. */
static struct strbuf finish_reader(struct pipe_reader *rd, double deadline, struct run_result *r, int is_stdout)
{
    struct strbuf buf;
    int joined = 1;
    if (rd->thread) {
        /* after a kill the pipes close at once, unless a grandchild holds them */
        joined = join_reader(rd, r->timed_out ? monotonic_ms() + 2000 : deadline);
        if (joined != 1)
            r->timed_out = 1;
    } else {
        reader_main(rd); /* no thread: read what the exited child left in the pipe */
    }
    if (joined < 0) {
        sb_init(&buf); /* abandoned (cannot happen with a cancellable read) */
        return buf;
    }
    if (rd->thread)
        CloseHandle(rd->thread);
    CloseHandle(rd->pipe);
    buf = rd->buf;
    if (is_stdout)
        r->out_overflow = rd->overflow;
    free(rd);
    return buf;
}

/* The child's exit status into r; an NTSTATUS exit (a crash, a kill) is an error too. */
static void read_exit_status(HANDLE process, const char *prog, struct run_result *r)
{
    DWORD status = 0;
    if (r->timed_out) {
        r->error = errorf("%s did not finish within the time limit and was stopped%s", prog, "");
    } else if (GetExitCodeProcess(process, &status)) {
        r->exit_code = (int)status;
        if (status >= 0xC0000000UL && status != 0xFFFFFFFFUL) {
            char hex[32];
            snprintf(hex, sizeof hex, " (0x%08lX)", (unsigned long)status);
            r->error = errorf("%s was terminated by an exception%s", prog, hex);
        }
    }
}

/* Reads the started child's output until it exits or the time limit (then it is stopped), and
 * fills r; takes over process and the pipes. */
static void collect(HANDLE process, HANDLE pipes[2], int timeout_ms, size_t max_out, const char *prog,
                    struct run_result *r)
{
    struct pipe_reader *readers[2];
    start_readers(readers, pipes, max_out);
    double deadline = monotonic_ms() + (timeout_ms > 0 ? timeout_ms : 60000);
    double left = deadline - monotonic_ms();
    if (WaitForSingleObject(process, left > 0 ? (DWORD)left + 1 : 0) != WAIT_OBJECT_0) {
        r->timed_out = 1;
        TerminateProcess(process, 1);
        WaitForSingleObject(process, 10000);
    }
    struct strbuf bufs[2];
    for (int i = 0; i < 2; i++)
        bufs[i] = finish_reader(readers[i], deadline, r, i == 0);
    read_exit_status(process, prog, r);
    CloseHandle(process);
    for (int i = 0; i < 2; i++)
        if (!bufs[i].data)
            sb_add(&bufs[i], "", 0);
    r->out = (unsigned char *)sb_detach(&bufs[0], &r->out_len);
    r->err = (unsigned char *)sb_detach(&bufs[1], &r->err_len);
}

int run_program_limited(const char *const argv[], int timeout_ms, size_t max_out, struct run_result *r)
{
    memset(r, 0, sizeof *r);
    if (!argv || !argv[0]) {
        r->error = xstrdup("no program to run");
        return -1;
    }
    wchar_t *wcmd = command_line(argv, r);
    if (!wcmd)
        return -1;
    wchar_t *app = resolve_program(argv[0]);
    struct child_stdio io;
    PROCESS_INFORMATION pi;
    int started = 0;
    if (child_stdio_open(&io, r) == 0) {
        DWORD code = 0;
        started = spawn_with_handle_list(app, wcmd, &io, &pi, &code);
        child_stdio_close_child_ends(&io);
        if (!started)
            r->error = win_errorf("cannot run %s: %s", argv[0], code);
    }
    free(app);
    free(wcmd);
    if (!started) {
        child_stdio_close(&io);
        return -1;
    }
    CloseHandle(pi.hThread);
    r->started = 1;
    HANDLE pipes[2] = {io.out_rd, io.err_rd};
    collect(pi.hProcess, pipes, timeout_ms, max_out, argv[0], r);
    return r->timed_out ? -1 : 0;
}

char *system_tool_path(const char *relative)
{
    wchar_t dir[MAX_PATH + 1];
    UINT n = GetSystemDirectoryW(dir, MAX_PATH + 1);
    if (n == 0 || n > MAX_PATH)
        return NULL;
    char *d = wide_to_utf8(dir);
    char *rel = xstrdup(relative);
    for (char *c = rel; *c; c++)
        if (*c == '/')
            *c = '\\';
    char *p = path_join(d, rel);
    free(d);
    free(rel);
    return p;
}

/* ------------------------------------------------------------------ files */

static int read_stdin_bytes(size_t max, unsigned char **data, size_t *len, char **error)
{
    _setmode(_fileno(stdin), _O_BINARY);
    struct strbuf sb;
    sb_init(&sb);
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        sb_add(&sb, chunk, got);
        if (sb.len > max) {
            sb_free(&sb);
            return 1;
        }
    }
    if (ferror(stdin)) {
        sb_free(&sb);
        *error = errorf("cannot read %s%s", "standard input", "");
        return -1;
    }
    if (!sb.data)
        sb_add(&sb, "", 0);
    *data = (unsigned char *)sb_detach(&sb, len);
    return 0;
}

int read_file_bytes(const char *path, unsigned char **data, size_t *len, char **error)
{
    return read_file_limited(path, SIZE_MAX, data, len, error);
}

int read_file_limited(const char *path, size_t max, unsigned char **data, size_t *len, char **error)
{
    *data = NULL;
    *len = 0;
    if (strcmp(path, "-") == 0)
        return read_stdin_bytes(max, data, len, error);
    wchar_t *w = win_path(path);
    DWORD attr = GetFileAttributesW(w);
    if (attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY)) {
        free(w);
        *error = errorf("%s is a directory%s", path, "");
        return -1;
    }
    HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        *error = win_errorf("cannot open %s: %s", path, GetLastError());
        return -1;
    }
    struct strbuf sb;
    sb_init(&sb);
    LARGE_INTEGER size;
    int sized = GetFileSizeEx(h, &size) != 0;
    if (sized && (unsigned long long)size.QuadPart > max) {
        CloseHandle(h);
        return 1;
    }
    if (sized && size.QuadPart > 0 && (unsigned long long)size.QuadPart < (size_t)-1 / 2)
        sb_reserve(&sb, (size_t)size.QuadPart + 1);
    for (;;) {
        if (sb.cap - sb.len < 2)
            sb_reserve(&sb, 1 << 16);
        size_t room = sb.cap - sb.len - 1;
        DWORD want = room > (1u << 30) ? (1u << 30) : (DWORD)room;
        DWORD got = 0;
        if (!ReadFile(h, sb.data + sb.len, want, &got, NULL)) {
            DWORD code = GetLastError();
            if (code == ERROR_BROKEN_PIPE || code == ERROR_HANDLE_EOF)
                break;
            *error = win_errorf("cannot read %s: %s", path, code);
            sb_free(&sb);
            CloseHandle(h);
            return -1;
        }
        if (got == 0)
            break;
        sb.len += got;
        if (sb.len > max) { /* a pipe, or a file that grew */
            sb_free(&sb);
            CloseHandle(h);
            return 1;
        }
    }
    CloseHandle(h);
    if (!sb.data)
        sb_add(&sb, "", 0);
    sb.data[sb.len] = '\0';
    *data = (unsigned char *)sb_detach(&sb, len);
    return 0;
}

static int write_all(HANDLE h, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len, w = 0;
        if (!WriteFile(h, p, chunk, &w, NULL) || w == 0)
            return -1;
        p += w;
        len -= w;
    }
    return 0;
}

int write_file_durable(const char *path, const void *data, size_t len, char **error)
{
    wchar_t *w = win_path(path);
    /* CREATE_NEW: like O_EXCL, never replaces an existing file */
    HANDLE h = CreateFileW(w, GENERIC_WRITE | DELETE, FILE_SHARE_READ, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD code = GetLastError();
        free(w);
        *error = win_errorf("cannot create %s: %s", path, code);
        return code == ERROR_FILE_EXISTS || code == ERROR_ALREADY_EXISTS ? WRITE_EXISTS : -1;
    }
    DWORD code = 0;
    if (write_all(h, data, len) != 0 || !FlushFileBuffers(h))
        code = GetLastError();
    if (!CloseHandle(h) && !code)
        code = GetLastError();
    if (code) {
        DeleteFileW(w); /* ours (CREATE_NEW): a full disk must not leave an empty or partial file */
        free(w);
        *error = win_errorf("cannot write %s: %s", path, code);
        return -1;
    }
    free(w);
    return 0;
}

int append_line_durable(const char *path, const char *line, char **error)
{
    wchar_t *w = win_path(path);
    /* FILE_FLAG_OPEN_REPARSE_POINT: a symbolic link or junction is opened itself, not followed */
    HANDLE h = CreateFileW(w, FILE_APPEND_DATA, FILE_SHARE_READ, NULL, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        *error = win_errorf("cannot open %s: %s", path, GetLastError());
        return -1;
    }
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(h, &info) || GetFileType(h) != FILE_TYPE_DISK ||
        (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) || info.nNumberOfLinks != 1) {
        *error = errorf("%s is not a plain file of its own (a symbolic link, junction, device, folder or hard link): "
                        "refusing to write to it%s",
                        path, "");
        CloseHandle(h);
        return -1;
    }
    if (write_all(h, line, strlen(line)) != 0 || write_all(h, "\n", 1) != 0 || !FlushFileBuffers(h)) {
        *error = win_errorf("cannot write %s: %s", path, GetLastError());
        CloseHandle(h);
        return -1;
    }
    CloseHandle(h);
    return 0;
}

/* New directories get an explicit protected DACL: full control for SYSTEM and Administrators
 * only, inherited by what is created inside (backups must not be writable by other users).
 * NULL (inherit) when the descriptor cannot be built. */
static PSECURITY_DESCRIPTOR private_dir_sd(void)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)",
                                                              SDDL_REVISION_1, &sd, NULL))
        return NULL;
    return sd;
}

static int create_dir(const wchar_t *w, PSECURITY_DESCRIPTOR sd, DWORD *code)
{
    DWORD attr = GetFileAttributesW(w);
    if (attr != INVALID_FILE_ATTRIBUTES) {
        if (attr & FILE_ATTRIBUTE_DIRECTORY)
            return 0;
        *code = ERROR_ALREADY_EXISTS;
        return -1;
    }
    SECURITY_ATTRIBUTES sa = {sizeof sa, sd, FALSE};
    if (CreateDirectoryW(w, sd ? &sa : NULL))
        return 0;
    *code = GetLastError();
    if (*code == ERROR_ALREADY_EXISTS) /* created meanwhile by someone else */
        return 0;
    if (sd && CreateDirectoryW(w, NULL)) /* a file system without ACLs */
        return 0;
    return -1;
}

int make_directories(const char *path, char **error)
{
    wchar_t *full = win_path(path);
    size_t n = wcslen(full);
    /* Skip the root: \\?\C:\, \\?\UNC\server\share\, \\server\share\, C:\, \ */
    size_t i = 0;
    if (wcsncmp(full, L"\\\\?\\UNC\\", 8) == 0 || (is_sep(full[0]) && is_sep(full[1]))) {
        i = wcsncmp(full, L"\\\\?\\UNC\\", 8) == 0 ? 8 : 2;
        for (int parts = 0; i < n && parts < 2; i++) /* server and share */
            if (is_sep(full[i]))
                parts++;
    } else {
        if (wcsncmp(full, L"\\\\?\\", 4) == 0)
            i = 4;
        if (full[i] && full[i + 1] == L':')
            i += 2;
        while (i < n && is_sep(full[i]))
            i++;
    }
    PSECURITY_DESCRIPTOR sd = private_dir_sd();
    int rc = 0;
    DWORD code = 0;
    for (; i <= n && rc == 0; i++) {
        if (i < n && !is_sep(full[i]))
            continue;
        if (i > 0 && is_sep(full[i - 1]))
            continue; /* doubled separator or trailing one */
        wchar_t saved = full[i];
        full[i] = 0;
        if (create_dir(full, sd, &code) != 0) {
            char *which = wide_to_utf8(full);
            *error = win_errorf("cannot create directory %s: %s", which, code);
            free(which);
            rc = -1;
        }
        full[i] = saved;
    }
    if (sd)
        LocalFree(sd);
    free(full);
    return rc;
}

/* ------------------------------------------------------------------ who may change backups */

/* The SID of the process's user (LocalFree), or NULL. */
static PSID current_user_sid(void)
{
    HANDLE tok;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return NULL;
    DWORD n = 0;
    GetTokenInformation(tok, TokenUser, NULL, 0, &n);
    PSID copy = NULL;
    TOKEN_USER *tu = n ? malloc(n) : NULL;
    if (tu && GetTokenInformation(tok, TokenUser, tu, n, &n)) {
        DWORD len = GetLengthSid(tu->User.Sid);
        copy = LocalAlloc(LMEM_FIXED, len);
        if (copy && !CopySid(len, copy, tu->User.Sid)) {
            LocalFree(copy);
            copy = NULL;
        }
    }
    free(tu);
    CloseHandle(tok);
    return copy;
}

/* SYSTEM, Administrators, TrustedInstaller or the user running certrebind. */
static int trusted_sid(PSID sid, PSID me)
{
    static const wchar_t trusted_installer[] = L"S-1-5-80-956008885-3418522649-1831038044-1850731051-3413052390";
    if (IsWellKnownSid(sid, WinLocalSystemSid) || IsWellKnownSid(sid, WinBuiltinAdministratorsSid))
        return 1;
    if (me && EqualSid(sid, me))
        return 1;
    PSID ti = NULL;
    int yes = ConvertStringSidToSidW(trusted_installer, &ti) && EqualSid(sid, ti);
    if (ti)
        LocalFree(ti);
    return yes;
}

/* "S-1-5-32-545 (BUILTIN\\Users)" for messages. Caller frees. */
static char *sid_text(PSID sid)
{
    wchar_t *str = NULL;
    char *s = ConvertSidToStringSidW(sid, &str) ? wide_to_utf8(str) : xstrdup("?");
    if (str)
        LocalFree(str);
    wchar_t name[256], domain[256];
    DWORD nn = 256, dn = 256;
    SID_NAME_USE use;
    char buf[700];
    if (LookupAccountSidW(NULL, sid, name, &nn, domain, &dn, &use)) {
        char *n8 = wide_to_utf8(name), *d8 = wide_to_utf8(domain);
        snprintf(buf, sizeof buf, "%s (%s%s%s)", s, d8, *d8 ? "\\" : "", n8);
        free(n8);
        free(d8);
    } else {
        snprintf(buf, sizeof buf, "%s", s);
    }
    free(s);
    return xstrdup(buf);
}

/* The owner and access list of path (free *sd with LocalFree); -1 with *error set. */
static int file_security(const char *path, PSID *owner, PACL *dacl, PSECURITY_DESCRIPTOR *sd, char **error)
{
    wchar_t *w = win_path(path);
    *owner = NULL;
    *dacl = NULL;
    *sd = NULL;
    DWORD rc = GetNamedSecurityInfoW(w, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, owner,
                                     NULL, dacl, NULL, sd);
    free(w);
    if (rc != ERROR_SUCCESS) {
        *error = win_errorf("cannot read the permissions of %s: %s", path, rc);
        return -1;
    }
    return 0;
}

/* The first account an allow entry of dacl gives some of rights to that trusted_sid(sid, me)
 * does not trust; NULL when there is none. Inherit-only entries do not apply to the object. */
static PSID untrusted_writer(PACL dacl, DWORD rights, PSID me)
{
    for (DWORD i = 0; i < dacl->AceCount; i++) {
        ACE_HEADER *h = NULL;
        if (!GetAce(dacl, i, (void **)&h) || (h->AceFlags & INHERIT_ONLY_ACE))
            continue;
        if (h->AceType != ACCESS_ALLOWED_ACE_TYPE && h->AceType != ACCESS_ALLOWED_CALLBACK_ACE_TYPE)
            continue;
        ACCESS_ALLOWED_ACE *a = (ACCESS_ALLOWED_ACE *)h;
        PSID sid = (PSID)&a->SidStart;
        if ((a->Mask & rights) && !trusted_sid(sid, me))
            return sid;
    }
    return NULL;
}

/* Rights that let someone change what is in a folder or file, or its permissions. */
#define CHANGE_RIGHTS                                                                                                  \
    (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_DELETE_CHILD | FILE_WRITE_ATTRIBUTES | DELETE |       \
     WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)

static int check_private(const char *path, int want_dir, char **error)
{
    const char *what = want_dir ? "the backup folder" : "the backup file";
    wchar_t *w = win_path(path);
    DWORD attr = GetFileAttributesW(w);
    if (attr == INVALID_FILE_ATTRIBUTES || !!(attr & FILE_ATTRIBUTE_DIRECTORY) != want_dir) {
        free(w);
        *error = errorf(want_dir ? "%s is not a folder%s" : "%s is not a file%s", path, "");
        return -1;
    }
    free(w);
    PSID owner, sid;
    PACL dacl;
    PSECURITY_DESCRIPTOR sd;
    if (file_security(path, &owner, &dacl, &sd, error) != 0)
        return -1;
    PSID me = current_user_sid();
    char buf[2000];
    buf[0] = 0;
    const char *fix_all = want_dir ? " /T /C" : "";
    const char *inherit = want_dir ? "(OI)(CI)" : "";
    if (!owner || !trusted_sid(owner, me)) {
        char *who = owner ? sid_text(owner) : xstrdup("nobody");
        snprintf(buf, sizeof buf,
                 "refusing %s %s: it is owned by %s, not by SYSTEM, Administrators or you, so its owner could change "
                 "a backup before it is restored. Fix (as Administrator): icacls \"%s\" /setowner *S-1-5-32-544%s "
                 "and check who else may write to it",
                 what, path, who, path, fix_all);
        free(who);
    } else if (!dacl) {
        snprintf(buf, sizeof buf,
                 "refusing %s %s: it has no access list, so everyone may change it. Fix (as Administrator): icacls "
                 "\"%s\" /inheritance:r /grant:r *S-1-5-18:%sF *S-1-5-32-544:%sF%s",
                 what, path, path, inherit, inherit, fix_all);
    } else if ((sid = untrusted_writer(dacl, CHANGE_RIGHTS, me)) != NULL) {
        char *who = sid_text(sid);
        wchar_t *ws = NULL;
        char *bare = ConvertSidToStringSidW(sid, &ws) ? wide_to_utf8(ws) : xstrdup("?");
        if (ws)
            LocalFree(ws);
        snprintf(buf, sizeof buf,
                 "refusing %s %s: %s may change it, and so a backup before it is restored. Fix (as "
                 "Administrator): icacls \"%s\" /inheritance:r /grant:r *S-1-5-18:%sF *S-1-5-32-544:%sF%s, then "
                 "icacls \"%s\" /remove:g *%s%s",
                 what, path, who, path, inherit, inherit, fix_all, path, bare, fix_all);
        free(bare);
        free(who);
    }
    if (me)
        LocalFree(me);
    LocalFree(sd);
    if (!buf[0])
        return 0;
    *error = xstrdup(buf);
    return -1;
}

int check_private_directory(const char *path, char **error) { return check_private(path, 1, error); }

int check_private_file(const char *path, char **error) { return check_private(path, 0, error); }

/* CryptoAPI from ADVAPI32 (present on every Windows since XP SP3 with the AES provider). */
int sha256_digest(const void *data, size_t len, unsigned char digest[SHA256_LEN], char **error)
{
    HCRYPTPROV prov = 0;
    HCRYPTHASH hash = 0;
    int ok = CryptAcquireContextW(&prov, NULL, NULL, PROV_RSA_AES, CRYPT_VERIFYCONTEXT | CRYPT_SILENT) &&
             CryptCreateHash(prov, CALG_SHA_256, 0, 0, &hash);
    const BYTE *p = data;
    while (ok && len > 0) {
        DWORD chunk = len > (1u << 30) ? (1u << 30) : (DWORD)len;
        ok = CryptHashData(hash, p, chunk, 0);
        p += chunk;
        len -= chunk;
    }
    DWORD n = SHA256_LEN;
    ok = ok && CryptGetHashParam(hash, HP_HASHVAL, digest, &n, 0) && n == SHA256_LEN;
    DWORD code = ok ? 0 : GetLastError();
    if (hash)
        CryptDestroyHash(hash);
    if (prov)
        CryptReleaseContext(prov, 0);
    if (!ok) {
        *error = win_errorf("SHA-256 failed (CryptoAPI)%s: %s", "", code);
        return -1;
    }
    return 0;
}

int file_exists(const char *path)
{
    wchar_t *w = win_path(path);
    int yes = GetFileAttributesW(w) != INVALID_FILE_ATTRIBUTES;
    free(w);
    return yes;
}

char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int sep = dl > 0 && (dir[dl - 1] == '\\' || dir[dl - 1] == '/' || (dl == 2 && dir[1] == ':'));
    /* keep a path written with forward slashes uniform */
    char sepc = (strchr(dir, '/') && !strchr(dir, '\\')) ? '/' : '\\';
    char *p = xmalloc(dl + strlen(name) + 2);
    memcpy(p, dir, dl);
    size_t o = dl;
    if (!sep)
        p[o++] = sepc;
    strcpy(p + o, name);
    return p;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t l = strlen(s), sl = strlen(suffix);
    if (l <= sl)
        return 0;
    for (size_t i = 0; i < sl; i++) {
        if (ascii_tolower((unsigned char)s[l - sl + i]) != ascii_tolower((unsigned char)suffix[i]))
            return 0;
    }
    return 1;
}

int list_directory(const char *dir, const char *suffix, char ***names, char **error)
{
    char *pattern = path_join(dir, "*");
    wchar_t *wp = win_path(pattern);
    free(pattern);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(wp, &fd);
    free(wp);
    size_t n = 0, cap = 0;
    char **list = NULL;
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e != ERROR_FILE_NOT_FOUND && e != ERROR_PATH_NOT_FOUND) {
            *error = win_errorf("cannot list %s: %s", dir, e);
            return -1;
        }
    } else {
        do {
            /* regular files only: no folders, no reparse points (a link could name any file) */
            if (fd.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE))
                continue;
            char *name = wide_to_utf8(fd.cFileName);
            if (!ends_with_nocase(name, suffix)) {
                free(name);
                continue;
            }
            list = grow_array(list, &cap, n + 2, sizeof *list);
            list[n++] = name;
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    if (!list)
        list = xmalloc(sizeof *list);
    list[n] = NULL;
    qsort(list, n, sizeof *list, compare_names);
    *names = list;
    return 0;
}

char *default_backup_root(void)
{
    wchar_t buf[MAX_PATH + 1];
    DWORD n = GetEnvironmentVariableW(L"ProgramData", buf, MAX_PATH + 1);
    char *base;
    if (n > 0 && n <= MAX_PATH) {
        base = wide_to_utf8(buf);
    } else {
        /* no %ProgramData%: the system drive's ProgramData */
        wchar_t win[MAX_PATH + 1];
        UINT wn = GetWindowsDirectoryW(win, MAX_PATH + 1);
        char drive[4] = "C:\\";
        if (wn >= 2 && win[1] == L':' && win[0] < 128)
            drive[0] = (char)win[0];
        base = path_join(drive, "ProgramData");
    }
    char *root = path_join(base, "certrebind");
    free(base);
    return root;
}

char *default_backup_dir(void)
{
    char *root = default_backup_root();
    char *dir = path_join(root, "backups");
    free(root);
    return dir;
}

/* ------------------------------------------------------------------ console */

static int console_input(HANDLE *h)
{
    DWORD mode;
    *h = GetStdHandle(STD_INPUT_HANDLE);
    return *h && *h != INVALID_HANDLE_VALUE && GetFileType(*h) == FILE_TYPE_CHAR && GetConsoleMode(*h, &mode);
}

/* GetConsoleMode rather than _isatty: _isatty is true for the NUL device. */
int stdin_is_terminal(void)
{
    HANDLE h;
    return console_input(&h);
}

char *read_console_line(void)
{
    HANDLE h;
    if (console_input(&h)) {
        /* ReadConsoleW: the typed characters whatever the console code page */
        wchar_t *line = NULL;
        size_t len = 0, cap = 0;
        int ended = 0;
        while (!ended) {
            wchar_t chunk[256];
            DWORD got = 0;
            if (!ReadConsoleW(h, chunk, 256, &got, NULL) || got == 0)
                break;
            if (len + got + 1 > cap) {
                cap = (len + got + 1) * 2;
                line = xrealloc(line, cap * sizeof *line);
            }
            for (DWORD i = 0; i < got; i++) {
                if (chunk[i] == L'\n') {
                    ended = 1;
                    break;
                }
                line[len++] = chunk[i];
            }
        }
        if (len > 0 && line[len - 1] == L'\r')
            len--;
        if ((!ended && len == 0) || (len > 0 && line[0] == 0x1A)) { /* end of input, or Ctrl+Z */
            free(line);
            return NULL;
        }
        char *s = len > 0 ? wide_to_utf8_n(line, (int)len) : xstrdup("");
        free(line);
        return s;
    }
    struct strbuf sb;
    sb_init(&sb);
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        sb_addc(&sb, (char)c);
    if (c == EOF && sb.len == 0) {
        sb_free(&sb);
        return NULL;
    }
    if (sb.len > 0 && sb.data[sb.len - 1] == '\r')
        sb.data[--sb.len] = '\0';
    if (!sb.data)
        sb_add(&sb, "", 0);
    return sb_detach(&sb, NULL);
}

/* ------------------------------------------------------------------ locale */

char *system_short_date_format(void)
{
    wchar_t buf[128];
    int n = GetLocaleInfoEx(LOCALE_NAME_USER_DEFAULT, LOCALE_SSHORTDATE, buf, 128);
    if (n <= 0)
        return NULL;
    return wide_to_utf8(buf);
}

int system_oem_codepage(void) { return (int)GetOEMCP(); }

/* ------------------------------------------------------------------ entry point helpers */

char **win32_utf8_argv(int argc, wchar_t **wargv)
{
    char **argv = xcalloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof *argv);
    for (int i = 0; i < argc; i++)
        argv[i] = wide_to_utf8(wargv[i]);
    argv[argc > 0 ? argc : 0] = NULL;
    return argv;
}

static UINT saved_output_cp;

static void restore_console(void)
{
    if (saved_output_cp)
        SetConsoleOutputCP(saved_output_cp);
}

void win32_console_init(void)
{
    /* Binary streams: "\n" stays "\n", so JSON and reports are byte-for-byte what Linux prints. */
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    /* A console shows the UTF-8 bytes as text; the console's code page is restored at exit. */
    UINT cp = GetConsoleOutputCP();
    if (cp != 0 && cp != CP_UTF8 && SetConsoleOutputCP(CP_UTF8)) {
        saved_output_cp = cp;
        atexit(restore_console);
    }
    /* No "insert a disk" or open-file error boxes on a server, for us or the tools we run. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
}

void memory_hint_large(void *p, size_t len)
{
    /* Windows commits pages on first touch without a per-page hint worth giving. */
    (void)p;
    (void)len;
}

/* ------------------------------------------------------------------ durable replacement */

FILE *create_new_stream(const char *path, char **error)
{
    wchar_t *w = win_path(path);
    /* CREATE_NEW: like O_EXCL, never opens an existing file */
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        *error = win_errorf("cannot create %s: %s", path, GetLastError());
        return NULL;
    }
    int fd = _open_osfhandle((intptr_t)h, _O_WRONLY | _O_BINARY);
    FILE *f = fd >= 0 ? _fdopen(fd, "wb") : NULL;
    if (!f) {
        *error = errorf("cannot write %s: %s", path, "no stream for the new file");
        if (fd >= 0)
            _close(fd);
        else
            CloseHandle(h);
    }
    return f;
}

int close_stream_durable(FILE *f, const char *path, char **error)
{
    int failed = fflush(f) != 0 || ferror(f);
    DWORD code = failed ? ERROR_WRITE_FAULT : 0;
    if (!failed && !FlushFileBuffers((HANDLE)_get_osfhandle(_fileno(f)))) {
        failed = 1;
        code = GetLastError();
    }
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        code = ERROR_WRITE_FAULT;
    }
    if (failed)
        *error = win_errorf("cannot write %s: %s", path, code);
    return failed ? -1 : 0;
}

int replace_file(const char *from, const char *to, char **error)
{
    wchar_t *wf = win_path(from), *wt = win_path(to);
    BOOL ok = MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    DWORD code = GetLastError();
    free(wf);
    free(wt);
    if (!ok) {
        *error = win_errorf("cannot replace %s: %s", to, code);
        return -1;
    }
    return 0;
}

int remove_file(const char *path)
{
    wchar_t *w = win_path(path);
    BOOL ok = DeleteFileW(w);
    free(w);
    return ok ? 0 : -1;
}

int file_identity(const char *path, struct file_identity *id)
{
    wchar_t *w = win_path(path);
    /* BACKUP_SEMANTICS opens folders too; no access right is needed to read the identity */
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return -1;
    BY_HANDLE_FILE_INFORMATION info;
    BOOL ok = GetFileInformationByHandle(h, &info);
    CloseHandle(h);
    if (!ok)
        return -1;
    id->volume = info.dwVolumeSerialNumber;
    id->index = ((unsigned long long)info.nFileIndexHigh << 32) | info.nFileIndexLow;
    return 0;
}

int file_names_equal(const char *a, const char *b)
{
    wchar_t *wa = utf8_to_wide(a), *wb = utf8_to_wide(b);
    int eq = CompareStringOrdinal(wa, -1, wb, -1, TRUE) == CSTR_EQUAL;
    free(wa);
    free(wb);
    return eq;
}

/* ------------------------------------------------------------------ machine lock, events */

static HANDLE lock_mutex;
static int lock_depth;

/* What lock_file says about its holder (its first line), or NULL. */
static char *lock_holder_text(const char *lock_file)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char *err = NULL;
    if (read_file_limited(lock_file, 4096, &data, &len, &err) != 0) {
        free(err);
        free(data);
        return NULL;
    }
    char *s = (char *)data;
    s[strcspn(s, "\r\n")] = '\0';
    if (!s[0]) {
        free(data);
        return NULL;
    }
    return s;
}

/* Replaces lock_file's content with holder and a newline. */
static int lock_holder_write(const char *lock_file, const char *holder, char **error)
{
    wchar_t *w = win_path(lock_file);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        *error = win_errorf("cannot write the lock file %s: %s", lock_file, GetLastError());
        return -1;
    }
    DWORD n = 0, len = (DWORD)strlen(holder);
    BOOL ok = WriteFile(h, holder, len, &n, NULL) && n == len && WriteFile(h, "\r\n", 2, &n, NULL);
    DWORD code = GetLastError();
    CloseHandle(h);
    if (!ok) {
        *error = win_errorf("cannot write the lock file %s: %s", lock_file, code);
        return -1;
    }
    return 0;
}

int machine_lock_take(const char *lock_file, const char *holder, long wait_ms, char **held_by, char **error)
{
    *held_by = NULL;
    if (lock_depth > 0) {
        lock_depth++;
        return 0;
    }
    HANDLE m = CreateMutexW(NULL, FALSE, L"Global\\certrebind");
    if (!m) {
        *error = win_errorf("cannot open the mutex %s: %s", "Global\\certrebind", GetLastError());
        return -1;
    }
    DWORD w = WaitForSingleObject(m, wait_ms < 0 ? 0 : (DWORD)wait_ms);
    if (w == WAIT_TIMEOUT) {
        *held_by = lock_holder_text(lock_file);
        CloseHandle(m);
        return 1;
    }
    if (w != WAIT_OBJECT_0 && w != WAIT_ABANDONED) { /* abandoned: its holder died; ours now */
        *error = win_errorf("cannot wait for the mutex %s: %s", "Global\\certrebind", GetLastError());
        CloseHandle(m);
        return -1;
    }
    if (lock_holder_write(lock_file, holder, error) != 0) {
        ReleaseMutex(m);
        CloseHandle(m);
        return -1;
    }
    lock_mutex = m;
    lock_depth = 1;
    return 0;
}

int machine_lock_held(void) { return lock_depth > 0; }

void machine_lock_release(void)
{
    if (lock_depth == 0 || --lock_depth > 0)
        return;
    ReleaseMutex(lock_mutex);
    CloseHandle(lock_mutex);
    lock_mutex = NULL;
}

int system_event_report(const char *source, unsigned id, int level, const char *message, char **error)
{
    wchar_t *wsource = utf8_to_wide(source);
    HANDLE h = RegisterEventSourceW(NULL, wsource);
    free(wsource);
    if (!h) {
        *error = win_errorf("cannot open the event source %s: %s", source, GetLastError());
        return -1;
    }
    WORD type = level == 2 ? EVENTLOG_ERROR_TYPE : level == 1 ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE;
    wchar_t *wmsg = utf8_to_wide(message);
    LPCWSTR strings[1] = {wmsg};
    BOOL ok = ReportEventW(h, type, 0, (DWORD)id, NULL, 1, 0, strings, NULL);
    DWORD code = GetLastError();
    free(wmsg);
    DeregisterEventSource(h);
    if (!ok) {
        *error = win_errorf("cannot write to the Application log as %s: %s", source, code);
        return -1;
    }
    return 0;
}

int system_event_source_register(const char *source, char **error)
{
    struct strbuf key;
    sb_init(&key);
    sb_printf(&key, "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\%s", source);
    wchar_t *wkey = utf8_to_wide(key.data);
    HKEY k;
    LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, wkey, 0, NULL, 0, KEY_SET_VALUE, NULL, &k, NULL);
    free(wkey);
    if (rc == ERROR_SUCCESS) {
        DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
        rc = RegSetValueExW(k, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types, sizeof types);
        RegCloseKey(k);
    }
    if (rc != ERROR_SUCCESS) {
        *error = win_errorf("cannot register the event source HKLM\\%s: %s", key.data, (DWORD)rc);
        sb_free(&key);
        return -1;
    }
    sb_free(&key);
    return 0;
}

unsigned long process_id(void) { return (unsigned long)GetCurrentProcessId(); }

char *running_exe_path(void)
{
    wchar_t buf[32768];
    DWORD n = GetModuleFileNameW(NULL, buf, (DWORD)(sizeof buf / sizeof buf[0]));
    if (n == 0 || n >= sizeof buf / sizeof buf[0])
        return NULL;
    char *s = wide_to_utf8(buf);
    if (!strncmp(s, "\\\\?\\", 4) && s[5] == ':') /* \\?\C:\... -> C:\... */
        memmove(s, s + 4, strlen(s + 4) + 1);
    return s;
}

/* SYSTEM, Administrators, TrustedInstaller: who may change what SYSTEM runs. */
static int admin_sid(PSID sid) { return trusted_sid(sid, NULL); }

/* Rights that change a file or a folder's content (add files: a DLL planted beside the program). */
#define PROGRAM_CHANGE_RIGHTS CHANGE_RIGHTS
/* Rights on a folder further up that let one put another folder in place of the one below. */
#define RENAME_RIGHTS (DELETE | FILE_DELETE_CHILD | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL)

static int admin_only_entry(const char *path, DWORD rights, char **error)
{
    PSID owner, sid;
    PACL dacl;
    PSECURITY_DESCRIPTOR sd;
    if (file_security(path, &owner, &dacl, &sd, error) != 0)
        return -1;
    char buf[1200];
    buf[0] = 0;
    if (!owner || !admin_sid(owner)) {
        char *who = owner ? sid_text(owner) : xstrdup("nobody");
        snprintf(buf, sizeof buf, "%s is owned by %s, not by SYSTEM, Administrators or TrustedInstaller", path, who);
        free(who);
    } else if (!dacl) {
        snprintf(buf, sizeof buf, "%s has no access list: everyone may change it", path);
    } else if ((sid = untrusted_writer(dacl, rights, NULL)) != NULL) {
        char *who = sid_text(sid);
        snprintf(buf, sizeof buf, "%s may be changed by %s", path, who);
        free(who);
    }
    LocalFree(sd);
    if (!buf[0])
        return 0;
    *error = xstrdup(buf);
    return -1;
}

int check_admin_only_path(const char *path, char **error)
{
    wchar_t *w = win_path(path);
    wchar_t full[32768];
    DWORD n = GetFullPathNameW(w, (DWORD)(sizeof full / sizeof full[0]), full, NULL);
    DWORD attr = GetFileAttributesW(w);
    free(w);
    if (n == 0 || n >= sizeof full / sizeof full[0] || attr == INVALID_FILE_ATTRIBUTES ||
        (attr & FILE_ATTRIBUTE_DIRECTORY)) {
        *error = errorf("%s is not a file%s", path, "");
        return -1;
    }
    char *p = wide_to_utf8(full);
    int rc = admin_only_entry(p, PROGRAM_CHANGE_RIGHTS, error);
    /* each folder above, up to the root of the volume: "C:\" or "\\server\share" */
    size_t root_len = 3;
    if (p[0] == '\\' && p[1] == '\\') {
        const char *server_end = strchr(p + 2, '\\');
        const char *share_end = server_end ? strchr(server_end + 1, '\\') : NULL;
        root_len = share_end ? (size_t)(share_end - p) : strlen(p);
    }
    for (int level = 0; rc == 0; level++) {
        char *sep = strrchr(p, '\\');
        if (!sep)
            break;
        DWORD rights = level == 0 ? PROGRAM_CHANGE_RIGHTS : RENAME_RIGHTS;
        if (p[1] == ':' && sep == p + 2) {
            sep[1] = '\0'; /* "C:\" */
            rc = admin_only_entry(p, rights, error);
            break;
        }
        *sep = '\0';
        if (strlen(p) < root_len)
            break;
        rc = admin_only_entry(p, rights, error);
    }
    free(p);
    return rc;
}
const int platform_windows = 1;
