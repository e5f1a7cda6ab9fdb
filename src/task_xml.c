#include "task_xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "strbuf.h"
#include "text.h"

/* ---------- writing ---------- */

const char *task_exe_problem(const char *exe, int posix_too)
{
    size_t n = strlen(exe);
    int drive = n >= 3 && ((exe[0] | 0x20) >= 'a' && (exe[0] | 0x20) <= 'z') && exe[1] == ':' && exe[2] == '\\';
    int unc = n >= 3 && exe[0] == '\\' && exe[1] == '\\' && exe[2] != '?' && exe[2] != '.';
    if (!drive && !unc && !(posix_too && exe[0] == '/'))
        return "it must be a full Windows path (C:\\...\\certrebind.exe)";
    for (const unsigned char *p = (const unsigned char *)exe; *p; p++) {
        if (*p == '"')
            return "it contains '\"'";
        if (*p == '%')
            return "it contains '%', which Task Scheduler would expand as an environment variable";
        if (*p < 0x20 || *p == 0x7F)
            return "it contains a control character";
    }
    if (n > 1000)
        return "it is longer than 1000 characters";
    return NULL;
}

const char *task_arg_path_problem(const char *path, int posix_too)
{
    const char *why = task_exe_problem(path, posix_too);
    if (why)
        return why;
    return strstr(path, "$(") ? "it contains '$(', which Task Scheduler would substitute" : NULL;
}

char *task_quote_argument(const char *arg)
{
    struct strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '"');
    size_t slashes = 0;
    for (const char *p = arg; *p; p++) {
        slashes = *p == '\\' ? slashes + 1 : 0;
        sb_addc(&sb, *p);
    }
    for (; slashes; slashes--) /* "C:\dir\" would end in \" : an escaped quote */
        sb_addc(&sb, '\\');
    sb_addc(&sb, '"');
    return sb_detach(&sb, NULL);
}

/* " --backup-dir DIR --event-log FILE" for what to gives. */
static void add_task_options(struct strbuf *sb, const struct task_options *to)
{
    const char *names[] = {"--backup-dir", "--event-log"};
    const char *values[] = {to ? to->backup_dir : NULL, to ? to->event_log : NULL};
    for (int i = 0; i < 2; i++) {
        if (!values[i])
            continue;
        char *q = task_quote_argument(values[i]);
        sb_printf(sb, " %s %s", names[i], q);
        free(q);
    }
}

char *xml_escape(const char *s)
{
    struct strbuf sb;
    sb_init(&sb);
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_adds(&sb, "&amp;"); break;
        case '<': sb_adds(&sb, "&lt;"); break;
        case '>': sb_adds(&sb, "&gt;"); break;
        default: sb_addc(&sb, *s);
        }
    }
    return sb_detach(&sb, NULL);
}

/* The head of both tasks: prolog, registration, and the principal and settings they share. */
static void task_begin(struct strbuf *sb, const char *uri, const char *description)
{
    sb_adds(sb, "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n"
                "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n"
                "  <RegistrationInfo>\r\n");
    sb_printf(sb, "    <Author>certrebind</Author>\r\n    <Description>%s</Description>\r\n    <URI>%s</URI>\r\n",
              description, uri);
    sb_adds(sb, "  </RegistrationInfo>\r\n");
}

static void task_end(struct strbuf *sb, const char *exe, const char *arguments)
{
    char *cmd = xml_escape(exe), *args = xml_escape(arguments);
    sb_adds(sb, "  <Principals>\r\n"
                "    <Principal id=\"System\">\r\n"
                "      <UserId>S-1-5-18</UserId>\r\n"
                "      <RunLevel>HighestAvailable</RunLevel>\r\n"
                "    </Principal>\r\n"
                "  </Principals>\r\n"
                "  <Settings>\r\n"
                "    <MultipleInstancesPolicy>Queue</MultipleInstancesPolicy>\r\n"
                "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\r\n"
                "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\r\n"
                "    <AllowHardTerminate>true</AllowHardTerminate>\r\n"
                "    <StartWhenAvailable>true</StartWhenAvailable>\r\n"
                "    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>\r\n"
                "    <AllowStartOnDemand>true</AllowStartOnDemand>\r\n"
                "    <Enabled>true</Enabled>\r\n"
                "    <Hidden>false</Hidden>\r\n"
                "    <RunOnlyIfIdle>false</RunOnlyIfIdle>\r\n"
                "    <WakeToRun>false</WakeToRun>\r\n"
                "    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>\r\n"
                "    <Priority>7</Priority>\r\n"
                "  </Settings>\r\n"
                "  <Actions Context=\"System\">\r\n"
                "    <Exec>\r\n");
    /* quoted: Task Scheduler starts the program from this field as a command line would, so a
     * path with spaces (C:\Program Files\...) needs the quotes the GUI puts there too */
    sb_printf(sb, "      <Command>\"%s\"</Command>\r\n      <Arguments>%s</Arguments>\r\n", cmd, args);
    sb_adds(sb, "    </Exec>\r\n  </Actions>\r\n</Task>\r\n");
    free(cmd);
    free(args);
}

char *task_xml_on_renewal(const char *exe, const struct task_options *to)
{
    struct strbuf sb;
    sb_init(&sb);
    task_begin(&sb, TASK_ON_RENEWAL,
               "Moves every HTTP.sys binding of a renewed certificate to its renewal (event 1001 of the certificate "
               "lifecycle log), with a backup, rollback and verification.");
    char *query = xml_escape("<QueryList><Query Id='0'><Select Path='" LIFECYCLE_CHANNEL
                             "'>*[System[EventID=1001]]</Select></Query></QueryList>");
    sb_printf(&sb,
              "  <Triggers>\r\n"
              "    <EventTrigger>\r\n"
              "      <Enabled>true</Enabled>\r\n"
              "      <Subscription>%s</Subscription>\r\n"
              "      <ValueQueries>\r\n"
              "        <Value name=\"NewCertHash\">Event/UserData/CertNotificationData/NewCertificateDetails/@Thumbprint</Value>\r\n"
              "        <Value name=\"OldCertHash\">Event/UserData/CertNotificationData/OldCertificateDetails/@Thumbprint</Value>\r\n"
              "      </ValueQueries>\r\n"
              "    </EventTrigger>\r\n"
              "  </Triggers>\r\n",
              query);
    free(query);
    struct strbuf args;
    sb_init(&args);
    sb_adds(&args, "apply --old $(OldCertHash) --new $(NewCertHash) --yes --unattended");
    add_task_options(&args, to);
    task_end(&sb, exe, args.data);
    sb_free(&args);
    return sb_detach(&sb, NULL);
}

char *task_xml_daily(const char *exe, int days, int hour, int minute, const struct task_options *to)
{
    struct strbuf sb;
    sb_init(&sb);
    task_begin(&sb, TASK_DAILY,
               "Once a day: moves every HTTP.sys binding whose certificate expires soon to its renewal in the store "
               "(certificates imported by ACME clients or from a PFX raise no event 1001).");
    sb_printf(&sb,
              "  <Triggers>\r\n"
              "    <CalendarTrigger>\r\n"
              "      <StartBoundary>2020-01-01T%02d:%02d:00</StartBoundary>\r\n"
              "      <Enabled>true</Enabled>\r\n"
              "      <RandomDelay>PT1H</RandomDelay>\r\n"
              "      <ScheduleByDay>\r\n"
              "        <DaysInterval>1</DaysInterval>\r\n"
              "      </ScheduleByDay>\r\n"
              "    </CalendarTrigger>\r\n"
              "  </Triggers>\r\n",
              hour, minute);
    struct strbuf args;
    sb_init(&args);
    sb_printf(&args, "apply --auto --days %d --yes --unattended", days);
    add_task_options(&args, to);
    task_end(&sb, exe, args.data);
    sb_free(&args);
    return sb_detach(&sb, NULL);
}

unsigned char *task_xml_utf16(const char *utf8, size_t *len)
{
    const unsigned char *p = (const unsigned char *)utf8;
    size_t n = strlen(utf8);
    unsigned char *out = xmalloc(2 + n * 4 + 2);
    size_t o = 0;
    out[o++] = 0xFF, out[o++] = 0xFE;
    for (size_t i = 0; i < n;) {
        unsigned cp = p[i], extra = 0;
        if (cp >= 0xF0)
            cp &= 0x07, extra = 3;
        else if (cp >= 0xE0)
            cp &= 0x0F, extra = 2;
        else if (cp >= 0xC0)
            cp &= 0x1F, extra = 1;
        i++;
        for (unsigned k = 0; k < extra && i < n; k++, i++)
            cp = (cp << 6) | (p[i] & 0x3F);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unsigned hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            out[o++] = (unsigned char)hi, out[o++] = (unsigned char)(hi >> 8);
            out[o++] = (unsigned char)lo, out[o++] = (unsigned char)(lo >> 8);
        } else {
            out[o++] = (unsigned char)cp, out[o++] = (unsigned char)(cp >> 8);
        }
    }
    *len = o;
    return out;
}

/* ---------- reading ---------- */

/* Resolves the five entities and numeric references of [s, e). Caller frees. */
static char *xml_unescape(const char *s, const char *e)
{
    struct strbuf sb;
    sb_init(&sb);
    static const struct {
        const char *name;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    while (s < e) {
        size_t k = 0, found = 0;
        for (; *s == '&' && k < sizeof named / sizeof named[0] && !found; k++)
            found = (size_t)(e - s) >= strlen(named[k].name) && !strncmp(s, named[k].name, strlen(named[k].name));
        if (found) {
            sb_addc(&sb, named[k - 1].c);
            s += strlen(named[k - 1].name);
        } else if (*s == '&' && s + 2 < e && s[1] == '#') {
            char *end;
            unsigned long cp = s[2] == 'x' ? strtoul(s + 3, &end, 16) : strtoul(s + 2, &end, 10);
            char buf[4];
            if (end < e && *end == ';' && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                sb_add(&sb, buf, utf8_encode((unsigned)cp, buf));
                s = end + 1;
            } else {
                sb_addc(&sb, *s++);
            }
        } else {
            sb_addc(&sb, *s++);
        }
    }
    return sb_detach(&sb, NULL);
}

/* The start tag <name ...> or <name> at or after from, before limit: where its content starts
 * (after '>'), and in *tag the tag itself. NULL when there is none or it is self-closing. */
static const char *find_start(const char *from, const char *limit, const char *name, const char **tag)
{
    size_t n = strlen(name);
    for (const char *p = from; p && p < limit; p++) {
        p = memchr(p, '<', (size_t)(limit - p));
        if (!p)
            return NULL;
        if ((size_t)(limit - p) > n + 1 && !strncmp(p + 1, name, n) && strchr(" \t\r\n/>", p[1 + n])) {
            const char *gt = memchr(p, '>', (size_t)(limit - p));
            if (!gt || gt[-1] == '/')
                return NULL;
            *tag = p;
            return gt + 1;
        }
    }
    return NULL;
}

/* The content of the first element name in [from, limit), or NULL; *end after its end tag. */
static const char *element(const char *from, const char *limit, const char *name, const char **content_end,
                           const char **tag)
{
    const char *t;
    const char *c = find_start(from, limit, name, &t);
    if (!c)
        return NULL;
    char close[64];
    snprintf(close, sizeof close, "</%s>", name);
    const char *e = strstr(c, close);
    if (!e || e >= limit)
        return NULL;
    *content_end = e;
    if (tag)
        *tag = t;
    return c;
}

static char *element_text(const char *from, const char *limit, const char *name)
{
    const char *e;
    const char *c = element(from, limit, name, &e, NULL);
    if (!c)
        return NULL;
    while (c < e && strchr(" \t\r\n", *c))
        c++;
    while (e > c && strchr(" \t\r\n", e[-1]))
        e--;
    return xml_unescape(c, e);
}

/* The value of attribute attr in the start tag at tag ('"' or '\'' quoted), or NULL. */
static char *attribute(const char *tag, const char *attr)
{
    const char *gt = strchr(tag, '>');
    size_t n = strlen(attr);
    for (const char *p = tag; p && p < gt; p++) {
        p = strstr(p, attr);
        if (!p || p >= gt)
            return NULL;
        if (strchr(" \t\r\n", p[-1]) && p[n] == '=' && (p[n + 1] == '"' || p[n + 1] == '\'')) {
            const char *v = p + n + 2, *q = strchr(v, p[n + 1]);
            return q && q < gt ? xml_unescape(v, q) : NULL;
        }
    }
    return NULL;
}

static void read_event_trigger(struct task_info *t, const char *c, const char *e)
{
    t->event_trigger = 1;
    t->event_query = element_text(c, e, "Subscription");
    if (t->event_query) {
        const char *q = t->event_query, *qe = q + strlen(q), *tag, *se;
        const char *sc = element(q, qe, "Select", &se, &tag);
        if (sc) {
            t->event_channel = attribute(tag, "Path");
            t->event_select = xml_unescape(sc, se);
        }
    }
    const char *ve;
    const char *vc = element(c, e, "ValueQueries", &ve, NULL);
    for (const char *p = vc, *tag, *end; p && p < ve; p = end) {
        const char *v = element(p, ve, "Value", &end, &tag);
        if (!v)
            break;
        char *name = attribute(tag, "name");
        char **slot = name && !strcmp(name, "OldCertHash") ? &t->value_old
                      : name && !strcmp(name, "NewCertHash") ? &t->value_new
                                                              : NULL;
        if (slot && !*slot)
            *slot = xml_unescape(v, end);
        free(name);
    }
}

static void read_task(struct task_info *t, const char *c, const char *e)
{
    t->uri = element_text(c, e, "URI");
    const char *te, *tc = element(c, e, "Triggers", &te, NULL);
    const char *xe, *xc = tc ? element(tc, te, "EventTrigger", &xe, NULL) : NULL;
    if (xc)
        read_event_trigger(t, xc, xe);
    xc = tc ? element(tc, te, "CalendarTrigger", &xe, NULL) : NULL;
    if (xc) {
        t->calendar_trigger = 1;
        t->start_boundary = element_text(xc, xe, "StartBoundary");
        t->random_delay = element_text(xc, xe, "RandomDelay");
        char *d = element_text(xc, xe, "DaysInterval");
        t->days_interval = d ? atoi(d) : 0;
        free(d);
    }
    t->user_id = element_text(c, e, "UserId");
    t->run_level = element_text(c, e, "RunLevel");
    t->multiple_instances = element_text(c, e, "MultipleInstancesPolicy");
    t->execution_time_limit = element_text(c, e, "ExecutionTimeLimit");
    t->start_when_available = element_text(c, e, "StartWhenAvailable");
    const char *ae, *ac = element(c, e, "Actions", &ae, NULL);
    if (ac) {
        t->command = element_text(ac, ae, "Command");
        t->arguments = element_text(ac, ae, "Arguments");
    }
}

int task_xml_read(const unsigned char *bytes, size_t len, struct task_info *out, char **error)
{
    memset(out, 0, sizeof *out);
    struct text txt;
    struct diags d;
    diags_init(&d);
    if (text_decode(&txt, bytes, len, 0, &d, "schtasks /query /xml") != 0) {
        diags_free(&d);
        *error = xstrdup("the task XML could not be decoded");
        return -1;
    }
    diags_free(&d);
    /* the lines back into one text: elements may span lines */
    struct strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < txt.n_lines; i++) {
        sb_add(&sb, txt.lines[i].s, txt.lines[i].len);
        sb_addc(&sb, '\n');
    }
    text_free(&txt);
    char *xml = sb_detach(&sb, NULL);
    const char *end = xml + strlen(xml), *task_end;
    const char *c = element(xml, end, "Task", &task_end, NULL);
    int rc = 0;
    if (!c) {
        *error = xstrdup("schtasks printed no <Task> element");
        rc = -1;
    } else {
        read_task(out, c, task_end);
    }
    free(xml);
    return rc;
}

void task_info_free(struct task_info *t)
{
    char **fields[] = {&t->uri,       &t->event_query,       &t->event_channel,          &t->event_select,
                       &t->value_old, &t->value_new,         &t->start_boundary,         &t->random_delay,
                       &t->user_id,   &t->run_level,         &t->multiple_instances,     &t->execution_time_limit,
                       &t->start_when_available,              &t->command,                &t->arguments};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(*fields[i]);
    memset(t, 0, sizeof *t);
}
