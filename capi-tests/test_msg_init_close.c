/* zmq_msg_init, zmq_msg_init_size, zmq_msg_data, zmq_msg_size, zmq_msg_close:
 * bodies of every size are writable and keep their bytes; a closed message
 * is EFAULT. */
#include "testutil.h"
#include <stdint.h>

static void check_size (size_t size)
{
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init_size (&msg, size) == 0);
    CHECK (zmq_msg_size (&msg) == size);
    unsigned char *data = (unsigned char *) zmq_msg_data (&msg);
    CHECK (data != NULL);
    for (size_t i = 0; i < size; i++)
        data[i] = (unsigned char) (i * 7);
    /* memcpy of a zmq_msg_t is allowed: the copy is the same message. */
    zmq_msg_t moved;
    memcpy (&moved, &msg, sizeof msg);
    data = (unsigned char *) zmq_msg_data (&moved);
    int same = 1;
    for (size_t i = 0; i < size; i++)
        same &= data[i] == (unsigned char) (i * 7);
    CHECK (same);
    CHECK (zmq_msg_size (&moved) == size);
    CHECK (zmq_msg_more (&moved) == 0);
    CHECK (zmq_msg_close (&moved) == 0);
}

int main (void)
{
    test_start (10);

    zmq_msg_t msg;
    CHECK (zmq_msg_init (&msg) == 0);
    CHECK (zmq_msg_size (&msg) == 0);
    CHECK (zmq_msg_more (&msg) == 0);
    CHECK (zmq_msg_close (&msg) == 0);
    /* Closing twice is an error, not a crash. */
    CHECK_ERR (zmq_msg_close (&msg), EFAULT);

    size_t sizes[] = {0, 1, 29, 32, 33, 34, 64, 255, 256, 8192, 1000000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        check_size (sizes[i]);

    /* A size no allocator can give is ENOMEM, not an abort. */
    CHECK_ERR (zmq_msg_init_size (&msg, (size_t) 1 << 62), ENOMEM);

    /* A zeroed zmq_msg_t is not a message. */
    memset (&msg, 0, sizeof msg);
    CHECK_ERR (zmq_msg_close (&msg), EFAULT);

    return test_end ();
}
