/* The version string (the Makefile passes -DCERTREBIND_VERSION). */
#ifndef CERTREBIND_VERSION_H
#define CERTREBIND_VERSION_H
#ifndef CERTREBIND_VERSION
#define CERTREBIND_VERSION "dev"
#endif
#endif
