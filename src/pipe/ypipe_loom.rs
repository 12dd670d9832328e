//! loom models of the ypipe (`make loom`): every interleaving of one writer
//! and one reader, with chunks of two items (see `CHUNK`), so items cross
//! chunk boundaries and the spare chunk is recycled.

use super::ypipe::ypipe;
use loom::sync::{Arc, Notify};
use loom::thread;

/// The reader sleeps when it finds the queue empty and only a writer whose
/// flush returned `false` wakes it: every item arrives, in order, and no
/// wake-up is lost (a lost one leaves the reader blocked for good, which
/// loom reports as a deadlock).
#[test]
fn items_arrive_in_order_and_sleep_is_always_woken() {
    loom::model(|| {
        const ITEMS: u32 = 5;
        let (mut w, mut r) = ypipe::<u32>();
        let wake = Arc::new(Notify::new());
        let wake2 = Arc::clone(&wake);
        let writer = thread::spawn(move || {
            for i in 0..ITEMS {
                w.write(i, false);
                if !w.flush() {
                    wake2.notify();
                }
            }
        });
        let mut next = 0;
        while next < ITEMS {
            match r.read() {
                Some(v) => {
                    assert_eq!(v, next);
                    next += 1;
                }
                None => {
                    // Asleep: wait for the writer's wake-up.
                    wake.wait();
                }
            }
        }
        writer.join().unwrap();
        assert_eq!(r.read(), None);
    });
}

/// Incomplete items (a multipart message being written) stay invisible
/// until the whole message is flushed; the reader never sees half of one.
#[test]
fn multipart_messages_appear_whole() {
    loom::model(|| {
        let (mut w, mut r) = ypipe::<u32>();
        let writer = thread::spawn(move || {
            w.write(1, true);
            w.write(2, true);
            w.write(3, false);
            w.flush();
            w
        });
        let first = r.read();
        if let Some(v) = first {
            assert_eq!(v, 1);
            assert_eq!(r.read(), Some(2));
            assert_eq!(r.read(), Some(3));
        }
        let _w = writer.join().unwrap();
        if first.is_none() {
            assert_eq!(r.read(), Some(1));
            assert_eq!(r.read(), Some(2));
            assert_eq!(r.read(), Some(3));
        }
    });
}
