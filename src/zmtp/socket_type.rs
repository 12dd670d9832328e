//! Socket types as they appear in READY's `Socket-Type` property, and which
//! pairs may talk (RFC 37 and libzmq's `mechanism_t::check_socket_type`).

/// The socket types of libzmq 4.3's stable API, numbered as in zmq.h.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum SocketType {
    Pair = 0,
    Pub = 1,
    Sub = 2,
    Req = 3,
    Rep = 4,
    Dealer = 5,
    Router = 6,
    Pull = 7,
    Push = 8,
    XPub = 9,
    XSub = 10,
    Stream = 11,
}

impl SocketType {
    /// From a zmq.h `ZMQ_*` socket type number.
    pub fn from_raw(raw: i32) -> Option<SocketType> {
        use SocketType::*;
        Some(match raw {
            0 => Pair,
            1 => Pub,
            2 => Sub,
            3 => Req,
            4 => Rep,
            5 => Dealer,
            6 => Router,
            7 => Pull,
            8 => Push,
            9 => XPub,
            10 => XSub,
            11 => Stream,
            _ => return None,
        })
    }

    /// The zmq.h number.
    pub fn raw(self) -> i32 {
        self as i32
    }

    /// The name sent in `Socket-Type`.
    pub fn name(self) -> &'static str {
        use SocketType::*;
        match self {
            Pair => "PAIR",
            Pub => "PUB",
            Sub => "SUB",
            Req => "REQ",
            Rep => "REP",
            Dealer => "DEALER",
            Router => "ROUTER",
            Pull => "PULL",
            Push => "PUSH",
            XPub => "XPUB",
            XSub => "XSUB",
            Stream => "STREAM",
        }
    }

    /// From a `Socket-Type` value. Exact and case-sensitive, as libzmq
    /// compares it.
    pub fn from_name(name: &[u8]) -> Option<SocketType> {
        use SocketType::*;
        [
            Pair, Pub, Sub, Req, Rep, Dealer, Router, Pull, Push, XPub, XSub, Stream,
        ]
        .into_iter()
        .find(|t| t.name().as_bytes() == name)
    }

    /// Whether a socket of this type accepts a peer announcing `peer`.
    /// STREAM never speaks ZMTP, so it accepts nobody.
    pub fn accepts_peer(self, peer: &[u8]) -> bool {
        use SocketType::*;
        let Some(peer) = SocketType::from_name(peer) else {
            return false;
        };
        match self {
            Pair => peer == Pair,
            Pub | XPub => matches!(peer, Sub | XSub),
            Sub | XSub => matches!(peer, Pub | XPub),
            Req => matches!(peer, Rep | Router),
            Rep => matches!(peer, Req | Dealer),
            Dealer => matches!(peer, Rep | Dealer | Router),
            Router => matches!(peer, Req | Dealer | Router),
            Push => peer == Pull,
            Pull => peer == Push,
            Stream => false,
        }
    }

    /// Whether READY carries an `Identity` property (possibly empty) for
    /// this type. libzmq sends it for exactly REQ, DEALER and ROUTER.
    pub fn sends_identity(self) -> bool {
        matches!(
            self,
            SocketType::Req | SocketType::Dealer | SocketType::Router
        )
    }
}
