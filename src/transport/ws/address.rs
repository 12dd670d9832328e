//! `ws://` endpoint addresses as libzmq 4.3.4 reads them (`ws_address_t`):
//! `host:port[/path]`. The path is everything from the *last* `/` (so
//! `host:port/a/b` leaves `host:port/a` to resolve, which fails: EINVAL, as
//! in libzmq); without one it is `/`. The host sent in the `Host:` header
//! is everything before the last `:`. The rest resolves like a tcp address
//! (bind: `*`, interfaces and numeric hosts; connect: DNS too).
#![forbid(unsafe_code)]

use std::net::SocketAddr;

use crate::error::{Error, Result};
use crate::transport::endpoint::tcp_endpoint_string;

/// A `ws://` address split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsAddress {
    /// `host:port`, for the tcp resolver.
    pub tcp: String,
    /// The `Host:` header value (no port).
    pub host: String,
    /// The request path, starting with `/`.
    pub path: String,
}

impl WsAddress {
    /// Splits the part after `ws://`.
    pub fn parse(address: &str) -> Result<WsAddress> {
        let colon = address.rfind(':').ok_or(Error::Inval)?;
        let host = address.get(..colon).ok_or(Error::Inval)?.to_string();
        let (tcp, path) = match address.rfind('/') {
            Some(slash) => (
                address.get(..slash).ok_or(Error::Inval)?,
                address.get(slash..).ok_or(Error::Inval)?,
            ),
            None => (address, "/"),
        };
        Ok(WsAddress {
            tcp: tcp.to_string(),
            host,
            path: path.to_string(),
        })
    }

    /// ZMQ_LAST_ENDPOINT of a listener bound to `bound` for this address.
    pub fn endpoint_string(&self, bound: &SocketAddr) -> String {
        let tcp = tcp_endpoint_string(bound);
        let hostport = tcp.strip_prefix("tcp://").unwrap_or(&tcp);
        format!("ws://{hostport}{}", self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_libzmq() {
        let a = WsAddress::parse("127.0.0.1:5555/x").unwrap();
        assert_eq!(
            (a.tcp.as_str(), a.host.as_str(), a.path.as_str()),
            ("127.0.0.1:5555", "127.0.0.1", "/x")
        );
        let a = WsAddress::parse("*:*").unwrap();
        assert_eq!((a.tcp.as_str(), a.path.as_str()), ("*:*", "/"));
        let a = WsAddress::parse("[::1]:80/p").unwrap();
        assert_eq!((a.tcp.as_str(), a.host.as_str()), ("[::1]:80", "[::1]"));
        // libzmq resolves "127.0.0.1:*/foo" here, which fails.
        assert_eq!(
            WsAddress::parse("127.0.0.1:*/foo/bar").unwrap().tcp,
            "127.0.0.1:*/foo"
        );
        assert_eq!(WsAddress::parse("127.0.0.1"), Err(Error::Inval));
        let bound: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        assert_eq!(
            WsAddress::parse("lo:*/p").unwrap().endpoint_string(&bound),
            "ws://127.0.0.1:4000/p"
        );
        assert_eq!(
            WsAddress::parse("*:0").unwrap().endpoint_string(&bound),
            "ws://127.0.0.1:4000/"
        );
    }
}
