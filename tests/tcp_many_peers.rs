//! Many connections on one listener, and several I/O threads.

use zmq::ctx::Context;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const ZMQ_PULL: i32 = 7;
const ZMQ_PUSH: i32 = 8;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;
const ZMQ_IO_THREADS: i32 = 1;

#[test]
fn hundred_pushers_one_puller_two_io_threads() {
    let ctx = Context::new();
    ctx.set(ZMQ_IO_THREADS, 2).unwrap();
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    pull.set_option(ZMQ_RCVTIMEO, Some(&10_000i32.to_ne_bytes()))
        .unwrap();
    pull.bind("tcp://127.0.0.1:*").unwrap();
    let ep = pull.options().last_endpoint.clone();
    let mut pushers: Vec<Socket> = (0..100)
        .map(|_| {
            let mut s = Socket::new(&ctx, ZMQ_PUSH).unwrap();
            s.set_option(ZMQ_LINGER, Some(&1000i32.to_ne_bytes()))
                .unwrap();
            s.connect(&ep).unwrap();
            s
        })
        .collect();
    for (i, s) in pushers.iter_mut().enumerate() {
        for j in 0..10u32 {
            let mut m = Msg::from_slice(&[(i as u32).to_be_bytes(), j.to_be_bytes()].concat());
            s.send(&mut m, 0).unwrap();
        }
    }
    let mut next = vec![0u32; 100];
    for _ in 0..1000 {
        let m = pull.recv(0).unwrap();
        let d = m.data();
        let i = u32::from_be_bytes(d[..4].try_into().unwrap()) as usize;
        let j = u32::from_be_bytes(d[4..].try_into().unwrap());
        // Per sender, order is kept.
        assert_eq!(next[i], j);
        next[i] += 1;
    }
    drop(pushers);
    drop(pull);
    ctx.term();
}
