//  Lazy Pirate client
//  Use zmq_poll to do a safe request-reply
//  To run, start lpserver and then randomly kill/restart it

#include "zhelpers.h"

#define REQUEST_TIMEOUT     2500    //  msecs, (> 1000!)
#define REQUEST_RETRIES     3       //  Before we abandon
#define SERVER_ENDPOINT     "tcp://localhost:5555"

//  A REQ socket that drops unsent requests when closed
static void *
s_client_socket (void *context)
{
    void *client = zmq_socket (context, ZMQ_REQ);
    assert (client);
    int linger = 0;
    zmq_setsockopt (client, ZMQ_LINGER, &linger, sizeof (linger));
    zmq_connect (client, s_endpoint (SERVER_ENDPOINT));
    return client;
}

int main (void)
{
    void *context = zmq_ctx_new ();
    printf ("I: connecting to server...\n");
    fflush (stdout);
    void *client = s_client_socket (context);

    int sequence = 0;
    int retries_left = REQUEST_RETRIES;
    while (retries_left) {
        //  We send a request, then we work to get a reply
        char request [16];
        snprintf (request, sizeof request, "%d", ++sequence);
        s_send (client, request);

        int expect_reply = 1;
        while (expect_reply) {
            //  Poll socket for a reply, with timeout
            zmq_pollitem_t items [] = { { client, 0, ZMQ_POLLIN, 0 } };
            int rc = zmq_poll (items, 1, REQUEST_TIMEOUT);
            if (rc == -1) {
                retries_left = 0;
                break;          //  Interrupted
            }
            //  .split process server reply
            //  Here we process a server reply and exit our loop if the
            //  reply is valid. If we didn't a reply we close the client
            //  socket and resend the request. We try a number of times
            //  before finally abandoning:

            if (items [0].revents & ZMQ_POLLIN) {
                //  We got a reply from the server, must match sequence
                char *reply = s_recv (client);
                if (!reply)
                    break;      //  Interrupted
                if (atoi (reply) == sequence) {
                    printf ("I: server replied OK (%s)\n", reply);
                    retries_left = REQUEST_RETRIES;
                    expect_reply = 0;
                }
                else
                    printf ("E: malformed reply from server: %s\n", reply);
                free (reply);
            }
            else
            if (--retries_left == 0) {
                printf ("E: server seems to be offline, abandoning\n");
                break;
            }
            else {
                printf ("W: no response from server, retrying...\n");
                //  Old socket is confused; close it and open a new one
                zmq_close (client);
                printf ("I: reconnecting to server...\n");
                client = s_client_socket (context);
                //  Send request again, on new socket
                s_send (client, request);
            }
            fflush (stdout);
        }
    }
    fflush (stdout);
    zmq_close (client);
    zmq_ctx_destroy (context);
    return 0;
}
