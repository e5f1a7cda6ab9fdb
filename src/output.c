#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "platform.h"

int output_begin(struct output_file *of, const char *path, char **error)
{
    memset(of, 0, sizeof *of);
    size_t n = strlen(path) + 32;
    char *tmp = xmalloc(n);
    char *last_error = NULL;
    /* a fixed name pattern beside the target (same folder: the rename stays on one volume); a
     * leftover from a killed run is skipped, never reused */
    for (int i = 0; i < 100 && !of->f && !last_error; i++) {
        snprintf(tmp, n, "%s.certrebind-tmp%d", path, i);
        if (!file_exists(tmp))
            of->f = create_new_stream(tmp, &last_error);
    }
    if (!of->f) {
        *error = last_error ? last_error : xstrdup("cannot create a temporary file: 100 leftovers (.certrebind-tmpN) exist beside it");
        free(tmp);
        return -1;
    }
    of->tmp = tmp;
    of->path = xstrdup(path);
    return 0;
}

int output_commit(struct output_file *of, char **error)
{
    int rc = close_stream_durable(of->f, of->path, error);
    of->f = NULL;
    if (rc == 0)
        rc = replace_file(of->tmp, of->path, error);
    if (rc != 0)
        remove_file(of->tmp);
    free(of->tmp);
    free(of->path);
    memset(of, 0, sizeof *of);
    return rc;
}

void output_abandon(struct output_file *of)
{
    if (of->f)
        fclose(of->f);
    if (of->tmp)
        remove_file(of->tmp);
    free(of->tmp);
    free(of->path);
    memset(of, 0, sizeof *of);
}

int output_write_whole(const char *path, const void *data, size_t len, char **error)
{
    struct output_file of;
    if (output_begin(&of, path, error) != 0)
        return -1;
    if (len)
        fwrite(data, 1, len, of.f); /* a short write shows in ferror, checked by the commit */
    return output_commit(&of, error);
}

/* Both separators: a Windows path may use either, and a POSIX file name with a backslash is not
 * something certrebind writes. */
static const char *last_separator(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *bslash = strrchr(path, '\\');
    return bslash && (!slash || bslash > slash) ? bslash : slash;
}

char *path_folder(const char *path)
{
    const char *sep = last_separator(path);
    return sep ? xstrndup(path, (size_t)(sep - path) + (sep == path)) : xstrdup(".");
}

const char *path_base(const char *path)
{
    const char *sep = last_separator(path);
    return sep ? sep + 1 : path;
}

int paths_same_file(const char *a, const char *b)
{
    struct file_identity ia, ib;
    int ea = file_identity(a, &ia) == 0, eb = file_identity(b, &ib) == 0;
    if (ea && eb)
        return ia.volume == ib.volume && ia.index == ib.index;
    if (ea != eb)
        return 0;
    /* neither exists yet: the same name in the same folder */
    char *fa = path_folder(a), *fb = path_folder(b);
    int same = file_names_equal(path_base(a), path_base(b)) && file_identity(fa, &ia) == 0 &&
               file_identity(fb, &ib) == 0 && ia.volume == ib.volume && ia.index == ib.index;
    free(fa);
    free(fb);
    return same;
}
