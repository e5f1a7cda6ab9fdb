/* Helpers shared by the test suites. */
#ifndef CERTREBIND_TESTUTIL_H
#define CERTREBIND_TESTUTIL_H

#include <stddef.h>

#include "diag.h"

/* What the tests run: the executables' suffix, the path separator, and the simulators of
 * tests/sim/ as built for this platform. */
#ifdef _WIN32
#define EXE ".exe"
#define SEP "\\"
#else
#define EXE ""
#define SEP "/"
#endif
#define SIM_NETSH BUILD_DIR "/sim/netsh" EXE
#define SIM_CERTUTIL BUILD_DIR "/sim/certutil" EXE
#define SIM_APPCMD BUILD_DIR "/sim/appcmd" EXE
#define SIM_CERTREQ BUILD_DIR "/sim/certreq" EXE
#define SIM_SCHTASKS BUILD_DIR "/sim/schtasks" EXE

/* Reads FIXTURES_DIR/rel (aborts the test on failure). Caller frees. */
unsigned char *fixture_read(const char *rel, size_t *len);
/* Reads any file; NULL if missing. Caller frees. */
unsigned char *file_read_all(const char *path, size_t *len);
/* Path of a fixture file, in a static buffer. */
const char *fixture_path(const char *rel);
/* Makes a fresh temporary directory for a test; caller removes it with rm_rf. */
char *make_temp_dir(void);
void rm_rf(const char *path);
int write_file(const char *path, const void *data, size_t len);
void sleep_ms(int ms);
/* The first diagnostic of that severity whose message contains needle, or NULL. */
const struct diag *find_diag(const struct diags *d, enum severity sev, const char *needle);
/* How many files dir holds besides certrebind.lock (the machine-wide lock, which every run that
 * may change the host creates in its backup folder): a backup or a log line would be one. A
 * missing dir holds none. */
size_t files_besides_lock(const char *dir);
/* Environment for the simulators the tests start (the same calls on POSIX and Windows). */
void env_set(const char *name, const char *value);
void env_unset(const char *name);

#endif
