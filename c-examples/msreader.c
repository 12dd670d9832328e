//  Reading from multiple sockets
//  This version uses a simple recv loop
//  "msreader [filter [tasks updates]]" subscribes to filter (the guide's
//  "10001 ") and stops once it has had that many tasks and updates; with
//  no arguments it runs forever, as in the guide.

#include "zhelpers.h"

int main (int argc, char *argv [])
{
    const char *filter = argc > 1 ? argv [1] : "10001 ";
    int tasks_wanted = argc > 3 ? atoi (argv [2]) : -1;
    int updates_wanted = argc > 3 ? atoi (argv [3]) : -1;
    int tasks = 0, updates = 0;

    //  Connect to task ventilator
    void *context = zmq_ctx_new ();
    void *receiver = zmq_socket (context, ZMQ_PULL);
    zmq_connect (receiver, s_endpoint ("tcp://localhost:5557"));

    //  Connect to weather server
    void *subscriber = zmq_socket (context, ZMQ_SUB);
    zmq_connect (subscriber, s_endpoint ("tcp://localhost:5556"));
    zmq_setsockopt (subscriber, ZMQ_SUBSCRIBE, filter, strlen (filter));

    //  Process messages from both sockets
    //  We prioritize traffic from the task ventilator
    while (tasks_wanted < 0 || tasks < tasks_wanted
           || updates < updates_wanted) {
        char msg [256];
        while (1) {
            int size = zmq_recv (receiver, msg, 255, ZMQ_DONTWAIT);
            if (size != -1) {
                //  Process task
                msg [size < 255 ? size : 255] = 0;
                printf ("Task: %s\n", msg);
                tasks++;
            }
            else
                break;
        }
        while (1) {
            int size = zmq_recv (subscriber, msg, 255, ZMQ_DONTWAIT);
            if (size != -1) {
                //  Process weather update
                msg [size < 255 ? size : 255] = 0;
                printf ("Weather update: %s\n", msg);
                updates++;
            }
            else
                break;
        }
        fflush (stdout);
        //  No activity, so sleep for 1 msec
        s_sleep (1);
    }
    zmq_close (receiver);
    zmq_close (subscriber);
    zmq_ctx_destroy (context);
    return 0;
}
