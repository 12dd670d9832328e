//! The HTTP/1.1 upgrade that opens a ZWS 2.0 connection, byte for byte as
//! libzmq 4.3.4's ws engine writes it, and parsers for what a peer sends.
//!
//! - The client (connecting side) sends `GET <path> HTTP/1.1` with `Host:`
//!   (the endpoint's host without port, as libzmq), `Upgrade: websocket`,
//!   `Connection: Upgrade`, a random `Sec-WebSocket-Key`,
//!   `Sec-WebSocket-Protocol` offering what its mechanism allows
//!   (`ZWS2.0/NULL,ZWS2.0` for NULL, `ZWS2.0/PLAIN`, `ZWS2.0/CURVE`) and
//!   `Sec-WebSocket-Version: 13`.
//! - The server takes any path (as libzmq), requires the upgrade headers, a
//!   key and an offered subprotocol its mechanism accepts (the first one in
//!   the client's order), and answers `101 Switching Protocols` with the
//!   accept key and the chosen subprotocol.
//! - The client requires status 101, the upgrade headers, the right accept
//!   key (libzmq does not check it; every correct server sends it) and a
//!   subprotocol it offered.
//!
//! Head sizes are bounded ([`MAX_HEAD`]); whatever follows the blank line
//! is left in the caller's buffer: it is already WebSocket frames.
#![forbid(unsafe_code)]
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::panic
)]

use bytes::{Buf, BytesMut};

use super::{base64, sha1};

/// The longest request or response head accepted (libzmq bounds each
/// header line; a whole head this long is no handshake of ours).
pub const MAX_HEAD: usize = 8192;

const ACCEPT_GUID: &[u8] = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// ZMQ_MECHANISM values.
const ZMQ_NULL: i32 = 0;
const ZMQ_PLAIN: i32 = 1;
const ZMQ_CURVE: i32 = 2;

/// The ZWS 2.0 subprotocols of libzmq 4.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subprotocol {
    /// `ZWS2.0`: no mechanism; each side's first message is its routing id.
    Bare,
    /// `ZWS2.0/NULL`, `ZWS2.0/PLAIN`, `ZWS2.0/CURVE`: that ZMTP mechanism's
    /// handshake commands (READY, HELLO, ...), without a ZMTP greeting.
    Null,
    Plain,
    Curve,
}

impl Subprotocol {
    pub fn name(self) -> &'static str {
        match self {
            Subprotocol::Bare => "ZWS2.0",
            Subprotocol::Null => "ZWS2.0/NULL",
            Subprotocol::Plain => "ZWS2.0/PLAIN",
            Subprotocol::Curve => "ZWS2.0/CURVE",
        }
    }

    /// The ZMTP mechanism name the subprotocol runs (none for `Bare`).
    pub fn mechanism(self) -> Option<&'static [u8]> {
        match self {
            Subprotocol::Bare => None,
            Subprotocol::Null => Some(b"NULL"),
            Subprotocol::Plain => Some(b"PLAIN"),
            Subprotocol::Curve => Some(b"CURVE"),
        }
    }

    /// What a socket with ZMQ_MECHANISM `mechanism` accepts of `name`
    /// (libzmq's `select_protocol`; exact, case-sensitive).
    pub fn select(mechanism: i32, name: &str) -> Option<Subprotocol> {
        match (mechanism, name) {
            (ZMQ_NULL, "ZWS2.0") => Some(Subprotocol::Bare),
            (ZMQ_NULL, "ZWS2.0/NULL") => Some(Subprotocol::Null),
            (ZMQ_PLAIN, "ZWS2.0/PLAIN") => Some(Subprotocol::Plain),
            (ZMQ_CURVE, "ZWS2.0/CURVE") => Some(Subprotocol::Curve),
            _ => None,
        }
    }

    /// The `Sec-WebSocket-Protocol` a client with `mechanism` offers.
    pub fn offer(mechanism: i32) -> &'static str {
        match mechanism {
            ZMQ_PLAIN => "ZWS2.0/PLAIN",
            ZMQ_CURVE => "ZWS2.0/CURVE",
            _ => "ZWS2.0/NULL,ZWS2.0",
        }
    }
}

/// Why a handshake failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeError {
    /// Not `GET <path> HTTP/1.1` / `HTTP/1.1 101 ...`, or a malformed line.
    BadStartLine,
    BadHeader,
    /// The head did not end within [`MAX_HEAD`] bytes.
    TooLong,
    /// `Upgrade: websocket` or `Connection: Upgrade` missing.
    NotUpgrade,
    MissingKey,
    /// The client's accept key is wrong.
    BadAccept,
    /// No subprotocol both sides accept.
    NoSubprotocol,
}

/// The `Sec-WebSocket-Accept` value for `key`.
pub fn accept_key(key: &str) -> String {
    base64::encode(&sha1::digest(&[key.as_bytes(), ACCEPT_GUID]))
}

/// Takes a complete head (up to and including the blank line) off `buf`.
fn take_head(buf: &mut BytesMut) -> Result<Option<String>, HandshakeError> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let Some(end) = end else {
        return if buf.len() > MAX_HEAD {
            Err(HandshakeError::TooLong)
        } else {
            Ok(None)
        };
    };
    if end > MAX_HEAD {
        return Err(HandshakeError::TooLong);
    }
    let head = buf.split_to(end);
    buf.advance(4);
    String::from_utf8(head.to_vec())
        .map(Some)
        .map_err(|_| HandshakeError::BadHeader)
}

/// What the upgrade headers of a head said.
#[derive(Default)]
struct Headers {
    upgrade_websocket: bool,
    connection_upgrade: bool,
    key: Option<String>,
    accept: Option<String>,
    /// The first subprotocol accepted, in the peer's order.
    subprotocol: Option<Subprotocol>,
}

impl Headers {
    fn parse<'a>(
        lines: impl Iterator<Item = &'a str>,
        mechanism: i32,
    ) -> Result<Headers, HandshakeError> {
        let mut h = Headers::default();
        for line in lines {
            let (name, value) = line.split_once(':').ok_or(HandshakeError::BadHeader)?;
            if name.is_empty() || name.contains([' ', '\t']) {
                return Err(HandshakeError::BadHeader);
            }
            let value = value.trim_matches([' ', '\t']);
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if is("Upgrade") {
                h.upgrade_websocket = value.eq_ignore_ascii_case("websocket");
            } else if is("Connection") {
                h.connection_upgrade |= value
                    .split(',')
                    .any(|t| t.trim_matches([' ', '\t']).eq_ignore_ascii_case("upgrade"));
            } else if is("Sec-WebSocket-Key") {
                h.key = Some(value.to_string());
            } else if is("Sec-WebSocket-Accept") {
                h.accept = Some(value.to_string());
            } else if is("Sec-WebSocket-Protocol") && h.subprotocol.is_none() {
                // May be repeated or a list; the first acceptable wins.
                h.subprotocol = value
                    .split(',')
                    .find_map(|p| Subprotocol::select(mechanism, p.trim_matches([' ', '\t'])));
            }
        }
        if !(h.upgrade_websocket && h.connection_upgrade) {
            return Err(HandshakeError::NotUpgrade);
        }
        Ok(h)
    }
}

/// The connecting side's handshake.
#[derive(Debug, Clone)]
pub struct Client {
    mechanism: i32,
    expected_accept: String,
    request: String,
}

impl Client {
    /// `host` and `path` as libzmq takes them from the endpoint; `nonce` is
    /// 16 random bytes.
    pub fn new(host: &str, path: &str, mechanism: i32, nonce: [u8; 16]) -> Client {
        let key = base64::encode(&nonce);
        let request = format!(
            "GET {path} HTTP/1.1\r\n\
             Host: {host}\r\n\
             Upgrade: websocket\r\n\
             Connection: Upgrade\r\n\
             Sec-WebSocket-Key: {key}\r\n\
             Sec-WebSocket-Protocol: {}\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n",
            Subprotocol::offer(mechanism)
        );
        Client {
            mechanism,
            expected_accept: accept_key(&key),
            request,
        }
    }

    /// The request to send first.
    pub fn request(&self) -> &[u8] {
        self.request.as_bytes()
    }

    /// Reads the server's response head off `buf`: `Ok(None)` until it is
    /// complete, then the subprotocol the server chose.
    pub fn handle_response(
        &self,
        buf: &mut BytesMut,
    ) -> Result<Option<Subprotocol>, HandshakeError> {
        let Some(head) = take_head(buf)? else {
            return Ok(None);
        };
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap_or("");
        let mut words = status.split(' ').filter(|w| !w.is_empty());
        if words.next() != Some("HTTP/1.1") || words.next() != Some("101") {
            return Err(HandshakeError::BadStartLine);
        }
        let h = Headers::parse(lines, self.mechanism)?;
        if h.accept.as_deref() != Some(self.expected_accept.as_str()) {
            return Err(HandshakeError::BadAccept);
        }
        h.subprotocol.map(Some).ok_or(HandshakeError::NoSubprotocol)
    }
}

/// The accepting side's handshake: reads the request off `buf`; once it is
/// complete returns the chosen subprotocol and the response to send.
pub fn handle_request(
    buf: &mut BytesMut,
    mechanism: i32,
) -> Result<Option<(Subprotocol, String)>, HandshakeError> {
    // libzmq refuses at the first byte that is not `GET `: so does this,
    // rather than wait for a whole head from, say, a ZMTP peer.
    let prefix_len = buf.len().min(4);
    if buf.get(..prefix_len) != b"GET ".get(..prefix_len) {
        return Err(HandshakeError::BadStartLine);
    }
    let Some(head) = take_head(buf)? else {
        return Ok(None);
    };
    let mut lines = head.split("\r\n");
    let request = lines.next().unwrap_or("");
    let mut words = request.split(' ').filter(|w| !w.is_empty());
    let (Some("GET"), Some(_path), Some("HTTP/1.1"), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(HandshakeError::BadStartLine);
    };
    let h = Headers::parse(lines, mechanism)?;
    let key = h
        .key
        .filter(|k| !k.is_empty())
        .ok_or(HandshakeError::MissingKey)?;
    let subprotocol = h.subprotocol.ok_or(HandshakeError::NoSubprotocol)?;
    let response = format!(
        "HTTP/1.1 101 Switching Protocols\r\n\
         Upgrade: websocket\r\n\
         Connection: Upgrade\r\n\
         Sec-WebSocket-Accept: {}\r\n\
         Sec-WebSocket-Protocol: {}\r\n\r\n",
        accept_key(&key),
        subprotocol.name()
    );
    Ok(Some((subprotocol, response)))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    const REQUEST: &str = "GET /path HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n\
        Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
        Sec-WebSocket-Protocol: ZWS2.0/NULL,ZWS2.0\r\nSec-WebSocket-Version: 13\r\n\r\n";

    #[test]
    fn rfc6455_accept_key() {
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn server_answers_as_libzmq() {
        let mut buf = BytesMut::from(REQUEST.as_bytes());
        buf.extend_from_slice(b"\x82\x01\x00");
        let (sub, resp) = handle_request(&mut buf, ZMQ_NULL).unwrap().unwrap();
        assert_eq!(sub, Subprotocol::Null);
        // libzmq 4.3.4's answer to this request, as captured.
        assert_eq!(
            resp,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\
             Sec-WebSocket-Protocol: ZWS2.0/NULL\r\n\r\n"
        );
        assert_eq!(&buf[..], b"\x82\x01\x00");
    }

    #[test]
    fn server_picks_first_acceptable_in_client_order() {
        let req = REQUEST.replace("ZWS2.0/NULL,ZWS2.0", "foo, ZWS2.0 ,ZWS2.0/NULL");
        let (sub, _) = handle_request(&mut BytesMut::from(req.as_bytes()), ZMQ_NULL)
            .unwrap()
            .unwrap();
        assert_eq!(sub, Subprotocol::Bare);
        let err = handle_request(&mut BytesMut::from(REQUEST.as_bytes()), ZMQ_PLAIN);
        assert_eq!(err, Err(HandshakeError::NoSubprotocol));
    }

    #[test]
    fn server_waits_for_whole_head_and_refuses_garbage() {
        for cut in 0..REQUEST.len() {
            let mut b = BytesMut::from(&REQUEST.as_bytes()[..cut]);
            assert_eq!(handle_request(&mut b, ZMQ_NULL), Ok(None), "cut {cut}");
        }
        let zmtp = b"\xff\x00\x00\x00\x00\x00\x00\x00\x01\x7f";
        assert_eq!(
            handle_request(&mut BytesMut::from(&zmtp[..]), ZMQ_NULL),
            Err(HandshakeError::BadStartLine)
        );
        let mut long = BytesMut::from(&b"GET / HTTP/1.1\r\nX: "[..]);
        long.extend_from_slice(&vec![b'a'; MAX_HEAD]);
        assert_eq!(
            handle_request(&mut long, ZMQ_NULL),
            Err(HandshakeError::TooLong)
        );
        for (from, to, err) in [
            (
                "Upgrade: websocket",
                "Upgrade: h2c",
                HandshakeError::NotUpgrade,
            ),
            (
                "Connection: Upgrade",
                "Connection: keep-alive",
                HandshakeError::NotUpgrade,
            ),
            (
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "X-A: b",
                HandshakeError::MissingKey,
            ),
            ("HTTP/1.1\r\n", "HTTP/1.0\r\n", HandshakeError::BadStartLine),
            (
                "Host: 127.0.0.1",
                "Host 127.0.0.1",
                HandshakeError::BadHeader,
            ),
        ] {
            let req = REQUEST.replacen(from, to, 1);
            assert_eq!(
                handle_request(&mut BytesMut::from(req.as_bytes()), ZMQ_NULL),
                Err(err),
                "{to}"
            );
        }
    }

    #[test]
    fn client_request_and_response() {
        let c = Client::new("127.0.0.1", "/path", ZMQ_NULL, *b"the sample nonce");
        assert_eq!(c.request(), REQUEST.as_bytes());
        let (_, resp) = handle_request(&mut BytesMut::from(c.request()), ZMQ_NULL)
            .unwrap()
            .unwrap();
        let mut buf = BytesMut::from(resp.as_bytes());
        buf.extend_from_slice(b"\x82\x01\x00");
        assert_eq!(c.handle_response(&mut buf), Ok(Some(Subprotocol::Null)));
        assert_eq!(&buf[..], b"\x82\x01\x00");
        let bad = resp.replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "AAAA");
        assert_eq!(
            c.handle_response(&mut BytesMut::from(bad.as_bytes())),
            Err(HandshakeError::BadAccept)
        );
        let other = resp.replace("ZWS2.0/NULL", "ZWS2.0/CURVE");
        assert_eq!(
            c.handle_response(&mut BytesMut::from(other.as_bytes())),
            Err(HandshakeError::NoSubprotocol)
        );
        let refused = "HTTP/1.1 400 Bad Request\r\n\r\n";
        assert_eq!(
            c.handle_response(&mut BytesMut::from(refused.as_bytes())),
            Err(HandshakeError::BadStartLine)
        );
    }
}
