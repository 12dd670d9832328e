/* zmq_stopwatch_* measure microseconds across zmq_sleep; zmq_threadstart
 * runs a function on another thread and zmq_threadclose joins it. */
#include "testutil.h"

static void worker (void *counter)
{
    zmq_atomic_counter_inc (counter);
}

int main (void)
{
    test_start (10);
    void *watch = zmq_stopwatch_start ();
    REQUIRE (watch != NULL);
    unsigned long first = zmq_stopwatch_intermediate (watch);
    zmq_sleep (1);
    unsigned long second = zmq_stopwatch_intermediate (watch);
    CHECK (second >= first);
    CHECK (second >= 1000000);
    CHECK (second < 5000000);
    unsigned long total = zmq_stopwatch_stop (watch);
    CHECK (total >= second);

    void *counter = zmq_atomic_counter_new ();
    void *threads[4];
    for (int i = 0; i < 4; i++) {
        threads[i] = zmq_threadstart (worker, counter);
        REQUIRE (threads[i] != NULL);
    }
    for (int i = 0; i < 4; i++)
        zmq_threadclose (threads[i]);
    CHECK (zmq_atomic_counter_value (counter) == 4);
    zmq_atomic_counter_destroy (&counter);
    return test_end ();
}
