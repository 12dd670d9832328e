/*  =====================================================================
    zhelpers.h

    Helper header file for the example programs, in the style of the
    ZeroMQ guide's own helpers: receive and send strings, dump messages,
    set random identities, sleep and read the clock.

    One addition for testing: s_endpoint() lets an environment variable
    replace a fixed endpoint, so tests never depend on a fixed port.
    =====================================================================
*/

#ifndef __ZHELPERS_H_INCLUDED__
#define __ZHELPERS_H_INCLUDED__

//  Include a bunch of headers that we will need in the examples

#include <zmq.h>

#include <assert.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

//  Provide random number from 0..(num-1)
#define randof(num) (int) ((float) (num) * random () / (RAND_MAX + 1.0))

//  Receive 0MQ string from socket and convert into C string
//  Caller must free returned string. Returns NULL if the context
//  is being terminated.
static char *
s_recv (void *socket)
{
    enum { cap = 256 };
    char buffer [cap];
    int size = zmq_recv (socket, buffer, cap - 1, 0);
    if (size == -1)
        return NULL;
    buffer [size < cap ? size : cap - 1] = '\0';
    return strndup (buffer, sizeof (buffer) - 1);
}

//  Convert C string to 0MQ string and send to socket
static int
s_send (void *socket, const char *string)
{
    int size = zmq_send (socket, string, strlen (string), 0);
    return size;
}

//  Sends string as 0MQ string, as multipart non-terminal
static int
s_sendmore (void *socket, const char *string)
{
    int size = zmq_send (socket, string, strlen (string), ZMQ_SNDMORE);
    return size;
}

//  Receives all message parts from socket, prints neatly
static void
s_dump (void *socket)
{
    int rc;
    zmq_msg_t message;
    rc = zmq_msg_init (&message);
    assert (rc == 0);

    puts ("----------------------------------------");
    //  Process all parts of the message
    do {
        int size = zmq_msg_recv (&message, socket, 0);
        assert (size >= 0);

        //  Dump the message as text or binary
        char *data = (char *) zmq_msg_data (&message);
        assert (data != 0 || size == 0);
        int is_text = 1;
        int char_nbr;
        for (char_nbr = 0; char_nbr < size; char_nbr++) {
            if ((unsigned char) data [char_nbr] < 32
                || (unsigned char) data [char_nbr] > 126) {
                is_text = 0;
            }
        }
        printf ("[%03d] ", size);
        for (char_nbr = 0; char_nbr < size; char_nbr++) {
            if (is_text) {
                printf ("%c", data [char_nbr]);
            } else {
                printf ("%02X", (unsigned char) data [char_nbr]);
            }
        }
        printf ("\n");
    } while (zmq_msg_more (&message));

    rc = zmq_msg_close (&message);
    assert (rc == 0);
}

//  Set simple random printable identity on socket
//  Caution:
//    DO NOT call this version of s_set_id from multiple threads on MS Windows
//    since s_set_id will call rand() on MS Windows. rand(), however, is not
//    reentrant or thread-safe. See issue #521.
static void
s_set_id (void *socket)
{
    char identity [10];
    sprintf (identity, "%04X-%04X", randof (0x10000), randof (0x10000));
    zmq_setsockopt (socket, ZMQ_ROUTING_ID, identity, strlen (identity));
}

//  Sleep for a number of milliseconds
static void
s_sleep (int msecs)
{
    struct timespec t;
    t.tv_sec = msecs / 1000;
    t.tv_nsec = (msecs % 1000) * 1000000;
    nanosleep (&t, NULL);
}

//  Return current system clock as milliseconds
static int64_t
s_clock (void)
{
    struct timeval tv;
    gettimeofday (&tv, NULL);
    return (int64_t) (tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

//  Print formatted string to stdout, prefixed by date/time and
//  terminated with a newline.
static void
s_console (const char *format, ...)
{
    time_t curtime = time (NULL);
    struct tm *loctime = localtime (&curtime);
    char *formatted = (char *) malloc (20);
    strftime (formatted, 20, "%y-%m-%d %H:%M:%S ", loctime);
    printf ("%s", formatted);
    free (formatted);

    va_list argptr;
    va_start (argptr, format);
    vprintf (format, argptr);
    va_end (argptr);
    printf ("\n");
}

//  Signal handling: s_catch_signals () makes SIGINT and SIGTERM set
//  s_interrupted, so a program can leave its loop and clean up.
static volatile sig_atomic_t s_interrupted = 0;
static void
s_signal_handler (int signal_value)
{
    (void) signal_value;
    s_interrupted = 1;
}

static void
s_catch_signals (void)
{
    struct sigaction action;
    action.sa_handler = s_signal_handler;
    action.sa_flags = 0;
    sigemptyset (&action.sa_mask);
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
}

//  Returns the endpoint to use instead of a fixed one. The guide's
//  programs use fixed ports (5555...5558); when the environment variable
//  ZHELPERS_ENDPOINT_<port> is set (e.g. ZHELPERS_ENDPOINT_5555=
//  tcp://127.0.0.1:40123), that endpoint is used to bind and to connect
//  instead, so several copies can run side by side.
static const char *
s_endpoint (const char *fixed)
{
    const char *port = strrchr (fixed, ':');
    if (port) {
        char name [64];
        snprintf (name, sizeof name, "ZHELPERS_ENDPOINT_%s", port + 1);
        const char *value = getenv (name);
        if (value && *value)
            return value;
    }
    return fixed;
}

//  Silence "defined but not used" for the helpers a program does not use.
static inline void
s_helpers_used (void)
{
    (void) s_recv;
    (void) s_send;
    (void) s_sendmore;
    (void) s_dump;
    (void) s_set_id;
    (void) s_sleep;
    (void) s_clock;
    (void) s_console;
    (void) s_catch_signals;
    (void) s_endpoint;
}

#endif  //  __ZHELPERS_H_INCLUDED__
