/* zmq_timers(3): ids from 1, never reused; timeout -1 with no timer, 0 when
 * one is due; execute runs the due handlers and timers repeat; cancel (also
 * from inside a handler), set_interval and reset; EINVAL for unknown ids,
 * EFAULT for a NULL timers or handler; destroy nulls the pointer. */
#include "testutil.h"

static int fired[8];

static void handler (int timer_id, void *arg)
{
    (void) arg;
    if (timer_id >= 0 && timer_id < 8)
        fired[timer_id]++;
}

static void cancel_self (int timer_id, void *timers)
{
    handler (timer_id, NULL);
    CHECK (zmq_timers_cancel (timers, timer_id) == 0);
}

int main (void)
{
    test_start (10);
    void *timers = zmq_timers_new ();
    REQUIRE (timers != NULL);
    CHECK (zmq_timers_timeout (timers) == -1);
    CHECK (zmq_timers_execute (timers) == 0);

    int slow = zmq_timers_add (timers, 100000, handler, NULL);
    CHECK (slow == 1);
    long timeout = zmq_timers_timeout (timers);
    CHECK (timeout > 99000 && timeout <= 100000);

    int once = zmq_timers_add (timers, 0, cancel_self, timers);
    CHECK (once == 2);
    CHECK (zmq_timers_timeout (timers) == 0);
    CHECK (zmq_timers_execute (timers) == 0);
    CHECK (fired[once] == 1);
    CHECK (fired[slow] == 0);
    CHECK (zmq_timers_execute (timers) == 0);
    CHECK (fired[once] == 1);
    CHECK_ERR (zmq_timers_cancel (timers, once), EINVAL);

    /* A short repeating timer fires each time its interval elapses. */
    int fast = zmq_timers_add (timers, 10, handler, NULL);
    CHECK (fast == 3);
    while (fired[fast] < 3) {
        long ms = zmq_timers_timeout (timers);
        CHECK (ms >= 0 && ms <= 10);
        if (ms > 0)
            usleep ((useconds_t) ms * 1000);
        CHECK (zmq_timers_execute (timers) == 0);
    }
    CHECK (zmq_timers_cancel (timers, fast) == 0);
    CHECK (fired[slow] == 0);

    /* set_interval and reset reschedule from now. */
    CHECK (zmq_timers_set_interval (timers, slow, 50000) == 0);
    timeout = zmq_timers_timeout (timers);
    CHECK (timeout > 49000 && timeout <= 50000);
    CHECK (zmq_timers_reset (timers, slow) == 0);
    timeout = zmq_timers_timeout (timers);
    CHECK (timeout > 49000 && timeout <= 50000);

    CHECK_ERR (zmq_timers_cancel (timers, 999), EINVAL);
    CHECK_ERR (zmq_timers_set_interval (timers, 999, 5), EINVAL);
    CHECK_ERR (zmq_timers_reset (timers, 999), EINVAL);
    CHECK_ERR (zmq_timers_add (timers, 10, NULL, NULL), EFAULT);
    CHECK (zmq_timers_add (timers, 10, handler, NULL) == 4);

    CHECK_ERR (zmq_timers_add (NULL, 10, handler, NULL), EFAULT);
    CHECK_ERR (zmq_timers_cancel (NULL, 1), EFAULT);
    CHECK_ERR (zmq_timers_set_interval (NULL, 1, 1), EFAULT);
    CHECK_ERR (zmq_timers_reset (NULL, 1), EFAULT);
    CHECK_ERR (zmq_timers_timeout (NULL), EFAULT);
    CHECK_ERR (zmq_timers_execute (NULL), EFAULT);

    CHECK (zmq_timers_destroy (&timers) == 0);
    CHECK (timers == NULL);
    CHECK_ERR (zmq_timers_destroy (&timers), EFAULT);
    return test_end ();
}
