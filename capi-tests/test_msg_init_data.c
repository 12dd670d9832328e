/* zmq_msg_init_data: the body is the caller's buffer, used without a copy;
 * the free function runs exactly once, when the last copy is closed. Without
 * a free function the message is constant (reported shared) and the buffer
 * is never freed. */
#include "testutil.h"

static int freed = 0;
static void *freed_data = NULL;
static void *freed_hint = NULL;

static void my_free (void *data, void *hint)
{
    freed++;
    freed_data = data;
    freed_hint = hint;
}

int main (void)
{
    test_start (10);
    static char buffer[] = "a buffer owned by the caller, longer than inline";
    int hint = 0;
    zmq_msg_t a, b;

    REQUIRE (zmq_msg_init_data (&a, buffer, sizeof buffer, my_free, &hint) == 0);
    CHECK (zmq_msg_data (&a) == buffer);
    CHECK (zmq_msg_size (&a) == sizeof buffer);
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 0);
    REQUIRE (zmq_msg_init (&b) == 0);
    CHECK (zmq_msg_copy (&b, &a) == 0);
    CHECK (zmq_msg_data (&b) == buffer);
    CHECK (zmq_msg_close (&a) == 0);
    CHECK (freed == 0);
    CHECK (zmq_msg_close (&b) == 0);
    CHECK (freed == 1);
    CHECK (freed_data == buffer);
    CHECK (freed_hint == &hint);

    /* A small user buffer is not copied either. */
    static char small[] = "hi";
    REQUIRE (zmq_msg_init_data (&a, small, 2, my_free, NULL) == 0);
    CHECK (zmq_msg_data (&a) == small);
    CHECK (zmq_msg_close (&a) == 0);
    CHECK (freed == 2);

    /* No free function: constant, shared, never freed. */
    REQUIRE (zmq_msg_init_data (&a, buffer, 10, NULL, NULL) == 0);
    CHECK (zmq_msg_data (&a) == buffer);
    CHECK (zmq_msg_size (&a) == 10);
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 1);
    CHECK (zmq_msg_close (&a) == 0);
    CHECK (freed == 2);

    /* An empty body with no data pointer is fine. */
    REQUIRE (zmq_msg_init_data (&a, NULL, 0, NULL, NULL) == 0);
    CHECK (zmq_msg_size (&a) == 0);
    CHECK (zmq_msg_close (&a) == 0);

    return test_end ();
}
