/* libFuzzer harness: what `schedule show` reads from schtasks and what --event-log writes.
 *  1. The input as `schtasks /query /xml` output: task_xml_read refuses or reads it (no crash, no
 *     leak); a program path it reads that a task may run, written into our own task and read
 *     back, is the same path (quoted).
 *  2. The input as an event message: its --event-log line is one printable line.
 * Seeds: tests/golden/task-*.xml and IIS's own rebind task (fixtures/schtasks-iis-autocertrebind/). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "task_xml.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_and_round_trip(const uint8_t *data, size_t size)
{
    struct task_info t;
    char *err = NULL;
    if (task_xml_read(data, size, &t, &err) == 0 && t.command) {
        size_t n = strlen(t.command);
        char *exe = n >= 2 && t.command[0] == '"' && t.command[n - 1] == '"' ? strndup(t.command + 1, n - 2) : NULL;
        if (exe && !task_exe_problem(exe, 0)) {
            char *xml = task_xml_on_renewal(exe, NULL);
            struct task_info again;
            char *err2 = NULL;
            if (task_xml_read((const uint8_t *)xml, strlen(xml), &again, &err2) != 0 || !again.command ||
                strcmp(again.command, t.command))
                fuzz_fail("a program path does not read back the same", xml);
            task_info_free(&again);
            free(err2);
            free(xml);
        }
        free(exe);
    }
    task_info_free(&t);
    free(err);
}

static void one_line(const uint8_t *data, size_t size)
{
    char *text = strndup((const char *)data, size);
    struct event e = {EVENT_REFUSED, EVENT_WARNING, text};
    char *line = event_log_line(0, &e);
    if (strchr(line, '\n') || strchr(line, '\r'))
        fuzz_fail("an event log line spans lines", line);
    fuzz_check_printable(line, strlen(line), 0, "event log line");
    free(line);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    read_and_round_trip(data, size);
    one_line(data, size);
    return 0;
}
