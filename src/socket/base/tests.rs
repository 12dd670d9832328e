use super::*;
use crate::socket::factory::{ZMQ_PAIR, ZMQ_PULL, ZMQ_PUSH};

fn m(s: &str) -> Msg {
    Msg::from_slice(s.as_bytes())
}

fn set_int(s: &mut Socket, opt: i32, v: i32) {
    s.set_option(opt, Some(&v.to_ne_bytes())).unwrap();
}

#[test]
fn pair_multipart_both_orders() {
    let ctx = Context::new();
    let mut a = Socket::new(&ctx, ZMQ_PAIR).unwrap();
    let mut b = Socket::new(&ctx, ZMQ_PAIR).unwrap();
    // connect before bind
    b.connect("inproc://x").unwrap();
    b.send(&mut m("hello"), ZMQ_SNDMORE).unwrap();
    b.send(&mut m("world"), 0).unwrap();
    a.bind("inproc://x").unwrap();
    let r = a.recv(0).unwrap();
    assert_eq!(r.data(), b"hello");
    assert!(a.rcvmore());
    assert_eq!(a.recv(0).unwrap().data(), b"world");
    assert!(!a.rcvmore());
    a.send(&mut m("back"), 0).unwrap();
    assert_eq!(b.recv(0).unwrap().data(), b"back");
    assert_eq!(a.recv(ZMQ_DONTWAIT).err(), Some(Error::Again));
    let mut c = Socket::new(&ctx, ZMQ_PAIR).unwrap();
    assert_eq!(c.bind("inproc://x").err(), Some(Error::AddrInUse));
    drop((a, b, c));
    ctx.term();
}

#[test]
fn hwm_is_sum_and_dontwait_again() {
    let ctx = Context::new();
    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    set_int(&mut push, options::ZMQ_SNDHWM, 2);
    set_int(&mut pull, options::ZMQ_RCVHWM, 3);
    pull.bind("inproc://h").unwrap();
    push.connect("inproc://h").unwrap();
    let mut sent = 0;
    while push.send(&mut m("x"), ZMQ_DONTWAIT).is_ok() {
        sent += 1;
        assert!(sent < 100);
    }
    assert_eq!(sent, 5);
    for _ in 0..5 {
        pull.recv(0).unwrap();
    }
    assert!(push.send(&mut m("x"), ZMQ_DONTWAIT).is_ok());
    drop((push, pull));
    ctx.term();
}

#[test]
fn rcvtimeo_and_eterm_from_other_thread() {
    let ctx = Context::new();
    let mut a = Socket::new(&ctx, ZMQ_PULL).unwrap();
    set_int(&mut a, options::ZMQ_RCVTIMEO, 20);
    let t0 = Instant::now();
    assert_eq!(a.recv(0).err(), Some(Error::Again));
    assert!(t0.elapsed() >= Duration::from_millis(15));
    set_int(&mut a, options::ZMQ_RCVTIMEO, -1);
    let c2 = ctx.clone();
    let t = std::thread::spawn(move || {
        let r = a.recv(0).err();
        drop(a);
        r
    });
    c2.term();
    assert_eq!(t.join().unwrap(), Some(Error::Term));
    assert!(Socket::new(&ctx, ZMQ_PAIR).is_err());
}

#[test]
fn fd_becomes_readable_when_a_message_arrives() {
    let ctx = Context::new();
    let mut a = Socket::new(&ctx, ZMQ_PAIR).unwrap();
    let mut b = Socket::new(&ctx, ZMQ_PAIR).unwrap();
    a.bind("inproc://fd").unwrap();
    b.connect("inproc://fd").unwrap();
    assert_eq!(a.events().unwrap() & ZMQ_POLLIN, 0);
    let mut pfd = libc::pollfd {
        fd: a.fd().unwrap(),
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one pollfd on the stack.
    assert_eq!(unsafe { libc::poll(&mut pfd, 1, 0) }, 0);
    b.send(&mut m("ping"), 0).unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { libc::poll(&mut pfd, 1, 1000) }, 1);
    assert_ne!(a.events().unwrap() & ZMQ_POLLIN, 0);
    assert_eq!(a.recv(ZMQ_DONTWAIT).unwrap().data(), b"ping");
    drop((a, b));
    ctx.term();
}

#[test]
fn close_lets_peer_drain_then_disconnect() {
    let ctx = Context::new();
    let mut a = Socket::new(&ctx, ZMQ_PULL).unwrap();
    let mut b = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    a.bind("inproc://d").unwrap();
    b.connect("inproc://d").unwrap();
    for i in 0..10 {
        b.send(&mut m(&i.to_string()), 0).unwrap();
    }
    b.close();
    for i in 0..10 {
        assert_eq!(a.recv(0).unwrap().data(), i.to_string().as_bytes());
    }
    assert_eq!(a.recv(ZMQ_DONTWAIT).err(), Some(Error::Again));
    assert_eq!(a.pipes.pipes.len(), 0);
    assert_eq!(a.term_endpoint("inproc://d"), Ok(()));
    assert_eq!(a.term_endpoint("inproc://d"), Err(Error::NoEnt));
    drop(a);
    ctx.term();
}

#[test]
fn router_connect_before_bind_learns_binder_id_and_can_cancel() {
    use crate::socket::factory::{ZMQ_DEALER, ZMQ_ROUTER};
    let ctx = Context::new();
    let mut r = Socket::new(&ctx, ZMQ_ROUTER).unwrap();
    r.connect("inproc://r1").unwrap();
    r.connect("inproc://r2").unwrap();
    r.term_endpoint("inproc://r2").unwrap();
    let mut d = Socket::new(&ctx, ZMQ_DEALER).unwrap();
    d.set_option(options::ZMQ_ROUTING_ID, Some(b"B")).unwrap();
    d.bind("inproc://r1").unwrap();
    let mut d2 = Socket::new(&ctx, ZMQ_DEALER).unwrap();
    d2.bind("inproc://r2").unwrap();
    r.process_commands().unwrap();
    assert_eq!(r.pipes.pipes.len(), 1);
    r.send(&mut m("B"), ZMQ_SNDMORE).unwrap();
    r.send(&mut m("hi"), 0).unwrap();
    assert_eq!(d.recv(0).unwrap().data(), b"hi");
    d2.process_commands().unwrap();
    assert_eq!(d2.pipes.pipes.len(), 0);
    drop((r, d, d2));
    ctx.term();
}

#[test]
fn connect_before_bind_writer_blocked_at_own_hwm_resumes_after_bind() {
    let ctx = Context::new();
    let mut push = Socket::new(&ctx, ZMQ_PUSH).unwrap();
    set_int(&mut push, options::ZMQ_SNDHWM, 1);
    push.connect("inproc://boost").unwrap();
    assert!(push.send(&mut m("0"), ZMQ_DONTWAIT).is_ok());
    assert_eq!(
        push.send(&mut m("x"), ZMQ_DONTWAIT).err(),
        Some(Error::Again)
    );
    let mut pull = Socket::new(&ctx, ZMQ_PULL).unwrap();
    set_int(&mut pull, options::ZMQ_RCVHWM, 1000);
    pull.bind("inproc://boost").unwrap();
    assert_eq!(pull.recv(0).unwrap().data(), b"0");
    // HWM is now 1 + 1000: the writer must be able to continue.
    set_int(&mut push, options::ZMQ_SNDTIMEO, 2000);
    for i in 1..=100 {
        push.send(&mut m(&i.to_string()), 0).unwrap();
    }
    for i in 1..=100 {
        assert_eq!(pull.recv(0).unwrap().data(), i.to_string().as_bytes());
    }
    drop((push, pull));
    ctx.term();
}
