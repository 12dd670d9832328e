//! The client side of SOCKS5 (RFC 1928) with the username/password method
//! (RFC 1929), as libzmq's `socks_connecter_t` uses it for ZMQ_SOCKS_PROXY:
//! a sans-IO state machine. The caller writes [`Socks5Client::output`],
//! then reads exactly [`Socks5Client::wanted`] bytes (never more: what
//! follows the proxy's reply belongs to the ZMTP engine) and passes them to
//! [`Socks5Client::input`], until [`Socks5Client::is_done`].
//!
//! As libzmq, the greeting offers one method: no authentication (0x00), or
//! username/password (0x02) when ZMQ_SOCKS_USERNAME is set; the proxy may
//! choose either of the two. The CONNECT request names the endpoint's host
//! as an IPv4 or IPv6 address when it is a literal, else as a domain name,
//! which the proxy resolves.
#![forbid(unsafe_code)]
// Reachable from peers' bytes and callers' arguments (architecture.md, "Panics").
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used))]
#![cfg_attr(not(test), deny(clippy::expect_used, clippy::arithmetic_side_effects))]

use std::net::{Ipv4Addr, Ipv6Addr};

const VERSION: u8 = 0x05;
const AUTH_VERSION: u8 = 0x01;
const METHOD_NONE: u8 = 0x00;
const METHOD_BASIC: u8 = 0x02;
const CMD_CONNECT: u8 = 0x01;
const ATYP_IPV4: u8 = 0x01;
const ATYP_DOMAIN: u8 = 0x03;
const ATYP_IPV6: u8 = 0x04;

/// Why a SOCKS5 negotiation failed; each ends the connection attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocksError {
    /// The target cannot be put in a request (empty or over 255 bytes host
    /// name), or the credentials are over 255 bytes.
    BadTarget,
    /// A reply's version byte is not the expected one.
    BadVersion(u8),
    /// The proxy accepts none of the offered methods (0xff) or chose one
    /// not usable here.
    NoAcceptableMethod(u8),
    /// RFC 1929: the proxy refused the username/password (its status).
    AuthFailed(u8),
    /// The CONNECT reply's REP field (1..=8 in RFC 1928).
    RequestFailed(u8),
    /// A malformed reply (reserved byte, address type).
    Malformed,
    /// More input than asked for.
    UnexpectedInput,
}

impl std::fmt::Display for SocksError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SocksError::BadTarget => write!(f, "target or credentials do not fit SOCKS5"),
            SocksError::BadVersion(v) => write!(f, "unexpected SOCKS version {v:#04x}"),
            SocksError::NoAcceptableMethod(m) => write!(f, "no acceptable method ({m:#04x})"),
            SocksError::AuthFailed(s) => write!(f, "authentication failed (status {s:#04x})"),
            SocksError::RequestFailed(r) => write!(f, "connect request failed (reply {r:#04x})"),
            SocksError::Malformed => write!(f, "malformed reply"),
            SocksError::UnexpectedInput => write!(f, "more input than asked for"),
        }
    }
}

impl std::error::Error for SocksError {}

/// Where the proxy should connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetHost {
    V4(Ipv4Addr),
    V6(Ipv6Addr),
    Domain(String),
}

impl TargetHost {
    /// An endpoint's host part: an address literal (IPv6 with or without
    /// brackets) or a name.
    pub fn parse(host: &str) -> TargetHost {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(a) = bare.parse::<Ipv4Addr>() {
            TargetHost::V4(a)
        } else if let Ok(a) = bare.parse::<Ipv6Addr>() {
            TargetHost::V6(a)
        } else {
            TargetHost::Domain(host.to_string())
        }
    }
}

/// Splits a tcp connect address (`[source;]host:port`) into the host and
/// port the proxy is asked to connect to. A source address is not used
/// through a proxy.
pub fn parse_target(address: &str) -> Option<(TargetHost, u16)> {
    let name = address.rsplit_once(';').map_or(address, |(_, n)| n);
    let (host, port) = name.rsplit_once(':')?;
    let port = port.parse::<u16>().ok()?;
    if host.is_empty() {
        return None;
    }
    Some((TargetHost::parse(host), port))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for the method choice (2 bytes).
    Choice,
    /// Waiting for the username/password status (2 bytes).
    AuthStatus,
    /// Waiting for the first 5 bytes of the CONNECT reply.
    ReplyHead,
    /// Waiting for the rest of the reply (address and port).
    ReplyTail(usize),
    Done,
    Failed,
}

/// One SOCKS5 negotiation.
#[derive(Debug)]
pub struct Socks5Client {
    phase: Phase,
    /// Bytes to send, from `sent` on.
    out: Vec<u8>,
    sent: usize,
    /// The username/password request, sent if the proxy picks 0x02.
    auth: Vec<u8>,
    request: Vec<u8>,
}

impl Socks5Client {
    /// Starts a negotiation: the greeting is ready in `output`.
    /// `credentials` offers username/password instead of no authentication.
    pub fn new(
        host: &TargetHost,
        port: u16,
        credentials: Option<(&[u8], &[u8])>,
    ) -> Result<Socks5Client, SocksError> {
        let method = if credentials.is_some() {
            METHOD_BASIC
        } else {
            METHOD_NONE
        };
        let (user, password) = credentials.unwrap_or((&[], &[]));
        let mut auth =
            Vec::with_capacity(user.len().saturating_add(password.len()).saturating_add(3));
        auth.push(AUTH_VERSION);
        auth.push(u8::try_from(user.len()).map_err(|_| SocksError::BadTarget)?);
        auth.extend_from_slice(user);
        auth.push(u8::try_from(password.len()).map_err(|_| SocksError::BadTarget)?);
        auth.extend_from_slice(password);

        let mut request = vec![VERSION, CMD_CONNECT, 0x00];
        match host {
            TargetHost::V4(a) => {
                request.push(ATYP_IPV4);
                request.extend_from_slice(&a.octets());
            }
            TargetHost::V6(a) => {
                request.push(ATYP_IPV6);
                request.extend_from_slice(&a.octets());
            }
            TargetHost::Domain(name) => {
                let len = u8::try_from(name.len()).map_err(|_| SocksError::BadTarget)?;
                if len == 0 {
                    return Err(SocksError::BadTarget);
                }
                request.push(ATYP_DOMAIN);
                request.push(len);
                request.extend_from_slice(name.as_bytes());
            }
        }
        request.extend_from_slice(&port.to_be_bytes());

        Ok(Socks5Client {
            phase: Phase::Choice,
            out: vec![VERSION, 1, method],
            sent: 0,
            auth,
            request,
        })
    }

    /// Bytes waiting to be sent.
    pub fn output(&self) -> &[u8] {
        self.out.get(self.sent..).unwrap_or(&[])
    }

    /// `n` bytes of `output` were sent.
    pub fn advance(&mut self, n: usize) {
        self.sent = self.sent.saturating_add(n).min(self.out.len());
    }

    /// How many bytes to read next: 0 while output is pending or when the
    /// negotiation is over.
    pub fn wanted(&self) -> usize {
        if !self.output().is_empty() {
            return 0;
        }
        match self.phase {
            Phase::Choice | Phase::AuthStatus => 2,
            Phase::ReplyHead => 5,
            Phase::ReplyTail(n) => n,
            Phase::Done | Phase::Failed => 0,
        }
    }

    /// The proxy connected to the target: the connection now carries the
    /// target's bytes.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    fn send(&mut self, bytes: Vec<u8>) {
        self.out = bytes;
        self.sent = 0;
    }

    /// Takes exactly `wanted()` bytes (a caller that reads less keeps the
    /// piece and passes it once complete). Any error is final.
    pub fn input(&mut self, data: &[u8]) -> Result<(), SocksError> {
        if data.len() != self.wanted() || data.is_empty() {
            self.phase = Phase::Failed;
            return Err(SocksError::UnexpectedInput);
        }
        let result = self.step(data);
        if result.is_err() {
            self.phase = Phase::Failed;
        }
        result
    }

    fn step(&mut self, data: &[u8]) -> Result<(), SocksError> {
        match (self.phase, data) {
            (Phase::Choice, &[version, method]) => {
                if version != VERSION {
                    return Err(SocksError::BadVersion(version));
                }
                // libzmq takes either method whatever it offered.
                match method {
                    METHOD_NONE => {
                        let request = std::mem::take(&mut self.request);
                        self.send(request);
                        self.phase = Phase::ReplyHead;
                    }
                    METHOD_BASIC => {
                        let auth = std::mem::take(&mut self.auth);
                        self.send(auth);
                        self.phase = Phase::AuthStatus;
                    }
                    m => return Err(SocksError::NoAcceptableMethod(m)),
                }
            }
            (Phase::AuthStatus, &[version, status]) => {
                if version != AUTH_VERSION {
                    return Err(SocksError::BadVersion(version));
                }
                if status != 0 {
                    return Err(SocksError::AuthFailed(status));
                }
                let request = std::mem::take(&mut self.request);
                self.send(request);
                self.phase = Phase::ReplyHead;
            }
            (Phase::ReplyHead, &[version, reply, reserved, atyp, first]) => {
                if version != VERSION {
                    return Err(SocksError::BadVersion(version));
                }
                if reserved != 0 {
                    return Err(SocksError::Malformed);
                }
                if reply != 0 {
                    return Err(SocksError::RequestFailed(reply));
                }
                // The bound address (one byte of it already here) and port.
                let rest = match atyp {
                    ATYP_IPV4 => 4 - 1 + 2,
                    ATYP_IPV6 => 16 - 1 + 2,
                    ATYP_DOMAIN => usize::from(first) + 2,
                    _ => return Err(SocksError::Malformed),
                };
                self.phase = Phase::ReplyTail(rest);
            }
            (Phase::ReplyTail(_), _) => self.phase = Phase::Done,
            _ => return Err(SocksError::UnexpectedInput),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take_output(c: &mut Socks5Client) -> Vec<u8> {
        let out = c.output().to_vec();
        c.advance(out.len());
        out
    }

    #[test]
    fn no_auth_ipv4() {
        let host = TargetHost::parse("127.0.0.1");
        let mut c = Socks5Client::new(&host, 5555, None).unwrap();
        assert_eq!(c.wanted(), 0);
        assert_eq!(take_output(&mut c), [5, 1, 0]);
        assert_eq!(c.wanted(), 2);
        c.input(&[5, 0]).unwrap();
        assert_eq!(take_output(&mut c), [5, 1, 0, 1, 127, 0, 0, 1, 0x15, 0xb3]);
        assert_eq!(c.wanted(), 5);
        c.input(&[5, 0, 0, 1, 10]).unwrap();
        assert_eq!(c.wanted(), 5);
        assert!(!c.is_done());
        c.input(&[0, 0, 1, 0x04, 0x38]).unwrap();
        assert!(c.is_done());
        assert_eq!(c.wanted(), 0);
        assert!(c.output().is_empty());
    }

    #[test]
    fn basic_auth_domain() {
        let host = TargetHost::parse("example.org");
        let mut c = Socks5Client::new(&host, 80, Some((b"user", b"pw"))).unwrap();
        assert_eq!(take_output(&mut c), [5, 1, 2]);
        c.input(&[5, 2]).unwrap();
        assert_eq!(
            take_output(&mut c),
            [1, 4, b'u', b's', b'e', b'r', 2, b'p', b'w']
        );
        c.input(&[1, 0]).unwrap();
        let mut want = vec![5, 1, 0, 3, 11];
        want.extend_from_slice(b"example.org");
        want.extend_from_slice(&[0, 80]);
        assert_eq!(take_output(&mut c), want);
        // A domain-name bound address: its length byte comes in the head.
        c.input(&[5, 0, 0, 3, 3]).unwrap();
        assert_eq!(c.wanted(), 3 + 2);
        c.input(b"abc\x00\x01").unwrap();
        assert!(c.is_done());
    }

    #[test]
    fn ipv6_target_and_reply() {
        let host = TargetHost::parse("[::1]");
        assert_eq!(host, TargetHost::V6(Ipv6Addr::LOCALHOST));
        let mut c = Socks5Client::new(&host, 1, None).unwrap();
        take_output(&mut c);
        c.input(&[5, 0]).unwrap();
        let mut want = vec![5, 1, 0, 4];
        want.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        want.extend_from_slice(&[0, 1]);
        assert_eq!(take_output(&mut c), want);
        c.input(&[5, 0, 0, 4, 0]).unwrap();
        assert_eq!(c.wanted(), 17);
        c.input(&[0; 17]).unwrap();
        assert!(c.is_done());
    }

    #[test]
    fn partial_writes() {
        let mut c = Socks5Client::new(&TargetHost::parse("1.2.3.4"), 9, None).unwrap();
        assert_eq!(c.output(), [5, 1, 0]);
        c.advance(1);
        assert_eq!(c.output(), [1, 0]);
        assert_eq!(c.wanted(), 0);
        c.advance(5);
        assert!(c.output().is_empty());
        assert_eq!(c.wanted(), 2);
    }

    #[test]
    fn proxy_may_pick_either_method() {
        // Offered none, proxy asks for username/password: empty ones go.
        let mut c = Socks5Client::new(&TargetHost::parse("h"), 1, None).unwrap();
        take_output(&mut c);
        c.input(&[5, 2]).unwrap();
        assert_eq!(take_output(&mut c), [1, 0, 0]);
        // Offered username/password, proxy needs none.
        let mut c = Socks5Client::new(&TargetHost::parse("h"), 1, Some((b"u", b""))).unwrap();
        take_output(&mut c);
        c.input(&[5, 0]).unwrap();
        assert_eq!(take_output(&mut c), [5, 1, 0, 3, 1, b'h', 0, 1]);
    }

    fn failing(steps: &[&[u8]], creds: Option<(&[u8], &[u8])>) -> SocksError {
        let mut c = Socks5Client::new(&TargetHost::parse("h"), 1, creds).unwrap();
        for (i, s) in steps.iter().enumerate() {
            take_output(&mut c);
            match c.input(s) {
                Ok(()) => assert!(i + 1 < steps.len(), "last step must fail"),
                Err(e) => {
                    assert_eq!(c.phase, Phase::Failed);
                    assert_eq!(c.wanted(), 0);
                    // Failed for good.
                    assert!(c.input(&[5, 0]).is_err());
                    return e;
                }
            }
        }
        panic!("no error");
    }

    #[test]
    fn errors() {
        let creds = Some((&b"u"[..], &b"p"[..]));
        assert_eq!(failing(&[&[4, 0]], None), SocksError::BadVersion(4));
        assert_eq!(
            failing(&[&[5, 0xff]], None),
            SocksError::NoAcceptableMethod(0xff)
        );
        assert_eq!(failing(&[&[5, 1]], None), SocksError::NoAcceptableMethod(1));
        assert_eq!(
            failing(&[&[5, 2], &[1, 1]], creds),
            SocksError::AuthFailed(1)
        );
        assert_eq!(
            failing(&[&[5, 2], &[5, 0]], creds),
            SocksError::BadVersion(5)
        );
        assert_eq!(
            failing(&[&[5, 0], &[5, 5, 0, 1, 0]], None),
            SocksError::RequestFailed(5)
        );
        assert_eq!(
            failing(&[&[5, 0], &[5, 0, 1, 1, 0]], None),
            SocksError::Malformed
        );
        assert_eq!(
            failing(&[&[5, 0], &[5, 0, 0, 9, 0]], None),
            SocksError::Malformed
        );
        assert_eq!(
            failing(&[&[5, 0], &[4, 0, 0, 1, 0]], None),
            SocksError::BadVersion(4)
        );
        assert_eq!(failing(&[&[5, 0, 0]], None), SocksError::UnexpectedInput);
        assert_eq!(failing(&[&[]], None), SocksError::UnexpectedInput);
    }

    #[test]
    fn bad_targets() {
        let long = "x".repeat(256);
        assert_eq!(
            Socks5Client::new(&TargetHost::Domain(long.clone()), 1, None).err(),
            Some(SocksError::BadTarget)
        );
        assert_eq!(
            Socks5Client::new(&TargetHost::Domain(String::new()), 1, None).err(),
            Some(SocksError::BadTarget)
        );
        assert_eq!(
            Socks5Client::new(&TargetHost::parse("h"), 1, Some((long.as_bytes(), b""))).err(),
            Some(SocksError::BadTarget)
        );
        assert!(Socks5Client::new(&TargetHost::Domain("x".repeat(255)), 1, None).is_ok());
    }

    #[test]
    fn targets_parse() {
        assert_eq!(
            parse_target("127.0.0.1:5555"),
            Some((TargetHost::V4(Ipv4Addr::LOCALHOST), 5555))
        );
        assert_eq!(
            parse_target("[::1]:80"),
            Some((TargetHost::V6(Ipv6Addr::LOCALHOST), 80))
        );
        assert_eq!(
            parse_target("10.0.0.1:1;example.org:443"),
            Some((TargetHost::Domain("example.org".into()), 443))
        );
        assert_eq!(parse_target("host"), None);
        assert_eq!(parse_target(":80"), None);
        assert_eq!(parse_target("h:*"), None);
        assert_eq!(parse_target("h:70000"), None);
    }

    #[test]
    fn every_reply_byte_sequence_is_handled_without_panic() {
        // Every two-byte choice and a sample of reply heads.
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let mut c = Socks5Client::new(&TargetHost::parse("h"), 1, None).unwrap();
                take_output(&mut c);
                let _ = c.input(&[a, b]);
                if c.wanted() == 0 {
                    take_output(&mut c);
                }
                if c.wanted() == 5 {
                    let _ = c.input(&[5, 0, 0, a, b]);
                    let n = c.wanted();
                    if n > 0 {
                        let _ = c.input(&vec![a; n]);
                    }
                }
            }
        }
    }
}
