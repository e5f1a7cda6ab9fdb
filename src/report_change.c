#include "report_change.h"

#include "json.h"
#include "report_plan.h"

static void json_ran(struct json *j, const struct ran_list *l)
{
    json_begin_array(j);
    for (size_t i = 0; l && i < l->count; i++) {
        const struct ran_command *c = &l->items[i];
        json_begin_object(j);
        json_kv_int(j, "step", c->step + 1);
        json_kv_bool(j, "undo", c->undo);
        json_kv_string(j, "tool", step_tool_name(c->tool));
        json_key(j, "argv");
        json_string_list(j, (const char *const *)c->argv);
        json_kv_string(j, "command", c->command);
        json_kv_bool(j, "ok", c->outcome == NETSH_OK);
        json_kv_string(j, "outcome", netsh_outcome_name(c->outcome));
        json_kv_string(j, "message", c->message);
        json_end_object(j);
    }
    json_end_array(j);
}

static void json_messages(struct json *j, const char *key, const struct diags *d, enum severity which)
{
    json_key(j, key);
    json_begin_array(j);
    for (size_t i = 0; d && i < d->count; i++)
        if (d->items[i].severity == which)
            json_string(j, d->items[i].message);
    json_end_array(j);
}

void report_change_refused_json(FILE *out, int exit_status, const char *message)
{
    struct diags d;
    diags_init(&d);
    diag_add(&d, SEV_ERROR, 0, NULL, "%s", message);
    struct change_report r = {NULL, NULL, 0, NULL, exit_status, &d};
    report_change_json(out, &r);
    diags_free(&d);
}

void report_change_json(FILE *out, const struct change_report *r)
{
    struct json j;
    json_init(&j, out, 1);
    json_begin_object(&j);
    json_key(&j, "plan");
    if (r->plan)
        report_plan_json_value(&j, r->plan);
    else
        json_null(&j);
    json_key(&j, "ran");
    json_ran(&j, r->ex ? &r->ex->ran : NULL);
    json_key(&j, "rollback");
    if (r->ex && r->ex->rolled_back) {
        json_begin_object(&j);
        json_key(&j, "ran");
        json_ran(&j, &r->ex->undone);
        json_kv_bool(&j, "complete", r->ex->rollback_complete);
        json_end_object(&j);
    } else {
        json_null(&j);
    }
    json_kv_bool(&j, "verified", r->verified);
    json_kv_string(&j, "backup", r->backup);
    json_kv_int(&j, "exit", r->exit_status);
    json_messages(&j, "errors", r->d, SEV_ERROR);
    json_messages(&j, "warnings", r->d, SEV_WARNING);
    json_end_object(&j);
    json_finish(&j);
}
