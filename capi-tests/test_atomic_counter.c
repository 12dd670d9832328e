/* zmq_atomic_counter_*: inc returns the old value, dec whether the new value
 * is non-zero, set/value, destroy nulls the pointer; and the count is exact
 * when several threads update it at once. */
#include "testutil.h"
#include <pthread.h>

static void *bump (void *counter)
{
    for (int i = 0; i < 10000; i++)
        zmq_atomic_counter_inc (counter);
    for (int i = 0; i < 5000; i++)
        zmq_atomic_counter_dec (counter);
    return NULL;
}

int main (void)
{
    test_start (10);
    void *counter = zmq_atomic_counter_new ();
    REQUIRE (counter != NULL);
    CHECK (zmq_atomic_counter_value (counter) == 0);
    CHECK (zmq_atomic_counter_inc (counter) == 0);
    CHECK (zmq_atomic_counter_inc (counter) == 1);
    CHECK (zmq_atomic_counter_value (counter) == 2);
    CHECK (zmq_atomic_counter_dec (counter) == 1);
    CHECK (zmq_atomic_counter_dec (counter) == 0);
    CHECK (zmq_atomic_counter_dec (counter) == 1);
    CHECK (zmq_atomic_counter_value (counter) == -1);
    zmq_atomic_counter_set (counter, 0);
    CHECK (zmq_atomic_counter_value (counter) == 0);

    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        REQUIRE (pthread_create (&threads[i], NULL, bump, counter) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join (threads[i], NULL);
    CHECK (zmq_atomic_counter_value (counter) == 4 * 5000);

    zmq_atomic_counter_destroy (&counter);
    CHECK (counter == NULL);
    return test_end ();
}
