/* POSIX side of platform.h: posix_spawn with pipes, poll-driven reads, a kill on timeout. */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) */
#endif
#include "platform.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "arena.h"
#include "strbuf.h"

extern char **environ;

static char *errorf(const char *fmt, const char *a, const char *b)
{
    char buf[1024];
    snprintf(buf, sizeof buf, fmt, a, b);
    return xstrdup(buf);
}

double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void sleep_milliseconds(long ms) { sleep_ms(ms); }

int run_program(const char *const argv[], int timeout_ms, struct run_result *r)
{
    return run_program_limited(argv, timeout_ms, SIZE_MAX, r);
}

/* Starts argv[0] with standard input from /dev/null and its output and errors to pipes, whose
 * read ends go to out_fd/err_fd. Returns 0, or -1 with r->error set. */
static int spawn_child(const char *const argv[], pid_t *pid, int *out_fd, int *err_fd, struct run_result *r)
{
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) != 0) {
        r->error = errorf("cannot create a pipe: %s%s", strerror(errno), "");
        return -1;
    }
    if (pipe(err_pipe) != 0) {
        r->error = errorf("cannot create a pipe: %s%s", strerror(errno), "");
        close(out_pipe[0]);
        close(out_pipe[1]);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
    posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
    posix_spawn_file_actions_addclose(&fa, out_pipe[1]);
    posix_spawn_file_actions_addclose(&fa, err_pipe[1]);
    int rc = 0;
    /* EAGAIN/ENOMEM: no process was created, so trying again a moment later is safe. */
    for (int attempt = 0; attempt < 3; attempt++) {
        rc = posix_spawn(pid, argv[0], &fa, NULL, (char *const *)argv, environ);
        if (rc != EAGAIN && rc != ENOMEM)
            break;
        sleep_ms(attempt == 0 ? 100 : 400);
    }
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        r->error = errorf("cannot run %s: %s", argv[0], strerror(rc));
        return -1;
    }
    *out_fd = out_pipe[0];
    *err_fd = err_pipe[0];
    return 0;
}

/* Reads both pipes until they end or the deadline (then r is marked timed out), keeping at most
 * max_out bytes of each; closes them. */
static void read_outputs(int out_fd, int err_fd, double deadline, size_t max_out, struct strbuf *out,
                         struct strbuf *err, struct run_result *r)
{
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        double left = deadline - monotonic_ms();
        if (left <= 0) {
            r->timed_out = 1;
            break;
        }
        int n = poll(fds, 2, (int)(left < 1000 ? left + 1 : 1000));
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(fds[i].fd, buf, sizeof buf);
            if (got > 0) {
                struct strbuf *sb = i == 0 ? out : err;
                if ((size_t)got <= max_out - sb->len)
                    sb_add(sb, buf, (size_t)got);
                else if (i == 0)
                    r->out_overflow = 1;
            } else if (got == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
}

/* Waits for the child (killed first when it timed out) and puts its exit status in r. */
static void reap_child(pid_t pid, const char *prog, struct run_result *r)
{
    int status = 0;
    if (r->timed_out) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        r->error = errorf("%s did not finish within the time limit and was stopped%s", prog, "");
        return;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) {
        r->exit_code = WEXITSTATUS(status);
    } else {
        r->exit_code = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        r->error = errorf("%s was killed by a signal%s", prog, "");
    }
}

int run_program_limited(const char *const argv[], int timeout_ms, size_t max_out, struct run_result *r)
{
    memset(r, 0, sizeof *r);
    pid_t pid;
    int out_fd, err_fd;
    if (spawn_child(argv, &pid, &out_fd, &err_fd, r) != 0)
        return -1;
    r->started = 1;
    struct strbuf out, err;
    sb_init(&out);
    sb_init(&err);
    double deadline = monotonic_ms() + (timeout_ms > 0 ? timeout_ms : 60000);
    read_outputs(out_fd, err_fd, deadline, max_out, &out, &err, r);
    reap_child(pid, argv[0], r);
    if (!out.data)
        sb_add(&out, "", 0);
    if (!err.data)
        sb_add(&err, "", 0);
    r->out = (unsigned char *)sb_detach(&out, &r->out_len);
    r->err = (unsigned char *)sb_detach(&err, &r->err_len);
    return r->timed_out ? -1 : 0;
}

char *system_tool_path(const char *relative)
{
    (void)relative;
    return NULL;
}

int read_file_bytes(const char *path, unsigned char **data, size_t *len, char **error)
{
    return read_file_limited(path, SIZE_MAX, data, len, error);
}

int read_file_limited(const char *path, size_t max, unsigned char **data, size_t *len, char **error)
{
    *data = NULL;
    *len = 0;
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
    if (fd < 0) {
        *error = errorf("cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fd != 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        *error = errorf("%s is a directory%s", path, "");
        return -1;
    }
    if (fd != 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
        close(fd);
        return 1;
    }
    struct strbuf sb;
    sb_init(&sb);
    if (fd != 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        sb_reserve(&sb, (size_t)st.st_size + 1);
        memory_hint_large(sb.data, sb.cap);
    }
    for (;;) {
        if (sb.cap - sb.len < 2)
            sb_reserve(&sb, 1 << 16); /* only grows when the size was unknown or changed */
        ssize_t got = read(fd, sb.data + sb.len, sb.cap - sb.len - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            *error = errorf("cannot read %s: %s", path, strerror(errno));
            sb_free(&sb);
            if (fd != 0)
                close(fd);
            return -1;
        }
        if (got == 0)
            break;
        sb.len += (size_t)got;
        if (sb.len > max) { /* a pipe, or a file that grew */
            sb_free(&sb);
            if (fd != 0)
                close(fd);
            return 1;
        }
    }
    if (fd != 0)
        close(fd);
    sb.data[sb.len] = '\0';
    *data = (unsigned char *)sb_detach(&sb, len);
    return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int write_file_durable(const char *path, const void *data, size_t len, char **error)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int exists = errno == EEXIST;
        *error = errorf("cannot create %s: %s", path, strerror(errno));
        return exists ? WRITE_EXISTS : -1;
    }
    int failed = write_all(fd, data, len) != 0 || fsync(fd) != 0;
    int saved = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        unlink(path); /* ours (O_EXCL): a full disk must not leave an empty or partial file */
        *error = errorf("cannot write %s: %s", path, strerror(saved));
        return -1;
    }
    return 0;
}

int append_line_durable(const char *path, const char *line, char **error)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == ELOOP)
            *error = errorf("%s is a symbolic link: refusing to write through it%s", path, "");
        else
            *error = errorf("cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
        *error = errorf("%s is not a plain file of its own (a device, a folder or a hard link): refusing to write "
                        "to it%s",
                        path, "");
        close(fd);
        return -1;
    }
    if (write_all(fd, line, strlen(line)) != 0 || write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
        *error = errorf("cannot write %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* Owned by the user or root, not writable by group or others (ssh's StrictModes). */
static int check_private(const char *path, int want_dir, char **error)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        *error = errorf("cannot read the permissions of %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0) {
        *error = errorf("cannot read the permissions of %s: %s", path, strerror(errno));
        return -1;
    }
    const char *what = want_dir ? "the backup folder" : "the backup file";
    char buf[1400];
    if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
        snprintf(buf, sizeof buf, "%s %s is not a %s", what, path, want_dir ? "folder" : "regular file");
    } else if (st.st_uid != geteuid() && st.st_uid != 0) {
        snprintf(buf, sizeof buf,
                 "refusing %s %s: it belongs to user %lu, not to you (%lu) or root, so its owner could change a "
                 "backup before it is restored. Fix: chown %lu '%s' (or choose another --backup-dir)",
                 what, path, (unsigned long)st.st_uid, (unsigned long)geteuid(), (unsigned long)geteuid(), path);
    } else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(buf, sizeof buf,
                 "refusing %s %s: it is writable by %s (mode %04o), who could change a backup before it is "
                 "restored. Fix: chmod go-w '%s'",
                 what, path, (st.st_mode & S_IWOTH) ? "everyone" : "its group", (unsigned)(st.st_mode & 07777), path);
    } else {
        return 0;
    }
    *error = xstrdup(buf);
    return -1;
}

int check_private_directory(const char *path, char **error) { return check_private(path, 1, error); }

int check_private_file(const char *path, char **error) { return check_private(path, 0, error); }

int sha256_digest(const void *data, size_t len, unsigned char digest[SHA256_LEN], char **error)
{
    unsigned int n = 0;
    if (EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL) != 1 || n != SHA256_LEN) {
        *error = errorf("SHA-256 failed (libcrypto)%s%s", "", "");
        return -1;
    }
    return 0;
}

int make_directories(const char *path, char **error)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            *error = errorf("cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    if (mkdir(p, 0700) != 0 && errno != EEXIST) {
        *error = errorf("cannot create directory %s: %s", p, strerror(errno));
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    int slash = dl > 0 && dir[dl - 1] == '/';
    char *p = xmalloc(dl + strlen(name) + 2);
    sprintf(p, "%s%s%s", dir, slash ? "" : "/", name);
    return p;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int list_directory(const char *dir, const char *suffix, char ***names, char **error)
{
    size_t n = 0, cap = 0, sl = strlen(suffix);
    char **list = NULL;
    DIR *d = opendir(dir);
    if (!d && errno != ENOENT) {
        *error = errorf("cannot list %s: %s", dir, strerror(errno));
        return -1;
    }
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        size_t l = strlen(e->d_name);
        if (l <= sl || strcmp(e->d_name + l - sl, suffix))
            continue;
        char *path = path_join(dir, e->d_name);
        struct stat st;
        int regular = lstat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        if (!regular)
            continue;
        list = grow_array(list, &cap, n + 2, sizeof *list);
        list[n++] = xstrdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (!list)
        list = xmalloc(sizeof *list);
    list[n] = NULL;
    qsort(list, n, sizeof *list, compare_names);
    *names = list;
    return 0;
}

char *default_backup_dir(void) { return xstrdup("./certrebind-backups"); }

char *default_backup_root(void) { return NULL; }

int stdin_is_terminal(void) { return isatty(0); }

char *read_console_line(void)
{
    struct strbuf sb;
    sb_init(&sb);
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        sb_addc(&sb, (char)c);
    if (c == EOF && sb.len == 0) {
        sb_free(&sb);
        return NULL;
    }
    return sb_detach(&sb, NULL);
}

time_t now_utc(void) { return time(NULL); }

void memory_hint_large(void *p, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const uintptr_t huge = 2u << 20;
    if (len < 4 * huge)
        return;
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)p + len) & ~(huge - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

char *system_short_date_format(void) { return NULL; }

int system_oem_codepage(void) { return 0; }

/* ------------------------------------------------------------------ durable replacement */

FILE *create_new_stream(const char *path, char **error)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666); /* the umask decides, as for any output */
    if (fd < 0) {
        *error = errorf("cannot create %s: %s", path, strerror(errno));
        return NULL;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        *error = errorf("cannot write %s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

int close_stream_durable(FILE *f, const char *path, char **error)
{
    int failed = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
    int saved = errno;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (failed)
        *error = errorf("cannot write %s: %s", path, strerror(saved ? saved : EIO));
    return failed ? -1 : 0;
}

int replace_file(const char *from, const char *to, char **error)
{
    /* run as root, a rename over /dev/null (or /dev/stdout, a link to a device) would put a plain
     * file in its place: only a regular file, or nothing, is replaced */
    struct stat st;
    if (stat(to, &st) == 0 && !S_ISREG(st.st_mode)) {
        *error = errorf("cannot replace %s: %s", to, "it is not a regular file (a device, a pipe or a folder)");
        return -1;
    }
    if (rename(from, to) != 0) {
        *error = errorf("cannot replace %s: %s", to, strerror(errno));
        return -1;
    }
    /* the new directory entry reaches the disk only when the directory is flushed */
    const char *slash = strrchr(to, '/');
    char *dir = slash ? xstrndup(to, (size_t)(slash - to) + (slash == to)) : xstrdup(".");
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
    return 0;
}

int remove_file(const char *path) { return unlink(path); }

int file_identity(const char *path, struct file_identity *id)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    id->volume = (unsigned long long)st.st_dev;
    id->index = (unsigned long long)st.st_ino;
    return 0;
}

int file_names_equal(const char *a, const char *b) { return strcmp(a, b) == 0; }

/* ------------------------------------------------------------------ machine lock, events */

static int lock_fd = -1;
static int lock_depth;

/* What lock_file says about its holder (one line), or NULL. */
static char *lock_holder_text(int fd)
{
    char buf[512];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf[0] ? xstrdup(buf) : NULL;
}

int machine_lock_take(const char *lock_file, const char *holder, long wait_ms, char **held_by, char **error)
{
    *held_by = NULL;
    if (lock_depth > 0) {
        lock_depth++;
        return 0;
    }
    int fd = open(lock_file, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = errorf("cannot open the lock file %s: %s", lock_file, strerror(errno));
        return -1;
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    double deadline = monotonic_ms() + (double)wait_ms;
    while (fcntl(fd, F_SETLK, &fl) != 0) {
        if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
            *error = errorf("cannot lock %s: %s", lock_file, strerror(errno));
            close(fd);
            return -1;
        }
        if (monotonic_ms() >= deadline) {
            *held_by = lock_holder_text(fd);
            close(fd);
            return 1;
        }
        sleep_ms(100);
    }
    size_t len = strlen(holder);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, holder, len, 0) != (ssize_t)len || pwrite(fd, "\n", 1, (off_t)len) != 1) {
        *error = errorf("cannot write the lock file %s: %s", lock_file, strerror(errno));
        close(fd);
        return -1;
    }
    lock_fd = fd;
    lock_depth = 1;
    return 0;
}

int machine_lock_held(void) { return lock_depth > 0; }

void machine_lock_release(void)
{
    if (lock_depth == 0 || --lock_depth > 0)
        return;
    if (ftruncate(lock_fd, 0) != 0) {
        /* the holder line stays: the lock itself goes with the descriptor */
    }
    close(lock_fd); /* releases the fcntl lock */
    lock_fd = -1;
}

int system_event_report(const char *source, unsigned id, int level, const char *message, char **error)
{
    (void)source, (void)id, (void)level, (void)message, (void)error;
    return 0;
}

int system_event_source_register(const char *source, char **error)
{
    (void)source, (void)error;
    return 0;
}

unsigned long process_id(void) { return (unsigned long)getpid(); }

char *running_exe_path(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return xstrdup(buf);
}

/* One element of the path: owned by root or us, not writable by others (sticky folders above
 * the program's own folder excepted: others cannot rename what they do not own there). */
static int admin_only_entry(const char *path, int is_parent_or_file, char **error)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        *error = errorf("cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
        char uid[32];
        snprintf(uid, sizeof uid, "%lu", (unsigned long)st.st_uid);
        *error = errorf("%s is owned by uid %s, not by root: its owner could replace the program", path, uid);
        return -1;
    }
    int others_write = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (others_write && !(S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) && !is_parent_or_file)) {
        *error = errorf("%s is writable by group or others: they could replace the program%s", path, "");
        return -1;
    }
    return 0;
}

int check_admin_only_path(const char *path, char **error)
{
    char *real = realpath(path, NULL);
    if (!real) {
        *error = errorf("cannot find %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        *error = errorf("%s is not a file%s", real, "");
        free(real);
        return -1;
    }
    int rc = admin_only_entry(real, 1, error);
    for (int level = 0; rc == 0; level++) {
        char *slash = strrchr(real, '/');
        if (!slash)
            break;
        if (slash == real) {
            rc = admin_only_entry("/", level == 0, error);
            break;
        }
        *slash = '\0';
        rc = admin_only_entry(real, level == 0, error);
    }
    free(real);
    return rc;
}
const int platform_windows = 0;
