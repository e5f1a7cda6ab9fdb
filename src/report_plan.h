/* Reports of a plan: text for people, JSON for programs, a .cmd script for reviewers. */
#ifndef CERTREBIND_REPORT_PLAN_H
#define CERTREBIND_REPORT_PLAN_H

#include <stdio.h>

#include "diag.h"
#include "plan.h"
#include "strbuf.h"

/* "netsh" or "appcmd": the `tool` of a JSON step. */
const char *step_tool_name(enum step_tool t);
/* 1 when a step of p runs appcmd (bind, unbind): the reports then show IIS too. */
int plan_uses_appcmd(const struct plan *p);
void report_plan_text(FILE *out, const struct plan *p);
void report_plan_json(FILE *out, const struct plan *p);
struct json;
/* The plan as one JSON object inside a larger document (apply's and restore's reports). */
void report_plan_json_value(struct json *j, const struct plan *p);
/* The batch script that carries out the plan (CRLF), and the one that undoes it completely.
 * Return 0; or -1 with an error in d naming each binding whose netsh arguments a batch script
 * cannot carry (a quote, a control character, non-ASCII), and nothing appended to out. */
int report_plan_cmd(struct strbuf *out, const struct plan *p, const char *generated_at, struct diags *d);
int report_plan_rollback_cmd(struct strbuf *out, const struct plan *p, const char *generated_at, struct diags *d);
/* One netsh command line as a person would type it: "netsh http update sslcert ipport=...". */
void format_netsh_command(struct strbuf *out, const char *const *argv);
/* The same for a step of either tool: "netsh http ..." or "appcmd set site ...". */
void format_step_command(struct strbuf *out, enum step_tool tool, const char *const *argv);

#endif
