//! Bad peers cost only their own connection: garbage, wrong version or
//! mechanism, oversized or truncated frames, silence during the handshake.
//! A good peer on the same socket keeps working throughout.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use zmq::ctx::Context;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const ZMQ_PULL: i32 = 7;
const ZMQ_PUSH: i32 = 8;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;
const ZMQ_MAXMSGSIZE: i32 = 22;
const ZMQ_HANDSHAKE_IVL: i32 = 66;

fn greeting(major: u8, minor: u8, mechanism: &[u8]) -> Vec<u8> {
    let mut g = vec![0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, major, minor];
    let mut mech = [0u8; 20];
    mech[..mechanism.len()].copy_from_slice(mechanism);
    g.extend_from_slice(&mech);
    g.push(0);
    g.extend_from_slice(&[0u8; 31]);
    g
}

fn ready(socket_type: &[u8]) -> Vec<u8> {
    let mut body = vec![5];
    body.extend_from_slice(b"READY");
    body.push(11);
    body.extend_from_slice(b"Socket-Type");
    body.extend_from_slice(&(socket_type.len() as u32).to_be_bytes());
    body.extend_from_slice(socket_type);
    let mut f = vec![0x04, body.len() as u8];
    f.extend_from_slice(&body);
    f
}

/// Sends `bytes`, then reads until the server closes the connection.
/// Returns false if it is still open after 10 s.
fn closed_after(ep: &str, bytes: &[u8]) -> bool {
    let mut s = TcpStream::connect(ep.trim_start_matches("tcp://")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(bytes);
    let start = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return start.elapsed() < Duration::from_secs(9),
        }
    }
}

fn int(v: i32) -> Vec<u8> {
    v.to_ne_bytes().to_vec()
}

#[test]
fn bad_peers_cost_only_their_connection() {
    let ctx = Context::new();
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    pull.set_option(ZMQ_RCVTIMEO, Some(&int(10_000))).unwrap();
    pull.set_option(ZMQ_LINGER, Some(&int(0))).unwrap();
    pull.set_option(ZMQ_MAXMSGSIZE, Some(&1000i64.to_ne_bytes()))
        .unwrap();
    pull.set_option(ZMQ_HANDSHAKE_IVL, Some(&int(200))).unwrap();
    pull.bind("tcp://127.0.0.1:*").unwrap();
    let ep = pull.options().last_endpoint.clone();

    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    push.set_option(ZMQ_LINGER, Some(&int(0))).unwrap();
    push.connect(&ep).unwrap();
    let mut m = Msg::from_slice(b"before");
    push.send(&mut m, 0).unwrap();
    assert_eq!(pull.recv(0).unwrap().data(), b"before");

    // Garbage instead of a greeting.
    assert!(closed_after(&ep, &[b'x'; 64]));
    // ZMTP 2.0.
    assert!(closed_after(&ep, &greeting(1, 0, b"NULL")));
    // A mechanism we do not use.
    assert!(closed_after(&ep, &greeting(3, 1, b"PLAIN")));
    // An incompatible socket type (PULL talks to PUSH only).
    let mut b = greeting(3, 1, b"NULL");
    b.extend(ready(b"PULL"));
    assert!(closed_after(&ep, &b));
    // A frame over ZMQ_MAXMSGSIZE.
    let mut b = greeting(3, 1, b"NULL");
    b.extend(ready(b"PUSH"));
    b.extend_from_slice(&[0x02]);
    b.extend_from_slice(&5000u64.to_be_bytes());
    assert!(closed_after(&ep, &b));
    // Half a greeting, then silence: ZMQ_HANDSHAKE_IVL ends it.
    assert!(closed_after(&ep, &greeting(3, 1, b"NULL")[..20]));
    // A truncated frame, then EOF: nothing of it is delivered.
    {
        let mut s = TcpStream::connect(ep.trim_start_matches("tcp://")).unwrap();
        let mut b = greeting(3, 1, b"NULL");
        b.extend(ready(b"PUSH"));
        b.extend_from_slice(&[0x00, 100]);
        b.extend_from_slice(&[b'y'; 10]);
        s.write_all(&b).unwrap();
    }

    // The good peer is unaffected.
    let mut m = Msg::from_slice(b"after");
    push.send(&mut m, 0).unwrap();
    assert_eq!(pull.recv(0).unwrap().data(), b"after");
    drop(push);
    drop(pull);
    ctx.term();
}

#[test]
fn silent_peer_after_handshake_fails_heartbeat() {
    const ZMQ_HEARTBEAT_IVL: i32 = 75;
    const ZMQ_HEARTBEAT_TIMEOUT: i32 = 77;
    let ctx = Context::new();
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    pull.set_option(ZMQ_LINGER, Some(&int(0))).unwrap();
    pull.set_option(ZMQ_HEARTBEAT_IVL, Some(&int(50))).unwrap();
    pull.set_option(ZMQ_HEARTBEAT_TIMEOUT, Some(&int(150)))
        .unwrap();
    pull.bind("tcp://127.0.0.1:*").unwrap();
    let ep = pull.options().last_endpoint.clone();
    let mut b = greeting(3, 1, b"NULL");
    b.extend(ready(b"PUSH"));
    // Handshakes, then never answers the PINGs.
    let t = Instant::now();
    assert!(closed_after(&ep, &b));
    // Closed by the heartbeat timeout, not at once.
    assert!(t.elapsed() >= Duration::from_millis(100));
    assert!(t.elapsed() < Duration::from_secs(5));
    drop(pull);
    ctx.term();
}
