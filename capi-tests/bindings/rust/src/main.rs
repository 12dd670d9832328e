//! The `zmq` crate (rust-zmq 0.10) over the libzmq the loader finds: REQ/REP
//! with a multipart request, EFSM on a second REQ send, PUB/SUB with a filter
//! and zmq::poll, CURVE (keys from zmq::CurveKeyPair) and PLAIN (with a ZAP
//! handler) round trips. Prints "version X.Y.Z", a "mapped PATH" line per libzmq file
//! in /proc/self/maps, then "ok"; any failure panics (exit status 101).

fn last_endpoint(socket: &zmq::Socket) -> String {
    socket
        .get_last_endpoint()
        .expect("ZMQ_LAST_ENDPOINT")
        .expect("endpoint is UTF-8")
}

/// Security: a REQ/REP round trip over a server and a client socket set up by
/// `setup`, each bounded by a receive timeout; `zap`, when given, answers the
/// server's ZAP request in between.
fn secure_roundtrip(
    ctx: &zmq::Context,
    setup: impl FnOnce(&zmq::Socket, &zmq::Socket),
    zap: Option<&dyn Fn()>,
) {
    let server = ctx.socket(zmq::REP).expect("secure REP");
    let client = ctx.socket(zmq::REQ).expect("secure REQ");
    for socket in [&server, &client] {
        socket.set_rcvtimeo(5000).expect("rcvtimeo");
        socket.set_linger(0).expect("linger");
    }
    setup(&server, &client);
    server.bind("tcp://127.0.0.1:*").expect("secure bind");
    client
        .connect(&last_endpoint(&server))
        .expect("secure connect");
    client.send("secret", 0).expect("secure send");
    if let Some(zap) = zap {
        zap();
    }
    assert_eq!(server.recv_bytes(0).expect("secure request"), b"secret");
    server.send("granted", 0).expect("secure reply");
    assert_eq!(client.recv_bytes(0).expect("secure reply"), b"granted");
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

    // CURVE with keys from zmq::CurveKeyPair; no ZAP handler is bound yet, so
    // the server admits any client that knows its public key.
    let server_keys = zmq::CurveKeyPair::new().expect("server keypair");
    let client_keys = zmq::CurveKeyPair::new().expect("client keypair");
    secure_roundtrip(
        &ctx,
        |server, client| {
            server.set_curve_server(true).expect("curve server");
            server
                .set_curve_secretkey(&server_keys.secret_key)
                .expect("server secret key");
            client
                .set_curve_serverkey(&server_keys.public_key)
                .expect("server key");
            client
                .set_curve_publickey(&client_keys.public_key)
                .expect("client public key");
            client
                .set_curve_secretkey(&client_keys.secret_key)
                .expect("client secret key");
        },
        None,
    );

    // PLAIN: a PLAIN server needs a ZAP handler, here a REP socket on the
    // context's ZAP endpoint that admits only the expected credentials.
    let zap = ctx.socket(zmq::REP).expect("ZAP REP");
    zap.set_rcvtimeo(5000).expect("ZAP rcvtimeo");
    zap.set_linger(0).expect("ZAP linger");
    zap.bind("inproc://zeromq.zap.01").expect("ZAP bind");
    let answer_zap = || {
        let request = zap.recv_multipart(0).expect("ZAP request");
        assert!(request.len() >= 8, "ZAP request {request:?}");
        assert_eq!(request[0], b"1.0");
        assert_eq!(request[5], b"PLAIN");
        let known = request[6] == b"admin" && request[7] == b"s3cret";
        let status: &[u8] = if known { b"200" } else { b"400" };
        let reply: [&[u8]; 6] = [b"1.0", &request[1], status, b"OK", b"", b""];
        zap.send_multipart(reply, 0).expect("ZAP reply");
    };
    secure_roundtrip(
        &ctx,
        |server, client| {
            server.set_plain_server(true).expect("plain server");
            client
                .set_plain_username(Some("admin"))
                .expect("plain username");
            client
                .set_plain_password(Some("s3cret"))
                .expect("plain password");
        },
        Some(&answer_zap),
    );
    drop(zap);

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
