//  Lazy Pirate server
//  Binds REQ socket to tcp://*:5555
//  Like hwserver except:
//   - echoes request as-is
//   - randomly runs slowly, or exits to simulate a crash.
//  "lpserver N" crashes at the Nth request instead, and never overloads.

#include "zhelpers.h"

int main (int argc, char *argv [])
{
    int crash_at = argc > 1 ? atoi (argv [1]) : 0;
    srandom ((unsigned) time (NULL));

    void *context = zmq_ctx_new ();
    void *server = zmq_socket (context, ZMQ_REP);
    zmq_bind (server, s_endpoint ("tcp://*:5555"));

    int cycles = 0;
    while (1) {
        char *request = s_recv (server);
        if (!request)
            break;              //  Interrupted
        cycles++;

        //  Simulate various problems, after a few cycles
        if (crash_at ? cycles == crash_at : cycles > 3 && randof (3) == 0) {
            printf ("I: simulating a crash\n");
            fflush (stdout);
            free (request);
            break;
        }
        else
        if (!crash_at && cycles > 3 && randof (3) == 0) {
            printf ("I: simulating CPU overload\n");
            fflush (stdout);
            sleep (2);
        }
        printf ("I: normal request (%s)\n", request);
        fflush (stdout);
        sleep (1);              //  Do some heavy work
        s_send (server, request);
        free (request);
    }
    zmq_close (server);
    zmq_ctx_destroy (context);
    return 0;
}
