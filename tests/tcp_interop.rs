//! Interop with the reference libzmq 4.3.4: each pattern, our socket on one
//! side and a reference socket (a helper process driven over stdin) on the
//! other, with either side binding, over tcp and ipc.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use zmq::ctx::Context;
use zmq::error::Error;
use zmq::msg::Msg;
use zmq::socket::base::Socket;

const PAIR: i32 = 0;
const PUB: i32 = 1;
const SUB: i32 = 2;
const REQ: i32 = 3;
const REP: i32 = 4;
const DEALER: i32 = 5;
const ROUTER: i32 = 6;
const PULL: i32 = 7;
const PUSH: i32 = 8;
const ZMQ_SNDMORE: i32 = 2;
const ZMQ_SUBSCRIBE: i32 = 6;
const ZMQ_ROUTING_ID: i32 = 5;
const ZMQ_LINGER: i32 = 17;
const ZMQ_RCVTIMEO: i32 = 27;

fn driver() -> Option<std::path::PathBuf> {
    if !std::path::Path::new("/usr/include/zmq.h").exists() {
        eprintln!("reference libzmq not installed; interop test skipped");
        return None;
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("ref_driver");
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/helpers/ref_driver.c");
    let ok = Command::new("cc")
        .args(["-O1", "-o"])
        .arg(&out)
        .arg(src)
        .arg("-lzmq")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "building the reference driver failed");
    Some(out)
}

fn hex(frames: &[&[u8]]) -> String {
    frames
        .iter()
        .map(|f| {
            if f.is_empty() {
                "-".to_string()
            } else {
                f.iter().map(|b| format!("{b:02x}")).collect()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn unhex(s: &str) -> Vec<Vec<u8>> {
    s.split(',')
        .map(|f| {
            if f == "-" {
                Vec::new()
            } else {
                (0..f.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&f[i..i + 2], 16).unwrap())
                    .collect()
            }
        })
        .collect()
}

/// A reference socket in a helper process.
struct Ref {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    endpoint: String,
}

impl Ref {
    fn start(bin: &std::path::Path, socket_type: i32, role: &str, ep: &str) -> Ref {
        let mut child = Command::new(bin)
            .args([&socket_type.to_string(), role, ep])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut r = Ref {
            child,
            stdin,
            lines,
            endpoint: String::new(),
        };
        let ready = r.line();
        r.endpoint = ready.strip_prefix("READY ").unwrap().to_string();
        r
    }

    fn line(&mut self) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(20))
            .expect("reference peer silent")
    }

    fn cmd(&mut self, c: &str) {
        writeln!(self.stdin, "{c}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, frames: &[&[u8]]) {
        self.cmd(&format!("send {}", hex(frames)));
        assert_eq!(self.line(), "SENT");
    }

    fn recv(&mut self) -> Vec<Vec<u8>> {
        self.cmd("recv");
        let l = self.line();
        unhex(l.strip_prefix("MSG ").unwrap_or_else(|| panic!("{l}")))
    }
}

impl Drop for Ref {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ours(ctx: &Context, t: i32) -> Socket {
    let mut s = Socket::new(ctx, t).unwrap();
    s.set_option(ZMQ_RCVTIMEO, Some(&10_000i32.to_ne_bytes()))
        .unwrap();
    s.set_option(ZMQ_LINGER, Some(&1_000i32.to_ne_bytes()))
        .unwrap();
    s
}

fn send(s: &mut Socket, frames: &[&[u8]]) {
    for (i, f) in frames.iter().enumerate() {
        let mut m = Msg::from_slice(f);
        let flags = if i + 1 < frames.len() { ZMQ_SNDMORE } else { 0 };
        s.send(&mut m, flags).unwrap();
    }
}

fn recv(s: &mut Socket) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let m = s.recv(0).unwrap();
        out.push(m.data().to_vec());
        if !s.rcvmore() {
            return out;
        }
    }
}

/// Our socket of `mine` and a reference one of `theirs`, connected over
/// `transport` with `we_bind` deciding who binds.
fn pair(
    bin: &std::path::Path,
    ctx: &Context,
    mine: i32,
    theirs: i32,
    we_bind: bool,
    transport: &str,
    setup: impl FnOnce(&mut Socket),
) -> (Socket, Ref) {
    let mut s = ours(ctx, mine);
    setup(&mut s);
    let wildcard = if transport == "tcp" {
        "tcp://127.0.0.1:*"
    } else {
        "ipc://*"
    };
    if we_bind {
        s.bind(wildcard).unwrap();
        let ep = s.options().last_endpoint.clone();
        let r = Ref::start(bin, theirs, "connect", &ep);
        (s, r)
    } else {
        let r = Ref::start(bin, theirs, "bind", wildcard);
        s.connect(&r.endpoint).unwrap();
        (s, r)
    }
}

fn v(frames: &[&[u8]]) -> Vec<Vec<u8>> {
    frames.iter().map(|f| f.to_vec()).collect()
}

#[test]
fn every_pattern_both_directions() {
    let Some(bin) = driver() else {
        return;
    };
    let ctx = Context::new();
    let big = vec![0xabu8; 70_000];
    for transport in ["tcp", "ipc"] {
        for we_bind in [true, false] {
            let ctxt = format!("{transport} we_bind={we_bind}");

            // PAIR <-> PAIR, multipart and a large frame.
            let (mut s, mut r) = pair(&bin, &ctx, PAIR, PAIR, we_bind, transport, |_| {});
            send(&mut s, &[b"a", b"", &big]);
            assert_eq!(r.recv(), v(&[b"a", b"", &big]), "{ctxt}");
            r.send(&[b"back", &big]);
            assert_eq!(recv(&mut s), v(&[b"back", &big]), "{ctxt}");
            drop((s, r));

            // REQ (ours) -> REP (reference).
            let (mut s, mut r) = pair(&bin, &ctx, REQ, REP, we_bind, transport, |_| {});
            send(&mut s, &[b"question"]);
            assert_eq!(r.recv(), v(&[b"question"]), "{ctxt}");
            r.send(&[b"answer"]);
            assert_eq!(recv(&mut s), v(&[b"answer"]), "{ctxt}");
            drop((s, r));

            // REQ (reference) -> REP (ours).
            let (mut s, mut r) = pair(&bin, &ctx, REP, REQ, we_bind, transport, |_| {});
            r.send(&[b"q1", b"q2"]);
            assert_eq!(recv(&mut s), v(&[b"q1", b"q2"]), "{ctxt}");
            send(&mut s, &[b"r"]);
            assert_eq!(r.recv(), v(&[b"r"]), "{ctxt}");
            drop((s, r));

            // DEALER (ours, with a routing id) -> ROUTER (reference).
            let (mut s, mut r) = pair(&bin, &ctx, DEALER, ROUTER, we_bind, transport, |s| {
                s.set_option(ZMQ_ROUTING_ID, Some(b"D1")).unwrap();
            });
            send(&mut s, &[b"hello"]);
            assert_eq!(r.recv(), v(&[b"D1", b"hello"]), "{ctxt}");
            r.send(&[b"D1", b"world"]);
            assert_eq!(recv(&mut s), v(&[b"world"]), "{ctxt}");
            drop((s, r));

            // DEALER (reference) -> ROUTER (ours).
            let (mut s, mut r) = pair(&bin, &ctx, ROUTER, DEALER, we_bind, transport, |_| {});
            r.send(&[b"hi"]);
            let got = recv(&mut s);
            assert_eq!(got.len(), 2, "{ctxt}");
            assert_eq!(got[1], b"hi", "{ctxt}");
            send(&mut s, &[&got[0], b"there"]);
            assert_eq!(r.recv(), v(&[b"there"]), "{ctxt}");
            drop((s, r));

            // PUSH (ours) -> PULL (reference), and the reverse.
            let (mut s, mut r) = pair(&bin, &ctx, PUSH, PULL, we_bind, transport, |_| {});
            send(&mut s, &[b"job", b"part"]);
            assert_eq!(r.recv(), v(&[b"job", b"part"]), "{ctxt}");
            drop((s, r));
            let (mut s, mut r) = pair(&bin, &ctx, PULL, PUSH, we_bind, transport, |_| {});
            r.send(&[b"work"]);
            assert_eq!(recv(&mut s), v(&[b"work"]), "{ctxt}");
            drop((s, r));

            // PUB (ours) -> SUB (reference): publish until the subscription
            // has arrived.
            let (mut s, mut r) = pair(&bin, &ctx, PUB, SUB, we_bind, transport, |_| {});
            r.cmd("sub 41");
            assert_eq!(r.line(), "OK");
            r.cmd("recv");
            let deadline = Instant::now() + Duration::from_secs(10);
            let got = loop {
                send(&mut s, &[b"B-no"]);
                send(&mut s, &[b"A-yes"]);
                if let Ok(l) = r.lines.recv_timeout(Duration::from_millis(10)) {
                    break l;
                }
                assert!(Instant::now() < deadline, "{ctxt}");
            };
            assert_eq!(got, format!("MSG {}", hex(&[b"A-yes"])), "{ctxt}");
            drop((s, r));

            // PUB (reference) -> SUB (ours).
            let (mut s, mut r) = pair(&bin, &ctx, SUB, PUB, we_bind, transport, |s| {
                s.set_option(ZMQ_SUBSCRIBE, Some(b"A")).unwrap();
            });
            s.set_option(ZMQ_RCVTIMEO, Some(&10i32.to_ne_bytes()))
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                r.send(&[b"B-no"]);
                r.send(&[b"A-yes"]);
                match s.recv(0) {
                    Ok(m) => {
                        assert_eq!(m.data(), b"A-yes", "{ctxt}");
                        break;
                    }
                    Err(Error::Again) => assert!(Instant::now() < deadline, "{ctxt}"),
                    Err(e) => panic!("{ctxt}: {e:?}"),
                }
            }
            drop((s, r));
        }
    }
    ctx.term();
}
