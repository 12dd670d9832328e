/* zmq_msg_copy shares the body (ZMQ_SHARED reports it, sticky, for bodies
 * too large to be inline); zmq_msg_move transfers it and leaves the source
 * empty; both need an initialised destination and source. */
#include "testutil.h"

static void fill (zmq_msg_t *msg, size_t size, char c)
{
    REQUIRE (zmq_msg_init_size (msg, size) == 0);
    memset (zmq_msg_data (msg), c, size);
}

int main (void)
{
    test_start (10);
    zmq_msg_t a, b;

    /* Large body: copy shares it. */
    fill (&a, 100, 'x');
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 0);
    REQUIRE (zmq_msg_init (&b) == 0);
    CHECK (zmq_msg_copy (&b, &a) == 0);
    CHECK (zmq_msg_size (&b) == 100);
    CHECK (zmq_msg_data (&b) == zmq_msg_data (&a));
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 1);
    CHECK (zmq_msg_get (&b, ZMQ_SHARED) == 1);
    CHECK (zmq_msg_close (&b) == 0);
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 1);
    CHECK (memcmp (zmq_msg_data (&a), "xxxx", 4) == 0);
    CHECK (zmq_msg_close (&a) == 0);

    /* Small body: copy duplicates it, nothing is shared. */
    fill (&a, 33, 'y');
    REQUIRE (zmq_msg_init (&b) == 0);
    CHECK (zmq_msg_copy (&b, &a) == 0);
    CHECK (zmq_msg_size (&b) == 33);
    CHECK (memcmp (zmq_msg_data (&b), "yyy", 3) == 0);
    CHECK (zmq_msg_get (&a, ZMQ_SHARED) == 0);
    CHECK (zmq_msg_get (&b, ZMQ_SHARED) == 0);
    CHECK (zmq_msg_close (&a) == 0);
    CHECK (zmq_msg_close (&b) == 0);

    /* Move: destination gets the body, source becomes an empty message. */
    fill (&a, 5000, 'z');
    void *body = zmq_msg_data (&a);
    fill (&b, 10, 'q');
    CHECK (zmq_msg_move (&b, &a) == 0);
    CHECK (zmq_msg_size (&b) == 5000);
    CHECK (zmq_msg_data (&b) == body);
    CHECK (zmq_msg_size (&a) == 0);
    CHECK (zmq_msg_close (&a) == 0);
    CHECK (zmq_msg_close (&b) == 0);

    /* Closed source or destination: EFAULT. */
    fill (&a, 3, 'a');
    CHECK_ERR (zmq_msg_copy (&a, &b), EFAULT);
    CHECK_ERR (zmq_msg_copy (&b, &a), EFAULT);
    CHECK_ERR (zmq_msg_move (&a, &b), EFAULT);
    CHECK_ERR (zmq_msg_move (&b, &a), EFAULT);
    CHECK (zmq_msg_size (&a) == 3);
    CHECK (zmq_msg_close (&a) == 0);

    return test_end ();
}
