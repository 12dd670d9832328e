//! Stress: several threads push millions of inproc messages through the
//! socket API; nothing may be lost and each sender's order must hold.

use std::thread;
use zmq::ctx::Context;
use zmq::msg::Msg;
use zmq::options::{ZMQ_RCVHWM, ZMQ_SNDHWM};
use zmq::socket::base::{Socket, ZMQ_SNDMORE};
use zmq::socket::factory::{ZMQ_PAIR, ZMQ_PULL, ZMQ_PUSH};

const SENDERS: u64 = 4;
const PER_SENDER: u64 = 400_000;
const PAIRS: u64 = 2;
const PER_PAIR: u64 = 300_000;

fn frame(a: u64, b: u64) -> Msg {
    let mut v = [0u8; 16];
    v[..8].copy_from_slice(&a.to_le_bytes());
    v[8..].copy_from_slice(&b.to_le_bytes());
    Msg::from_slice(&v)
}

fn parse(m: &Msg) -> (u64, u64) {
    let d = m.data();
    assert_eq!(d.len(), 16);
    let a = u64::from_le_bytes(d[..8].try_into().unwrap());
    let b = u64::from_le_bytes(d[8..].try_into().unwrap());
    (a, b)
}

fn set_int(s: &mut Socket, opt: i32, v: i32) {
    s.set_option(opt, Some(&v.to_ne_bytes())).unwrap();
}

#[test]
fn many_threads_millions_of_messages() {
    let ctx = Context::new();
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    set_int(&mut pull, ZMQ_RCVHWM, 100);
    pull.bind("inproc://stress").unwrap();

    let mut handles = Vec::new();
    for id in 0..SENDERS {
        let ctx = ctx.clone();
        handles.push(thread::spawn(move || {
            let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
            set_int(&mut push, ZMQ_SNDHWM, 100);
            push.connect("inproc://stress").unwrap();
            for seq in 0..PER_SENDER {
                // Every 8th message is two frames, to check multipart atomicity.
                if seq % 8 == 0 {
                    push.send(&mut frame(id, seq), ZMQ_SNDMORE).unwrap();
                    push.send(&mut frame(id, u64::MAX), 0).unwrap();
                } else {
                    push.send(&mut frame(id, seq), 0).unwrap();
                }
            }
        }));
    }
    // PAIR sockets ping-ponging batches in parallel, in both directions.
    for p in 0..PAIRS {
        let ctx = ctx.clone();
        handles.push(thread::spawn(move || {
            let name = format!("inproc://pair{p}");
            let mut a = Socket::new(&ctx, ZMQ_PAIR).unwrap();
            a.connect(&name).unwrap(); // connect before bind
            let ctx2 = ctx.clone();
            let t = thread::spawn(move || {
                let mut b = Socket::new(&ctx2, ZMQ_PAIR).unwrap();
                b.bind(&name).unwrap();
                for seq in 0..PER_PAIR {
                    let m = b.recv(0).unwrap();
                    assert_eq!(parse(&m), (p, seq));
                    b.send(&mut frame(seq, p), 0).unwrap();
                }
            });
            let mut next_back = 0;
            for seq in 0..PER_PAIR {
                a.send(&mut frame(p, seq), 0).unwrap();
                // Keep a window of 500 in flight, draining replies as we go.
                while seq + 1 - next_back > 500 {
                    let m = a.recv(0).unwrap();
                    assert_eq!(parse(&m), (next_back, p));
                    next_back += 1;
                }
            }
            while next_back < PER_PAIR {
                let m = a.recv(0).unwrap();
                assert_eq!(parse(&m), (next_back, p));
                next_back += 1;
            }
            t.join().unwrap();
        }));
    }

    let mut next = vec![0u64; SENDERS as usize];
    for _ in 0..SENDERS * PER_SENDER {
        let m = pull.recv(0).unwrap();
        let (id, seq) = parse(&m);
        assert_eq!(seq, next[id as usize], "sender {id} out of order");
        next[id as usize] += 1;
        if seq % 8 == 0 {
            assert!(pull.rcvmore());
            let m2 = pull.recv(0).unwrap();
            assert_eq!(parse(&m2), (id, u64::MAX));
        }
        assert!(!pull.rcvmore());
    }
    assert!(next.iter().all(|&n| n == PER_SENDER));
    for h in handles {
        h.join().unwrap();
    }
    drop(pull);
    ctx.term();
}
