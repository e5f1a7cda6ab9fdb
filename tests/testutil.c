#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#ifndef _WIN32
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#else
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wchar.h>
#endif

unsigned char *file_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (buf)
        buf[n < cap ? n : cap - 1] = 0;
    if (len)
        *len = n;
    return buf;
}

const char *fixture_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", FIXTURES_DIR, rel);
    return path;
}

unsigned char *fixture_read(const char *rel, size_t *len)
{
    unsigned char *p = file_read_all(fixture_path(rel), len);
    ck_assert_msg(p != NULL, "cannot read fixture %s", rel);
    return p;
}

#ifndef _WIN32
char *make_temp_dir(void)
{
    char tmpl[] = "/tmp/certrebind-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

void rm_rf(const char *path)
{
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            struct stat st;
            if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                rm_rf(sub);
            else
                unlink(sub);
        }
        closedir(dir);
        rmdir(path);
    } else {
        unlink(path);
    }
}
#else
/* Windows: a fresh directory under GetTempPathW (UTF-8 path, caller frees), removed with rm_rf
 * through the wide API so names of any language go too. */
static wchar_t *test_widen(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    ck_assert_int_gt(n, 0);
    wchar_t *w = malloc((size_t)n * sizeof *w);
    ck_assert_ptr_nonnull(w);
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

char *make_temp_dir(void)
{
    wchar_t base[MAX_PATH + 1];
    DWORD n = GetTempPathW(MAX_PATH + 1, base);
    ck_assert_msg(n > 0 && n <= MAX_PATH, "GetTempPathW failed (%lu)", (unsigned long)GetLastError());
    static unsigned counter;
    wchar_t dir[MAX_PATH + 64];
    for (int attempt = 0; attempt < 1000; attempt++) {
        swprintf(dir, sizeof dir / sizeof dir[0], L"%lscertrebind-test-%lu-%u-%lu", base,
                 (unsigned long)GetCurrentProcessId(), ++counter, (unsigned long)(GetTickCount() & 0xFFFFF));
        if (CreateDirectoryW(dir, NULL)) {
            int len = WideCharToMultiByte(CP_UTF8, 0, dir, -1, NULL, 0, NULL, NULL);
            char *d = malloc((size_t)len);
            ck_assert_ptr_nonnull(d);
            WideCharToMultiByte(CP_UTF8, 0, dir, -1, d, len, NULL, NULL);
            return d;
        }
        ck_assert_msg(GetLastError() == ERROR_ALREADY_EXISTS, "cannot create a temporary directory (%lu)",
                      (unsigned long)GetLastError());
    }
    ck_abort_msg("cannot find a free temporary directory name");
    return NULL;
}

static void rm_rf_wide(const wchar_t *path)
{
    DWORD attr = GetFileAttributesW(path);
    if (attr == INVALID_FILE_ATTRIBUTES)
        return;
    if (!(attr & FILE_ATTRIBUTE_DIRECTORY) || (attr & FILE_ATTRIBUTE_REPARSE_POINT)) {
        if (attr & FILE_ATTRIBUTE_READONLY)
            SetFileAttributesW(path, attr & ~(DWORD)FILE_ATTRIBUTE_READONLY);
        if (attr & FILE_ATTRIBUTE_DIRECTORY)
            RemoveDirectoryW(path); /* a junction: remove the link, never follow it */
        else
            DeleteFileW(path);
        return;
    }
    size_t len = wcslen(path);
    wchar_t *pattern = malloc((len + 3) * sizeof *pattern);
    ck_assert_ptr_nonnull(pattern);
    swprintf(pattern, len + 3, L"%ls\\*", path);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(pattern, &fd);
    free(pattern);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (!wcscmp(fd.cFileName, L".") || !wcscmp(fd.cFileName, L".."))
                continue;
            size_t sl = len + wcslen(fd.cFileName) + 2;
            wchar_t *sub = malloc(sl * sizeof *sub);
            ck_assert_ptr_nonnull(sub);
            swprintf(sub, sl, L"%ls\\%ls", path, fd.cFileName);
            rm_rf_wide(sub);
            free(sub);
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryW(path);
}

void rm_rf(const char *path)
{
    wchar_t *w = test_widen(path);
    rm_rf_wide(w);
    free(w);
}
#endif

void sleep_ms(int ms)
{
#ifdef _WIN32
    Sleep((DWORD)ms);
#else
    struct timespec pause = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
#endif
}

int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

const struct diag *find_diag(const struct diags *d, enum severity sev, const char *needle)
{
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, needle))
            return &d->items[i];
    return NULL;
}

void env_set(const char *name, const char *value)
{
#ifdef _WIN32
    ck_assert_int_eq(_putenv_s(name, value), 0);
#else
    ck_assert_int_eq(setenv(name, value, 1), 0);
#endif
}

void env_unset(const char *name)
{
#ifdef _WIN32
    _putenv_s(name, "");
#else
    unsetenv(name);
#endif
}

size_t files_besides_lock(const char *dir)
{
    char **names = NULL, *err = NULL;
    ck_assert_msg(list_directory(dir, "", &names, &err) == 0, "%s", err ? err : "");
    size_t n = 0;
    for (size_t i = 0; names[i]; i++) {
        n += strcmp(names[i], "certrebind.lock") != 0;
        free(names[i]);
    }
    free(names);
    return n;
}
