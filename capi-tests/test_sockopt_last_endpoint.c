/* ZMQ_LAST_ENDPOINT after zmq_bind / zmq_connect, in libzmq 4.3's formats:
 * the resolved address with the kernel's port for tcp (`*` and `0` ports,
 * `*` host, interface names, IPv6 in brackets, v4-mapped when ZMQ_IPV6 is
 * on), the path as given for ipc (a fresh ".../socket" path for a "*" path),
 * the name for inproc, and the endpoint as written for connects. */
#include "testutil.h"

static char last[256];

static const char *last_endpoint (void *s)
{
    size_t size = sizeof last;
    memset (last, 0, sizeof last);
    if (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, last, &size) != 0
        || size != strlen (last) + 1) {
        fprintf (stderr, "ZMQ_LAST_ENDPOINT failed: errno %d\n", zmq_errno ());
        testutil_failures++;
    }
    return last;
}

/* Whether `text` is `prefix` followed by a port number 1..65535. */
static int has_port_after (const char *text, const char *prefix)
{
    size_t n = strlen (prefix);
    if (strncmp (text, prefix, n) != 0)
        return 0;
    const char *p = text + n;
    if (*p < '1' || *p > '9')
        return 0;
    long port = strtol (p, NULL, 10);
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return port > 0 && port < 65536;
}

static void *new_socket (void *ctx, int ipv6)
{
    void *s = zmq_socket (ctx, ZMQ_PAIR);
    REQUIRE (s);
    int zero = 0;
    CHECK (zmq_setsockopt (s, ZMQ_LINGER, &zero, sizeof zero) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_IPV6, &ipv6, sizeof ipv6) == 0);
    return s;
}

/* Binds `endpoint` and checks ZMQ_LAST_ENDPOINT is prefix + a port. */
static void check_bind (void *ctx, int ipv6, const char *endpoint,
                        const char *prefix)
{
    void *s = new_socket (ctx, ipv6);
    int rc = zmq_bind (s, endpoint);
    if (rc != 0) {
        fprintf (stderr, "bind %s (ipv6=%d) failed: errno %d\n", endpoint,
                 ipv6, zmq_errno ());
        testutil_failures++;
    } else if (!has_port_after (last_endpoint (s), prefix)) {
        fprintf (stderr, "bind %s: last endpoint [%s], want %sPORT\n",
                 endpoint, last, prefix);
        testutil_failures++;
    }
    CHECK (zmq_close (s) == 0);
}

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    check_bind (ctx, 0, "tcp://127.0.0.1:*", "tcp://127.0.0.1:");
    check_bind (ctx, 0, "tcp://127.0.0.1:0", "tcp://127.0.0.1:");
    check_bind (ctx, 0, "tcp://*:*", "tcp://0.0.0.0:");
    check_bind (ctx, 0, "tcp://lo:*", "tcp://127.0.0.1:");
    check_bind (ctx, 0, "tcp://[127.0.0.1]:*", "tcp://127.0.0.1:");
    check_bind (ctx, 1, "tcp://*:*", "tcp://[::]:");
    check_bind (ctx, 1, "tcp://[::1]:*", "tcp://[::1]:");
    check_bind (ctx, 1, "tcp://127.0.0.1:*", "tcp://[::ffff:127.0.0.1]:");

    /* A second bind on the same socket reports the newest endpoint. */
    void *s = new_socket (ctx, 0);
    CHECK (zmq_bind (s, "tcp://127.0.0.1:*") == 0);
    char first[256];
    strcpy (first, last_endpoint (s));
    CHECK (zmq_bind (s, "inproc://last-endpoint-test") == 0);
    CHECK (strcmp (last_endpoint (s), "inproc://last-endpoint-test") == 0);

    /* Connects report the endpoint exactly as written. */
    void *c = new_socket (ctx, 0);
    CHECK (zmq_connect (c, first) == 0);
    CHECK (strcmp (last_endpoint (c), first) == 0);
    char with_host[300];
    const char *port = strrchr (first, ':') + 1;
    snprintf (with_host, sizeof with_host, "tcp://localhost:%s", port);
    CHECK (zmq_connect (c, with_host) == 0);
    CHECK (strcmp (last_endpoint (c), with_host) == 0);
    CHECK (zmq_connect (c, "inproc://last-endpoint-test") == 0);
    CHECK (strcmp (last_endpoint (c), "inproc://last-endpoint-test") == 0);
    CHECK (zmq_close (c) == 0);
    CHECK (zmq_close (s) == 0);

    /* ipc: a path is reported as given; `*` becomes a fresh socket path. */
    char path[64];
    snprintf (path, sizeof path, "ipc:///tmp/zmq-last-endpoint-%d",
              (int) getpid ());
    s = new_socket (ctx, 0);
    CHECK (zmq_bind (s, path) == 0);
    CHECK (strcmp (last_endpoint (s), path) == 0);
    CHECK (access (path + 6, F_OK) == 0);
    CHECK (zmq_bind (s, "ipc://*") == 0);
    const char *wild = last_endpoint (s);
    size_t n = strlen (wild);
    CHECK (strncmp (wild, "ipc://", 6) == 0);
    CHECK (n > 13 && strcmp (wild + n - 7, "/socket") == 0);
    CHECK (access (wild + 6, F_OK) == 0);
    char abstract[64];
    snprintf (abstract, sizeof abstract, "ipc://@zmq-last-endpoint-%d",
              (int) getpid ());
    CHECK (zmq_bind (s, abstract) == 0);
    CHECK (strcmp (last_endpoint (s), abstract) == 0);
    CHECK (zmq_close (s) == 0);
    unlink (path + 6);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
