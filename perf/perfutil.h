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

/* ZMQ_PERF_CURVE=1: CURVE with fixed test keys, the bound side (server)
 * given the server's secret key, the connecting side (client) its own key
 * pair and the server's public key. Unset or 0: the NULL mechanism.
 * Returns 0, or -1 when an option is refused or the library says it has no
 * CURVE (a library that took the options and spoke NULL would look fast). */
static inline int perf_apply_security (void *socket, int server)
{
    const char *flag = getenv ("ZMQ_PERF_CURVE");
    if (!flag || !*flag || *flag == '0')
        return 0;
    if (zmq_has ("curve") != 1) {
        fprintf (stderr, "ZMQ_PERF_CURVE=1 but zmq_has (\"curve\") is not 1\n");
        return -1;
    }
    static const char server_public[] = "ob{ksXE$F:cqx:Nr*!J.nZW(I+3$s8W.26.Gqk1#";
    static const char server_secret[] = "a7G%jisX%r>*B)YgnT+Da]M*0QKKXlA[o=eQO]fi";
    static const char client_public[] = "CbCO.:dB9tKUF]d=NDOm}VDMx0bQFZOcb<SJFghU";
    static const char client_secret[] = ":84Yb(@T2Os]3qmkc4xN4>MHI&x$gqbtI&PK}tLU";
    if (server) {
        int on = 1;
        if (zmq_setsockopt (socket, ZMQ_CURVE_SERVER, &on, sizeof on) != 0)
            return -1;
        return zmq_setsockopt (socket, ZMQ_CURVE_SECRETKEY, server_secret, 40);
    }
    if (zmq_setsockopt (socket, ZMQ_CURVE_SERVERKEY, server_public, 40) != 0
        || zmq_setsockopt (socket, ZMQ_CURVE_PUBLICKEY, client_public, 40) != 0)
        return -1;
    return zmq_setsockopt (socket, ZMQ_CURVE_SECRETKEY, client_secret, 40);
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
