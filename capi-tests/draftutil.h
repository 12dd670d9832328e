/* For the tests of the draft API (built with -DZMQ_BUILD_DRAFT_API, see
 * run.sh): the draft functions are declared weak, so a test still links
 * against a libzmq that leaves them out (Debian's 4.3.4 does), and
 * require_draft() skips the test there. */
#ifndef CAPI_TESTS_DRAFTUTIL_H
#define CAPI_TESTS_DRAFTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <zmq.h>

#pragma weak zmq_poller_new
#pragma weak zmq_poller_destroy
#pragma weak zmq_poller_size
#pragma weak zmq_poller_add
#pragma weak zmq_poller_modify
#pragma weak zmq_poller_remove
#pragma weak zmq_poller_wait
#pragma weak zmq_poller_wait_all
#pragma weak zmq_poller_fd
#pragma weak zmq_poller_add_fd
#pragma weak zmq_poller_modify_fd
#pragma weak zmq_poller_remove_fd
#pragma weak zmq_msg_set_routing_id
#pragma weak zmq_msg_routing_id
#pragma weak zmq_msg_set_group
#pragma weak zmq_msg_group
#pragma weak zmq_msg_init_buffer
#pragma weak zmq_ctx_set_ext
#pragma weak zmq_ctx_get_ext
#pragma weak zmq_join
#pragma weak zmq_leave
#pragma weak zmq_connect_peer
#pragma weak zmq_socket_get_peer_state
#pragma weak zmq_socket_monitor_versioned
#pragma weak zmq_socket_monitor_pipes_stats

/* Exits 77 (skip) when the library under test does not export `fn`. */
#define require_draft(fn)                                                    \
    do {                                                                     \
        if ((void (*) (void)) (fn) == NULL) {                                \
            fprintf (stderr, "this libzmq does not export %s (Debian's "     \
                             "4.3.4 leaves the draft API out)\n", #fn);      \
            exit (77);                                                       \
        }                                                                    \
    } while (0)

#endif
