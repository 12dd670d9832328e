/* ZMQ_AFFINITY and ZMQ_BACKLOG are accepted, read back, and the sockets
 * using them work: connections of a socket with affinity are served by the
 * chosen I/O thread (with two I/O threads either choice must work), and a
 * listener with a small backlog still accepts a burst of peers. */
#include "nettest.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    REQUIRE (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 2) == 0);

    for (int thread = 0; thread < 2; thread++) {
        char ep[256];
        void *pull = ts_socket (ctx, ZMQ_PULL);
        uint64_t aff = (uint64_t) 1 << thread;
        REQUIRE (zmq_setsockopt (pull, ZMQ_AFFINITY, &aff, sizeof aff) == 0);
        uint64_t got = 0;
        size_t size = sizeof got;
        CHECK (zmq_getsockopt (pull, ZMQ_AFFINITY, &got, &size) == 0);
        CHECK (got == aff && size == sizeof got);
        ts_set_int (pull, ZMQ_BACKLOG, 1);
        CHECK (ts_get_int (pull, ZMQ_BACKLOG) == 1);
        nt_bind (pull, thread ? "ipc" : "tcp", ep, sizeof ep);

        void *push[8];
        for (int i = 0; i < 8; i++) {
            push[i] = ts_socket (ctx, ZMQ_PUSH);
            REQUIRE (zmq_setsockopt (push[i], ZMQ_AFFINITY, &aff, sizeof aff)
                     == 0);
            REQUIRE (zmq_connect (push[i], ep) == 0);
            char buf[8];
            snprintf (buf, sizeof buf, "p%d", i);
            ts_send (push[i], buf, 0);
        }
        int seen = 0;
        for (int i = 0; i < 8; i++) {
            char buf[8];
            int rc = ts_recv (pull, buf, sizeof buf);
            CHECK (rc == 2 && buf[0] == 'p');
            if (rc == 2)
                seen |= 1 << (buf[1] - '0');
        }
        CHECK (seen == 0xff);
        for (int i = 0; i < 8; i++)
            CHECK (zmq_close (push[i]) == 0);
        CHECK (zmq_close (pull) == 0);
    }
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
