/* The Task Scheduler tasks of `certrebind schedule`: their XML (Task schema 1.2, Windows 7 /
 * Server 2008 R2 on) written for `schtasks /create /xml`, and read back from `schtasks /query
 * /xml` for `schedule show`. Pure. */
#ifndef CERTREBIND_TASK_XML_H
#define CERTREBIND_TASK_XML_H

#include <stddef.h>

#define TASK_ON_RENEWAL "\\certrebind\\on-renewal"
#define TASK_DAILY "\\certrebind\\daily"
/* The log that event 1001 (a certificate renewed or replaced) is written to. */
#define LIFECYCLE_CHANNEL "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"

/* Why exe cannot be the program of a task (NULL when it can): it must be a full Windows path
 * ("C:\..." or "\\server\share\..."; with posix_too also "/..."), without '"' (it is quoted), '%'
 * (Task Scheduler expands environment variables in it) or control characters. */
const char *task_exe_problem(const char *exe, int posix_too);

/* What the tasks run besides their own arguments: the backup folder and the event log file the
 * unattended runs use (NULL: their defaults). */
struct task_options {
    const char *backup_dir;
    const char *event_log;
};
/* Why path cannot be passed in a task's arguments (NULL when it can): not a full path (as
 * task_exe_problem), or '$(' (Task Scheduler substitutes $(Value) there). */
const char *task_arg_path_problem(const char *path, int posix_too);
/* The argument as the program's command-line parser reads it back (CommandLineToArgvW rules):
 * quoted, backslashes before the closing quote doubled. Caller frees. */
char *task_quote_argument(const char *arg);

/* The task XML as UTF-8 text with CRLF line ends (prolog encoding="UTF-16": write it with
 * task_xml_utf16). exe passes task_exe_problem. Caller frees. */
char *task_xml_on_renewal(const char *exe, const struct task_options *to);
/* daily at hour:minute local time (RandomDelay PT1H) running `apply --auto --days days`. */
char *task_xml_daily(const char *exe, int days, int hour, int minute, const struct task_options *to);
/* UTF-8 text -> UTF-16LE with a BOM, what schtasks /create /xml requires. Caller frees. */
unsigned char *task_xml_utf16(const char *utf8, size_t *len);

/* What a task XML says (schedule show). Strings are UTF-8, entities resolved; NULL when absent. */
struct task_info {
    char *uri;
    int event_trigger;        /* an EventTrigger is there */
    char *event_query;        /* its Subscription, unescaped (a QueryList) */
    char *event_channel;      /* the Path of its Select */
    char *event_select;       /* the XPath of its Select ("*[System[EventID=1001]]") */
    char *value_old, *value_new; /* ValueQueries OldCertHash, NewCertHash */
    int calendar_trigger;     /* a CalendarTrigger is there */
    char *start_boundary;     /* its StartBoundary */
    char *random_delay;
    int days_interval;        /* ScheduleByDay/DaysInterval, 0 when absent */
    char *user_id, *run_level;
    char *multiple_instances, *execution_time_limit, *start_when_available;
    char *command, *arguments;
};

/* Reads a task XML as schtasks printed it (UTF-16 with or without BOM, UTF-8, an OEM code page;
 * a <Tasks> wrapper and comments allowed). 0, or -1 with *error (no Task element, not XML).
 * Free with task_info_free. */
int task_xml_read(const unsigned char *bytes, size_t len, struct task_info *out, char **error);
void task_info_free(struct task_info *t);

/* s as XML element content: & < > escaped (quotes need no escape there). Caller frees. */
char *xml_escape(const char *s);

#endif
