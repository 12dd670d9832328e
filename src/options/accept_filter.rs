//! `ZMQ_TCP_ACCEPT_FILTER` entries: a numeric address with an optional
//! `/prefix`, matched against the peer address of an accepted connection.

use std::net::IpAddr;

use crate::error::{Error, Result};
use crate::transport::endpoint::{atoi, resolve_numeric_host};

/// One accept filter, as `addr[/prefix]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcpAddressMask {
    addr: IpAddr,
    prefix: u8,
}

impl TcpAddressMask {
    /// Parses `text` as libzmq 4.3 does: the address part is numeric only
    /// (no DNS, no interface names; `127.1` style accepted), IPv4 unless
    /// `ipv6`, when IPv4 addresses become v4-mapped IPv6 ones as on a
    /// dual-stack socket. The prefix after the last `/` goes through C's
    /// `atoi`: missing means the whole address, `0` means any, otherwise it
    /// must be 1..=32 (IPv4) or 1..=128 (IPv6); an empty prefix is EINVAL.
    pub fn parse(text: &[u8], ipv6: bool) -> Result<TcpAddressMask> {
        let text = std::str::from_utf8(text).map_err(|_| Error::Inval)?;
        let (addr_text, prefix_text) = match text.rsplit_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let addr = resolve_numeric_host(addr_text, ipv6)?;
        let full: u8 = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix_text {
            None => full,
            Some("") => return Err(Error::Inval),
            Some("0") => 0,
            Some(p) => match u8::try_from(atoi(p)) {
                Ok(n) if n >= 1 && n <= full => n,
                _ => return Err(Error::Inval),
            },
        };
        Ok(TcpAddressMask { addr, prefix })
    }

    /// Whether `peer` lies inside this filter's network. Families must
    /// match (an IPv4 filter never matches an IPv6 peer), except that an
    /// IPv4-mapped IPv6 peer is compared as the IPv4 address it carries.
    pub fn matches(&self, peer: &IpAddr) -> bool {
        let peer = match peer {
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) if self.addr.is_ipv4() => IpAddr::V4(v4),
                _ => *peer,
            },
            IpAddr::V4(_) => *peer,
        };
        match (self.addr, peer) {
            (IpAddr::V4(a), IpAddr::V4(p)) => prefix_eq(&a.octets(), &p.octets(), self.prefix),
            (IpAddr::V6(a), IpAddr::V6(p)) => prefix_eq(&a.octets(), &p.octets(), self.prefix),
            _ => false,
        }
    }
}

/// Whether the first `bits` bits of `a` and `b` are equal.
fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let full = usize::from(bits / 8);
    let rest = bits % 8;
    if a.iter().zip(b).take(full).any(|(x, y)| x != y) {
        return false;
    }
    if rest == 0 {
        return true;
    }
    // rest is 1..=7, so the shift is too.
    let mask = 0xffu8
        .checked_shl(8u32.saturating_sub(u32::from(rest)))
        .unwrap_or(0);
    match (a.get(full), b.get(full)) {
        (Some(x), Some(y)) => x & mask == y & mask,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_like_libzmq() {
        assert!(TcpAddressMask::parse(b"127.0.0.1", false).is_ok());
        assert!(TcpAddressMask::parse(b"10.0.0.0/8", false).is_ok());
        assert!(TcpAddressMask::parse(b"10.0.0.0/0", false).is_ok());
        assert_eq!(
            TcpAddressMask::parse(b"10.0.0.0/33", false),
            Err(Error::Inval)
        );
        assert_eq!(
            TcpAddressMask::parse(b"10.0.0.0/x", false),
            Err(Error::Inval)
        );
        assert_eq!(TcpAddressMask::parse(b"bad", false), Err(Error::Inval));
        assert_eq!(
            TcpAddressMask::parse(b"localhost", false),
            Err(Error::Inval)
        );
        assert_eq!(TcpAddressMask::parse(b"::1", false), Err(Error::Inval));
        assert!(TcpAddressMask::parse(b"::1", true).is_ok());
        assert!(TcpAddressMask::parse(b"fe80::/10", true).is_ok());
        assert!(TcpAddressMask::parse(b"[::1]", true).is_ok());
        assert_eq!(TcpAddressMask::parse(b"[::1]", false), Err(Error::Inval));
        // As the reference: numeric forms getaddrinfo knows, atoi prefixes.
        assert!(TcpAddressMask::parse(b"127.1", false).is_ok());
        assert!(TcpAddressMask::parse(b"10.0.0.0/08", false).is_ok());
        assert!(TcpAddressMask::parse(b"10.0.0.0/8x", false).is_ok());
        assert_eq!(
            TcpAddressMask::parse(b"10.0.0.0/", false),
            Err(Error::Inval)
        );
        // With ZMQ_IPV6 an IPv4 filter is v4-mapped, as dual-stack peers are.
        assert!(TcpAddressMask::parse(b"10.0.0.0/128", true).is_ok());
        assert_eq!(
            TcpAddressMask::parse(b"10.0.0.0/129", true),
            Err(Error::Inval)
        );
        let m = TcpAddressMask::parse(b"127.0.0.1", true).unwrap();
        assert!(m.matches(&"::ffff:127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn matches_networks() {
        let m = TcpAddressMask::parse(b"10.1.0.0/16", false).unwrap();
        assert!(m.matches(&ip("10.1.200.3")));
        assert!(!m.matches(&ip("10.2.0.1")));
        assert!(m.matches(&ip("::ffff:10.1.0.9")));
        assert!(!m.matches(&ip("::1")));
        let m = TcpAddressMask::parse(b"10.0.0.0/9", false).unwrap();
        assert!(m.matches(&ip("10.127.0.1")));
        assert!(!m.matches(&ip("10.128.0.1")));
        let m = TcpAddressMask::parse(b"::1", true).unwrap();
        assert!(m.matches(&ip("::1")));
        assert!(!m.matches(&ip("127.0.0.1")));
        let any = TcpAddressMask::parse(b"0.0.0.0/0", false).unwrap();
        assert!(any.matches(&ip("192.0.2.1")));
    }
}
