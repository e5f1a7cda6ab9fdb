/* The one place for operating-system differences: processes, files, console, clock.
 * platform_posix.c and platform_win32.c implement it; nothing else includes OS headers.
 * All strings are UTF-8 (the Windows side converts to UTF-16 at this boundary). */
#ifndef CERTREBIND_PLATFORM_H
#define CERTREBIND_PLATFORM_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct run_result {
    int exit_code;       /* valid when started && !timed_out */
    int started;         /* 0: the program could not be started (see error) */
    int timed_out;       /* killed after the timeout */
    unsigned char *out;  /* stdout bytes, NUL-terminated (out_len excludes the NUL) */
    size_t out_len;
    unsigned char *err;  /* stderr bytes, NUL-terminated */
    size_t err_len;
    char *error;         /* why it could not be started / was killed, or NULL */
    int out_overflow;    /* stdout passed the limit of run_program_limited: what followed was dropped */
};

/* Runs argv[0] with argv (NULL-terminated) directly, never through a shell. stdin is empty.
 * Returns 0 when the program ran to completion (any exit code), -1 otherwise (r->error says why). */
int run_program(const char *const argv[], int timeout_ms, struct run_result *r);
/* The same, keeping at most max_out bytes of each stream: the rest is read and dropped (the
 * program still runs to its end) and r->out_overflow says so for stdout. */
int run_program_limited(const char *const argv[], int timeout_ms, size_t max_out, struct run_result *r);
/* run_program for the program prog with the arguments args (NULL-terminated, any number): the
 * argv is built here, so no caller keeps a fixed array that would cut arguments off unseen. */
int run_program_args(const char *prog, const char *const *args, int timeout_ms, struct run_result *r);
void run_result_free(struct run_result *r);

/* Full path of a built-in Windows tool ("netsh.exe", "certutil.exe", "inetsrv\\appcmd.exe") in
 * the system directory; NULL on other systems (where --netsh etc. must be given). Caller frees. */
char *system_tool_path(const char *relative);

/* Reads a whole file ("-" = standard input). Returns 0, or -1 with *error (caller frees). */
int read_file_bytes(const char *path, unsigned char **data, size_t *len, char **error);
/* The same, but a file or stream longer than max bytes is refused: returns 1, nothing kept
 * (checked before reading where the size is known, else as soon as max is passed). */
int read_file_limited(const char *path, size_t max, unsigned char **data, size_t *len, char **error);
/* Writes a new file and flushes it to disk (fsync / FlushFileBuffers) before returning. Never
 * replaces a file: returns WRITE_EXISTS when path exists already; -1 on any other failure, after
 * removing what it had created (a disk full leaves no empty or partial file behind). */
#define WRITE_EXISTS (-2)
int write_file_durable(const char *path, const void *data, size_t len, char **error);
/* Appends one line (newline added) and flushes it. Refuses a symbolic link or other reparse
 * point, a hard-linked file and anything but a regular file (the log must not be a way to write
 * to another file). */
int append_line_durable(const char *path, const char *line, char **error);
/* Creates a directory and its parents; 0 if it exists already. */
int make_directories(const char *path, char **error);
int file_exists(const char *path);
/* Checks that a folder that keeps backups (or a backup file) can only be changed by its owner and
 * the administrators: POSIX, owned by the user or root and not writable by group or others (as
 * ssh's StrictModes); Windows, owned by SYSTEM, Administrators or the user, and no ACE that lets
 * anyone else write. Returns 0, or -1 with *error saying what is wrong and how to fix it. New
 * folders made by make_directories pass (POSIX 0700; Windows a protected DACL: SYSTEM and
 * Administrators only). */
int check_private_directory(const char *path, char **error);
int check_private_file(const char *path, char **error);

/* SHA-256 of data, from libcrypto (OpenSSL) on POSIX and CryptoAPI on Windows. */
#define SHA256_LEN 32
int sha256_digest(const void *data, size_t len, unsigned char digest[SHA256_LEN], char **error);
/* Joins a directory and a file name with the platform separator. Caller frees. */
char *path_join(const char *dir, const char *name);

/* The names (no folder part) of the regular files in dir whose names end with suffix (ASCII case
 * ignored on Windows), sorted bytewise. 0 and *names (NULL-terminated; free each and the array),
 * or -1 with *error. A missing dir gives 0 and an empty list. */
int list_directory(const char *dir, const char *suffix, char ***names, char **error);

/* Default backup directory: %ProgramData%\certrebind\backups on Windows,
 * ./certrebind-backups elsewhere. Caller frees. */
char *default_backup_dir(void);
/* The folder above it that certrebind keeps (%ProgramData%\certrebind), which must be as private
 * (its owner could replace the backup folder); NULL where there is none. Caller frees. */
char *default_backup_root(void);

/* The machine-wide lock of every run that changes the host (two runs must never interleave steps).
 * Windows: the named mutex Global\certrebind (released by the system if the holder dies);
 * elsewhere an fcntl lock on lock_file (also released when the holder dies). Either way the
 * holder writes holder (one line: who it is) into lock_file so that a run that waits in vain can
 * say who holds it; lock_file must be in a private folder (check_private_directory). Waits up to
 * wait_ms. Returns 0 (taken), 1 (still held after wait_ms; *held_by: what lock_file says, or NULL;
 * caller frees) or -1 with *error. Taking it again in the same process nests. */
int machine_lock_take(const char *lock_file, const char *holder, long wait_ms, char **held_by, char **error);
/* Releases one machine_lock_take; the last release frees the lock. */
void machine_lock_release(void);
/* 1 while this process holds the lock. */
int machine_lock_held(void);

/* Windows: one record in the Application log from source (RegisterEventSourceW + ReportEventW);
 * level 0 Information, 1 Warning, 2 Error. Elsewhere there is no such log: 0, nothing done.
 * Returns 0, or -1 with *error. */
int system_event_report(const char *source, unsigned id, int level, const char *message, char **error);
/* Windows: registers source in the Application log (HKLM\SYSTEM\CurrentControlSet\Services\
 * EventLog\Application\SOURCE, TypesSupported 7); needs Administrator. Elsewhere: 0, nothing. */
int system_event_source_register(const char *source, char **error);

/* The full path of the running program (GetModuleFileNameW; /proc/self/exe); NULL when unknown.
 * Caller frees. */
char *running_exe_path(void);
/* Checks that only administrators can change the program path or put another in its place: a
 * scheduled task runs it as SYSTEM. Windows: path and every folder above it owned by SYSTEM,
 * Administrators or TrustedInstaller, and no ACE lets anyone else change the file or its folder
 * (write, add files, delete, permissions) or rename a folder above it (delete, delete child,
 * permissions). POSIX: path and every folder above it owned by root (or you) and not writable by
 * group or others (a sticky folder such as /tmp excepted above the file's own folder). Returns 0,
 * or -1 with *error naming the first culprit. */
int check_admin_only_path(const char *path, char **error);

/* 1 on Windows, 0 elsewhere (what a path or a tool looks like). */
extern const int platform_windows;

/* This process's id (for messages that say who holds a lock). */
unsigned long process_id(void);

int stdin_is_terminal(void);
/* Reads one line from the terminal (for confirmations). Caller frees; NULL on EOF. */
char *read_console_line(void);

/* Asks for huge pages on a large buffer about to be filled (Linux transparent huge pages): page
 * faults dominate parsing a 100 MB listing otherwise. A no-op elsewhere or for small buffers. */
void memory_hint_large(void *p, size_t len);

time_t now_utc(void);
/* Monotonic milliseconds, for timing steps and windows. */
double monotonic_ms(void);
/* Waits ms milliseconds. */
void sleep_milliseconds(long ms);

/* Windows: the system's short-date pattern (e.g. "dd.MM.yyyy"); NULL elsewhere. Caller frees. */
char *system_short_date_format(void);
/* Windows: the OEM code page (GetOEMCP); 0 elsewhere. */
int system_oem_codepage(void);

/* Replacing a file durably (output.c builds on these): a new file beside the target, flushed to
 * disk, renamed over it. */
/* Creates path, which must not exist yet, as a binary stream for writing; NULL with *error. */
FILE *create_new_stream(const char *path, char **error);
/* Flushes f to disk (fsync / FlushFileBuffers) and closes it, also on failure. 0, or -1 with *error. */
int close_stream_durable(FILE *f, const char *path, char **error);
/* Renames from over to, replacing to, and makes the rename itself durable. 0, or -1 with *error. */
int replace_file(const char *from, const char *to, char **error);
int remove_file(const char *path);
/* Which file a path names (device and file number; volume serial and file index on Windows), so
 * that "./a", "a", a hard link or a folder's other name are seen as the same file. */
struct file_identity {
    unsigned long long volume, index;
};
/* 0 and *id when path names an existing file or folder, -1 otherwise. */
int file_identity(const char *path, struct file_identity *id);
/* Whether two file names (no folder part) name the same entry of one folder: case-insensitive on Windows. */
int file_names_equal(const char *a, const char *b);

#ifdef _WIN32
/* For main.c's wmain (platform_win32.c): the UTF-16 arguments as UTF-8 (NULL-terminated, kept
 * for the life of the process), and the console set up so output is byte-exact UTF-8 (binary
 * stdout/stderr, UTF-8 console output code page restored at exit). */
char **win32_utf8_argv(int argc, wchar_t **wargv);
void win32_console_init(void);
#endif

#endif
