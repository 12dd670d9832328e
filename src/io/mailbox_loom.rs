//! loom models of the command mailbox (`make loom`): its lock, pending
//! flag and wake-up protocol (the futex modelled by loom's `Notify`), with
//! two writers and the blocking reader.

use super::mailbox::Mailbox;
use loom::sync::Arc;
use loom::thread;

/// Two writers, one reader blocked in `recv`: both commands arrive and no
/// wake-up is lost (a lost one deadlocks the model, which loom reports).
/// Three threads explode the state space; preemptions are bounded to 3,
/// which loom's authors find catches almost all bugs.
#[test]
fn blocking_reader_gets_every_command() {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(|| {
        let m = Arc::new(Mailbox::new().unwrap());
        let writers: Vec<_> = (0..2u32)
            .map(|w| {
                let m = Arc::clone(&m);
                thread::spawn(move || m.send(w))
            })
            .collect();
        let mut seen = [false; 2];
        for _ in 0..2 {
            let w = m.recv(None).unwrap();
            assert!(!seen[w as usize]);
            seen[w as usize] = true;
        }
        for h in writers {
            h.join().unwrap();
        }
        assert!(m.try_recv().is_err());
        assert!(!m.has_pending());
    });
}

/// One writer sending two commands to a blocked reader: they arrive in
/// order, every interleaving explored.
#[test]
fn commands_arrive_in_order() {
    loom::model(|| {
        let m = Arc::new(Mailbox::new().unwrap());
        let m2 = Arc::clone(&m);
        let writer = thread::spawn(move || {
            m2.send(1u8);
            m2.send(2u8);
        });
        assert_eq!(m.recv(None).ok(), Some(1));
        assert_eq!(m.recv(None).ok(), Some(2));
        writer.join().unwrap();
    });
}

/// The pending flag never hides a command: after a send completes, the
/// reader's `has_pending` (its hot-path check) or a `try_recv` sees it.
#[test]
fn pending_flag_follows_the_queue() {
    loom::model(|| {
        let m = Arc::new(Mailbox::new().unwrap());
        let m2 = Arc::clone(&m);
        let writer = thread::spawn(move || m2.send(7u8));
        let early = m.try_recv();
        writer.join().unwrap();
        match early {
            Ok(v) => {
                assert_eq!(v, 7);
                assert!(!m.has_pending());
            }
            Err(_) => {
                assert!(m.has_pending());
                assert_eq!(m.try_recv().ok(), Some(7));
            }
        }
    });
}
