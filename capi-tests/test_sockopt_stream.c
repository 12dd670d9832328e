/* ZMQ_STREAM sockets carry the same generic options as every other type:
 * libzmq 4.3's defaults, and set/get round trips. */
#include "testutil.h"

static int get_int (void *s, int option)
{
    int value = 0x5a5a5a5a;
    size_t size = sizeof value;
    CHECK (zmq_getsockopt (s, option, &value, &size) == 0);
    CHECK (size == sizeof value);
    return value;
}

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_STREAM);
    REQUIRE (s);

    CHECK (get_int (s, ZMQ_TYPE) == ZMQ_STREAM);
    CHECK (get_int (s, ZMQ_SNDHWM) == 1000);
    CHECK (get_int (s, ZMQ_RCVHWM) == 1000);
    CHECK (get_int (s, ZMQ_LINGER) == -1);
    CHECK (get_int (s, ZMQ_RECONNECT_IVL) == 100);
    CHECK (get_int (s, ZMQ_SNDBUF) == -1);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);
    CHECK (get_int (s, ZMQ_HANDSHAKE_IVL) == 30000);

    int value = 77;
    CHECK (zmq_setsockopt (s, ZMQ_SNDHWM, &value, sizeof value) == 0);
    CHECK (get_int (s, ZMQ_SNDHWM) == 77);
    value = 0;
    CHECK (zmq_setsockopt (s, ZMQ_LINGER, &value, sizeof value) == 0);
    CHECK (get_int (s, ZMQ_LINGER) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_ROUTING_ID, "peer", 4) == 0);
    char id[16];
    size_t size = sizeof id;
    CHECK (zmq_getsockopt (s, ZMQ_ROUTING_ID, id, &size) == 0);
    CHECK (size == 4 && memcmp (id, "peer", 4) == 0);
    value = -1;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_SNDHWM, &value, sizeof value), EINVAL);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
