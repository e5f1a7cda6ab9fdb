#include "report_bindings.h"

#include <string.h>

#include "netsh.h"
#include "printable.h"
#include "report_diags.h"

void json_binding(struct json *j, const struct binding *b)
{
    json_begin_object(j);
    json_kv_string(j, "kind", binding_kind_name(b->kind));
    json_kv_string(j, "socket", b->socket);
    json_kv_string(j, "host", b->host);
    if (b->port > 0)
        json_kv_int(j, "port", b->port);
    else
        json_kv_null(j, "port");
    json_kv_string(j, "certhash", b->certhash);
    json_kv_string(j, "appid", b->appid);
    json_kv_string(j, "store", b->store);
    json_key(j, "settings");
    json_begin_object(j);
    for (int f = 0; f < NETSH_FIELD_COUNT; f++) {
        if (!netsh_field_is_setting((enum netsh_field)f) || f == NF_CERTSTORENAME || !b->fields[f].raw)
            continue;
        json_kv_string(j, netsh_field_def((enum netsh_field)f)->param, b->fields[f].value);
    }
    for (size_t i = 0; i < b->extra_count; i++)
        json_kv_string(j, b->extra[i].label, b->extra[i].value);
    json_end_object(j);
    json_key(j, "extended_properties");
    json_begin_array(j);
    for (size_t e = 0; e < b->ext_count; e++) {
        json_begin_object(j);
        json_kv_string(j, "propertyid", b->ext[e].property_id);
        for (size_t i = 0; i < b->ext[e].count; i++) {
            const struct ext_property *p = &b->ext[e].items[i];
            json_kv_string(j, p->param ? p->param : p->label, p->value);
        }
        json_end_object(j);
    }
    json_end_array(j);
    json_kv_int(j, "line", b->line);
    json_kv_bool(j, "complete", !b->incomplete);
    json_end_object(j);
}

void report_bindings_json(FILE *out, const struct binding_list *l, const struct diags *d)
{
    struct json j;
    json_init(&j, out, 1);
    json_begin_object(&j);
    json_key(&j, "bindings");
    json_begin_array(&j);
    for (size_t i = 0; i < l->count; i++)
        json_binding(&j, &l->items[i]);
    json_end_array(&j);
    json_kv_string(&j, "language", l->language);
    json_kv_bool(&j, "truncated", l->truncated);
    json_diag_warnings(&j, d);
    json_end_object(&j);
    json_finish(&j);
}

/* Settings that differ from what netsh uses by default: what an admin needs to see. */
static void non_default_settings(FILE *out, const struct binding *b)
{
    int any = 0;
    for (int f = 0; f < NETSH_FIELD_COUNT; f++) {
        const struct netsh_field_def *def = netsh_field_def((enum netsh_field)f);
        if (!netsh_field_is_setting((enum netsh_field)f) || f == NF_CERTSTORENAME || !b->fields[f].raw)
            continue;
        const char *v = b->fields[f].value, *dv = def->default_value;
        if ((v == NULL && dv == NULL) || (v && dv && strcmp(v, dv) == 0))
            continue;
        fprintf_printable(out, "%s%s=%s", any ? " " : "", def->param, v ? v : "(unreadable)");
        any = 1;
    }
    for (size_t i = 0; i < b->extra_count; i++) {
        fprintf_printable(out, "%s\"%s\"=%s", any ? " " : "", b->extra[i].label, b->extra[i].value);
        any = 1;
    }
    if (!any)
        fput_printable("-", out);
}

/* Characters, not bytes, so that a non-ASCII host name keeps the columns straight (UTF-8:
 * every byte but a continuation byte starts a character). */
static int text_columns(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void report_bindings_text(FILE *out, const struct binding_list *l)
{
    int w = 6;
    for (size_t i = 0; i < l->count; i++) {
        int n = l->items[i].socket ? text_columns(l->items[i].socket) : 0;
        if (n > w && n < 60)
            w = n;
    }
    fprintf_printable(out, "%-13s %-*s %-40s %-12s %-38s %s\n", "KIND", w, "SOCKET", "CERTIFICATE HASH", "STORE", "APP ID",
            "NON-DEFAULT SETTINGS");
    for (size_t i = 0; i < l->count; i++) {
        const struct binding *b = &l->items[i];
        const char *socket = b->socket ? b->socket : "?";
        int pad = w - text_columns(socket);
        fprintf_printable(out, "%-13s %s%*s %-40s %-12s %-38s ", binding_kind_name(b->kind), socket, pad > 0 ? pad : 0, "",
                b->certhash ? b->certhash : "-", b->store ? b->store : "(null)", b->appid ? b->appid : "-");
        non_default_settings(out, b);
        if (b->incomplete)
            fput_printable("  [INCOMPLETE]", out);
        fputc('\n', out);
    }
    fprintf_printable(out, "%zu binding(s)%s\n", l->count, l->truncated ? "; the output was cut off" : "");
}
