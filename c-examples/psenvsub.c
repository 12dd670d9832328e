//  Pubsub envelope subscriber
//  Runs forever; "psenvsub N" stops after N messages.

#include "zhelpers.h"

int main (int argc, char *argv [])
{
    int count = argc > 1 ? atoi (argv [1]) : -1;

    //  Prepare our context and subscriber
    void *context = zmq_ctx_new ();
    void *subscriber = zmq_socket (context, ZMQ_SUB);
    zmq_connect (subscriber, s_endpoint ("tcp://localhost:5563"));
    zmq_setsockopt (subscriber, ZMQ_SUBSCRIBE, "B", 1);

    while (count != 0) {
        //  Read envelope with address
        char *address = s_recv (subscriber);
        if (!address)
            break;              //  Interrupted
        //  Read message contents
        char *contents = s_recv (subscriber);
        printf ("[%s] %s\n", address, contents);
        fflush (stdout);
        free (address);
        free (contents);
        if (count > 0)
            count--;
    }
    zmq_close (subscriber);
    zmq_ctx_destroy (context);
    return 0;
}
