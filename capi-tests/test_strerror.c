/* zmq_strerror: libzmq's texts for its own errors and EHOSTUNREACH,
 * the C library's for the rest; zmq_errno reads errno. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    CHECK (strcmp (zmq_strerror (EFSM),
                   "Operation cannot be accomplished in current state") == 0);
    CHECK (strcmp (zmq_strerror (ENOCOMPATPROTO),
                   "The protocol is not compatible with the socket type") == 0);
    CHECK (strcmp (zmq_strerror (ETERM), "Context was terminated") == 0);
    CHECK (strcmp (zmq_strerror (EMTHREAD), "No thread available") == 0);
    CHECK (strcmp (zmq_strerror (EHOSTUNREACH), "Host unreachable") == 0);
    /* Every other value: the C library's text. */
    int sys[] = {EINVAL, EAGAIN, ENOTSUP, EPROTONOSUPPORT, EADDRINUSE, EFAULT,
                 ENOTSOCK, EMSGSIZE, ENOMEM, EINTR, 0, 99999};
    for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
        CHECK (strcmp (zmq_strerror (sys[i]), strerror (sys[i])) == 0);
    CHECK (zmq_strerror (-1) != NULL);

    errno = EAGAIN;
    CHECK (zmq_errno () == EAGAIN);
    errno = ETERM;
    CHECK (zmq_errno () == ETERM);
    return test_end ();
}
