/* Shared bits of the perf programs: argument parsing and the optional
 * peak-RSS report (ZMQ_PERF_RSS=1 prints it on stderr, for systems without
 * /usr/bin/time). The programs use only zmq.h. */
#ifndef PERF_PERFUTIL_H
#define PERF_PERFUTIL_H

#include <zmq.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static inline int perf_parse_count (const char *text, const char *what)
{
    char *end = NULL;
    long value = strtol (text, &end, 10);
    if (!end || *end || value <= 0 || value > 2147483647L) {
        fprintf (stderr, "invalid %s: %s\n", what, text);
        exit (1);
    }
    return (int) value;
}

static inline size_t perf_parse_size (const char *text)
{
    char *end = NULL;
    long value = strtol (text, &end, 10);
    if (!end || *end || value < 0 || value > 2147483647L) {
        fprintf (stderr, "invalid message size: %s\n", text);
        exit (1);
    }
    return (size_t) value;
}

static inline void perf_report_rss (void)
{
    const char *flag = getenv ("ZMQ_PERF_RSS");
    if (!flag || !*flag || *flag == '0')
        return;
    struct rusage usage;
    if (getrusage (RUSAGE_SELF, &usage) == 0)
        fprintf (stderr, "peak rss: %ld [KiB]\n", usage.ru_maxrss);
}

/* ZMQ_PERF_HOLD=1: block until standard input reaches end of file. */
static inline void perf_hold_until_eof (void)
{
    const char *flag = getenv ("ZMQ_PERF_HOLD");
    if (!flag || !*flag || *flag == '0')
        return;
    char buffer[64];
    while (fread (buffer, 1, sizeof buffer, stdin) > 0) {
    }
}

#define PERF_CHECK(cond)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "error in %s: %s\n", #cond,                     \
                     zmq_strerror (zmq_errno ()));                           \
            return -1;                                                       \
        }                                                                    \
    } while (0)

#endif
