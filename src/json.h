/* Minimal streaming JSON writer: correct escaping, UTF-8 in, UTF-8 out. */
#ifndef CERTREBIND_JSON_H
#define CERTREBIND_JSON_H

#include <stddef.h>
#include <stdio.h>

struct json {
    FILE *out;
    int depth;
    int first[64];  /* per depth: no element written yet */
    int pretty;
    int after_key;
    size_t len;       /* bytes waiting in buf: one fwrite per 64 KiB, not per token */
    char buf[65536];
};

void json_init(struct json *j, FILE *out, int pretty);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s); /* NULL -> null */
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, long long v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* A NULL-terminated list of strings as an array. */
void json_string_list(struct json *j, const char *const *items);
/* Shorthands for "key": value */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_bool(struct json *j, const char *key, int v);
void json_kv_null(struct json *j, const char *key);
void json_finish(struct json *j); /* final newline, and flushes */
void json_flush(struct json *j);

#endif
