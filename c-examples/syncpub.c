//  Synchronized publisher
//  "syncpub [subscribers [updates]]": the guide waits for 10 subscribers
//  and broadcasts 1,000,000 updates.

#include "zhelpers.h"
#define SUBSCRIBERS_EXPECTED  10    //  We wait for 10 subscribers
#define UPDATES               1000000

int main (int argc, char *argv [])
{
    int subscribers_expected = argc > 1 ? atoi (argv [1]) : SUBSCRIBERS_EXPECTED;
    int updates = argc > 2 ? atoi (argv [2]) : UPDATES;
    void *context = zmq_ctx_new ();

    //  Socket to talk to clients
    void *publisher = zmq_socket (context, ZMQ_PUB);

    int sndhwm = 1100000;
    zmq_setsockopt (publisher, ZMQ_SNDHWM, &sndhwm, sizeof (int));

    zmq_bind (publisher, s_endpoint ("tcp://*:5561"));

    //  Socket to receive signals
    void *syncservice = zmq_socket (context, ZMQ_REP);
    zmq_bind (syncservice, s_endpoint ("tcp://*:5562"));

    //  Get synchronization from subscribers
    printf ("Waiting for subscribers\n");
    fflush (stdout);
    int subscribers = 0;
    while (subscribers < subscribers_expected) {
        //  - wait for synchronization request
        char *string = s_recv (syncservice);
        free (string);
        //  - send synchronization reply
        s_send (syncservice, "");
        subscribers++;
    }
    //  Now broadcast exactly 1M updates followed by END
    printf ("Broadcasting messages\n");
    fflush (stdout);
    int update_nbr;
    for (update_nbr = 0; update_nbr < updates; update_nbr++)
        s_send (publisher, "Rhubarb");

    s_send (publisher, "END");

    zmq_close (publisher);
    zmq_close (syncservice);
    zmq_ctx_destroy (context);
    return 0;
}
