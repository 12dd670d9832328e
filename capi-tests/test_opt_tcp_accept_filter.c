/* ZMQ_TCP_ACCEPT_FILTER (deprecated, still honoured): a bound tcp socket
 * with filters accepts only peers whose address matches one of them; an
 * empty filter clears the list. Filters are taken at bind time. */
#include "rawpeer.h"

static void *server_with (void *ctx, const char *filter, char *ep, size_t n)
{
    void *pull = ts_socket (ctx, ZMQ_PULL);
    if (filter)
        ts_set_str (pull, ZMQ_TCP_ACCEPT_FILTER, filter);
    ts_bind_any (pull, "tcp://127.0.0.1:*", ep, n);
    return pull;
}

/* Does the server accept a connection from 127.0.0.1? */
static int accepted (void *pull, const char *ep)
{
    (void) pull;
    int fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (fd, greeting, sizeof greeting);
    unsigned char peer[10];
    int ok = rp_read (fd, peer, sizeof peer, 2000) == 0;
    close (fd);
    return ok;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[64];

    void *s = server_with (ctx, "127.0.0.2", ep, sizeof ep);
    CHECK (!accepted (s, ep));
    /* A zmq peer is kept out too. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    zmq_send (push, "no", 2, ZMQ_DONTWAIT);
    ts_expect_none (s, 300);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (s) == 0);

    /* One of several filters matching is enough. */
    s = ts_socket (ctx, ZMQ_PULL);
    ts_set_str (s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.2");
    ts_set_str (s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.1");
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, sizeof ep);
    CHECK (accepted (s, ep));
    rp_check_good_client (ctx, s, ep);
    CHECK (zmq_close (s) == 0);

    /* An empty filter clears the list. */
    s = ts_socket (ctx, ZMQ_PULL);
    ts_set_str (s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.2");
    REQUIRE (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, NULL, 0) == 0);
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, sizeof ep);
    CHECK (accepted (s, ep));
    CHECK (zmq_close (s) == 0);

    /* Not an address: EINVAL. */
    s = ts_socket (ctx, ZMQ_PULL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "nonsense", 8),
               EINVAL);
    CHECK (zmq_close (s) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
