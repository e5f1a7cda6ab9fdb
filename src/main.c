/* Entry point: arguments to cli_main, nothing else. */
#include "cli.h"

#ifdef _WIN32
#include <wchar.h>

#include "platform.h"

int wmain(int argc, wchar_t **wargv)
{
    win32_console_init();
    return cli_main(argc, win32_utf8_argv(argc, wargv));
}
#else
int main(int argc, char **argv) { return cli_main(argc, argv); }
#endif
