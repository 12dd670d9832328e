//! The `zmq` crate (rust-zmq 0.10) over the libzmq the loader finds: REQ/REP
//! with a multipart request, EFSM on a second REQ send, PUB/SUB with a filter
//! and zmq::poll. Prints "version X.Y.Z", a "mapped PATH" line per libzmq file
//! in /proc/self/maps, then "ok"; any failure panics (exit status 101).

fn last_endpoint(socket: &zmq::Socket) -> String {
    socket
        .get_last_endpoint()
        .expect("ZMQ_LAST_ENDPOINT")
        .expect("endpoint is UTF-8")
}

fn main() {
    let (major, minor, patch) = zmq::version();
    println!("version {major}.{minor}.{patch}");

    let ctx = zmq::Context::new();
    let rep = ctx.socket(zmq::REP).expect("REP");
    let req = ctx.socket(zmq::REQ).expect("REQ");
    rep.bind("tcp://127.0.0.1:*").expect("bind");
    req.connect(&last_endpoint(&rep)).expect("connect");

    req.send_multipart(["hello", "world"], 0)
        .expect("send multipart");
    let parts = rep.recv_multipart(0).expect("recv multipart");
    assert_eq!(parts, vec![b"hello".to_vec(), b"world".to_vec()]);
    rep.send("pong", 0).expect("send reply");
    assert_eq!(req.recv_bytes(0).expect("recv reply"), b"pong");

    // Error path: a REQ may not send twice in a row.
    req.send("again", 0).expect("second request");
    assert_eq!(req.send("too soon", 0), Err(zmq::Error::EFSM));

    // PUB/SUB; the subscription reaches the publisher asynchronously, so
    // publish until a message arrives.
    let publisher = ctx.socket(zmq::PUB).expect("PUB");
    let subscriber = ctx.socket(zmq::SUB).expect("SUB");
    publisher.bind("tcp://127.0.0.1:*").expect("pub bind");
    subscriber.set_subscribe(b"news").expect("subscribe");
    subscriber
        .connect(&last_endpoint(&publisher))
        .expect("sub connect");
    let mut got = None;
    for _ in 0..200 {
        publisher.send("weather: skip", 0).expect("publish");
        publisher.send("news: hello", 0).expect("publish");
        let mut items = [subscriber.as_poll_item(zmq::POLLIN)];
        if zmq::poll(&mut items, 50).expect("poll") > 0 && items[0].is_readable() {
            got = Some(subscriber.recv_bytes(0).expect("sub recv"));
            break;
        }
    }
    assert_eq!(got.as_deref(), Some(&b"news: hello"[..]));

    for socket in [&req, &rep, &publisher, &subscriber] {
        socket.set_linger(0).expect("linger");
    }
    drop((req, rep, publisher, subscriber));
    drop(ctx);

    let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
    for path in maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
    {
        let file = path.rsplit('/').next().unwrap_or(path);
        if file.starts_with("libzmq") {
            println!("mapped {path}");
        }
    }
    println!("ok");
}
