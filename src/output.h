/* Output files (--output, --rollback) written durably: a temporary file beside the target,
 * flushed to disk and renamed over it, so a reader never sees half a report and a crash or a
 * full disk never leaves the previous file half overwritten. */
#ifndef CERTREBIND_OUTPUT_H
#define CERTREBIND_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

struct output_file {
    FILE *f;    /* write here */
    char *tmp;  /* the temporary file beside path */
    char *path;
};

/* Opens a temporary file beside path. 0, or -1 with *error (caller frees). */
int output_begin(struct output_file *of, const char *path, char **error);
/* Checks every write reached the file, flushes it to disk and renames it over path. On failure the
 * temporary file is removed and path is left as it was. 0, or -1 with *error. */
int output_commit(struct output_file *of, char **error);
/* Removes the temporary file; path is left as it was. */
void output_abandon(struct output_file *of);
/* output_begin + one write + output_commit. */
int output_write_whole(const char *path, const void *data, size_t len, char **error);

/* The folder part of a path ("." when it has none). Caller frees. */
char *path_folder(const char *path);
/* The last part of a path. */
const char *path_base(const char *path);
/* Whether a and b name the same file, whether it exists yet or not: "./a" and "a", hard links,
 * a folder reached by two names. */
int paths_same_file(const char *a, const char *b);

#endif
