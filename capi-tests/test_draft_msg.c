/* zmq-test: draft */
/* The draft message and context calls: routing ids and groups on messages,
 * zmq_msg_init_buffer, zmq_ctx_set_ext/get_ext with ZMQ_THREAD_NAME_PREFIX,
 * and ENOTSUP from the socket calls no socket type of this library has yet
 * (libzmq answers the same for the stable types). */
#include "testutil.h"
#include "draftutil.h"

int main (void)
{
    test_start (10);
    require_draft (zmq_msg_set_group);
    zmq_msg_t m;
    CHECK (zmq_msg_init (&m) == 0);
    CHECK (zmq_msg_routing_id (&m) == 0);
    CHECK_ERR (zmq_msg_set_routing_id (&m, 0), EINVAL);
    CHECK (zmq_msg_set_routing_id (&m, 0xdeadbeef) == 0);
    CHECK (zmq_msg_routing_id (&m) == 0xdeadbeef);
    CHECK (strcmp (zmq_msg_group (&m), "") == 0);
    CHECK (zmq_msg_set_group (&m, "weather") == 0);
    CHECK (strcmp (zmq_msg_group (&m), "weather") == 0);
    char longest[ZMQ_GROUP_MAX_LENGTH + 2];
    memset (longest, 'g', sizeof longest);
    longest[ZMQ_GROUP_MAX_LENGTH] = 0;
    CHECK (zmq_msg_set_group (&m, longest) == 0);
    CHECK (strcmp (zmq_msg_group (&m), longest) == 0);
    longest[ZMQ_GROUP_MAX_LENGTH] = 'g';
    longest[ZMQ_GROUP_MAX_LENGTH + 1] = 0;
    CHECK_ERR (zmq_msg_set_group (&m, longest), EINVAL);
    CHECK (zmq_msg_set_group (&m, "news") == 0);

    /* A copy keeps both. */
    zmq_msg_t c;
    CHECK (zmq_msg_init (&c) == 0);
    CHECK (zmq_msg_copy (&c, &m) == 0);
    CHECK (zmq_msg_routing_id (&c) == 0xdeadbeef);
    CHECK (strcmp (zmq_msg_group (&c), "news") == 0);
    CHECK (zmq_msg_close (&c) == 0);
    CHECK (zmq_msg_close (&m) == 0);

    CHECK (zmq_msg_init_buffer (&m, "hello", 5) == 0);
    CHECK (zmq_msg_size (&m) == 5 && memcmp (zmq_msg_data (&m), "hello", 5) == 0);
    CHECK (zmq_msg_close (&m) == 0);

    void *ctx = zmq_ctx_new ();
    CHECK (zmq_ctx_set_ext (ctx, ZMQ_THREAD_NAME_PREFIX, "pfx", 3) == 0);
    char name[16];
    size_t len = sizeof name;
    CHECK (zmq_ctx_get_ext (ctx, ZMQ_THREAD_NAME_PREFIX, name, &len) == 0);
    CHECK (len == 3 && memcmp (name, "pfx", 3) == 0);
    int v = 4;
    CHECK (zmq_ctx_set_ext (ctx, ZMQ_IO_THREADS, &v, sizeof v) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_IO_THREADS) == 4);
    v = 0;
    len = sizeof v;
    CHECK (zmq_ctx_get_ext (ctx, ZMQ_IO_THREADS, &v, &len) == 0 && v == 4);
    CHECK_ERR (zmq_ctx_set_ext (ctx, ZMQ_THREAD_NAME_PREFIX, "0123456789abcdefg", 17), EINVAL);

    void *s = zmq_socket (ctx, ZMQ_PAIR);
    CHECK_ERR (zmq_join (s, "g"), ENOTSUP);
    CHECK_ERR (zmq_leave (s, "g"), ENOTSUP);
    errno = 0;
    CHECK (zmq_connect_peer (s, "inproc://x") == 0 && zmq_errno () == ENOTSUP);
    CHECK_ERR (zmq_join (NULL, "g"), ENOTSOCK);
    zmq_close (s);
    zmq_ctx_term (ctx);
    return test_end ();
}
