//  Shows how to handle Ctrl-C

#include "zhelpers.h"
#include <errno.h>

int main (void)
{
    void *context = zmq_ctx_new ();
    void *socket = zmq_socket (context, ZMQ_REP);
    zmq_bind (socket, s_endpoint ("tcp://*:5555"));

    s_catch_signals ();
    while (1) {
        //  Blocking read will exit on a signal
        char buffer [255];
        int rc = zmq_recv (socket, buffer, 255, 0);
        if (s_interrupted) {
            printf ("W: interrupt received, killing server...\n");
            break;
        }
        if (rc == -1 && zmq_errno () != EINTR)
            break;              //  Context terminated
        if (rc >= 0)
            zmq_send (socket, buffer, rc < 255 ? rc : 255, 0);
    }
    zmq_close (socket);
    zmq_ctx_destroy (context);
    return 0;
}
