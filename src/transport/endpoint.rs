//! Endpoint strings: `transport://address`, and the tcp and ipc address rules
//! of libzmq 4.3, as measured against the reference library.
//!
//! - [`parse`] splits the URI: no `://`, or an empty transport or address, is
//!   EINVAL; a transport we do not implement is EPROTONOSUPPORT
//!   ([`parse_for_socket`] adds libzmq's ENOCOMPATPROTO for pgm/epgm/norm/udp
//!   on socket types that cannot use them).
//! - tcp bind ([`TcpAddress::resolve_bind`]): `host:port` where host is `*`
//!   (0.0.0.0, or `::` when ZMQ_IPV6 is on), an interface name (`lo`) or a
//!   numeric address (no DNS), optionally in `[...]` and with a `%zone`; port
//!   is `*` or `0` (ephemeral) or a number. Unknown host or interface:
//!   ENODEV. Bad port: EINVAL.
//! - tcp connect: [`check_connect_syntax`] is the quick check `zmq_connect`
//!   does; the name is resolved later, when the connection is attempted
//!   ([`TcpAddress::resolve_connect`], DNS allowed, failure EINVAL), with an
//!   optional `source;` part (`source_host:port;host:port`) resolved like a
//!   bind address.
//! - ipc ([`IpcAddress`]): a path shorter than `sun_path` (108 bytes) or
//!   ENAMETOOLONG; `@name` is the Linux abstract namespace; `*` (bind only)
//!   is a fresh path made by `transport::ipc`.
//! - ZMQ_LAST_ENDPOINT strings: [`tcp_endpoint_string`] and
//!   [`IpcAddress::endpoint_string`].

use std::ffi::{CStr, CString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::error::{Error, Result};

/// The transports this library implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Ipc,
    Inproc,
    Ws,
}

/// A parsed endpoint URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint<'a> {
    pub protocol: Protocol,
    /// Everything after `://`, never empty.
    pub address: &'a str,
}

/// Splits `transport://address`.
pub fn parse(uri: &str) -> Result<Endpoint<'_>> {
    let (protocol, address) = uri.split_once("://").ok_or(Error::Inval)?;
    if protocol.is_empty() || address.is_empty() {
        return Err(Error::Inval);
    }
    let protocol = match protocol {
        "tcp" => Protocol::Tcp,
        "ipc" => Protocol::Ipc,
        "inproc" => Protocol::Inproc,
        "ws" => Protocol::Ws,
        _ => return Err(Error::ProtoNoSupport),
    };
    Ok(Endpoint { protocol, address })
}

/// [`parse`], with libzmq's socket-type check for the transports it knows
/// but that only some socket types may use: pgm, epgm and norm need
/// PUB/SUB/XPUB/XSUB, udp needs RADIO/DISH/DGRAM; otherwise ENOCOMPATPROTO.
/// Used with a compatible type they are EPROTONOSUPPORT here.
pub fn parse_for_socket(uri: &str, socket_type: i32) -> Result<Endpoint<'_>> {
    match parse(uri) {
        Err(Error::ProtoNoSupport) => {
            let protocol = uri.split_once("://").map(|(p, _)| p).unwrap_or("");
            // ZMQ_PUB, ZMQ_SUB, ZMQ_XPUB, ZMQ_XSUB; ZMQ_RADIO, ZMQ_DISH, ZMQ_DGRAM.
            let pubsub = matches!(socket_type, 1 | 2 | 9 | 10);
            let dgram = matches!(socket_type, 14 | 15 | 18);
            let incompatible = match protocol {
                "pgm" | "epgm" | "norm" => !pubsub,
                "udp" => !dgram,
                _ => false,
            };
            Err(if incompatible {
                Error::NoCompatProto
            } else {
                Error::ProtoNoSupport
            })
        }
        other => other,
    }
}

/// The syntax check `zmq_connect` applies to a tcp address before anything
/// is resolved (libzmq's "quick and dirty" check): host characters from a
/// fixed set, and the text after the last `:` starting with a digit (so a
/// `*` port is EINVAL for connect).
pub fn check_connect_syntax(address: &str) -> Result<()> {
    let bytes = address.as_bytes();
    let mut i = 0;
    let first_ok = |c: u8| c.is_ascii_alphanumeric() || c == b'[' || c == b':';
    let rest_ok = |c: u8| c.is_ascii_alphanumeric() || b".-:%;[]_*".contains(&c);
    if bytes.first().is_some_and(|&c| first_ok(c)) {
        i = 1;
        while bytes.get(i).is_some_and(|&c| rest_ok(c)) {
            i += 1;
        }
    }
    if i != bytes.len() {
        return Err(Error::Inval);
    }
    let port = address
        .rfind(':')
        .map(|p| &bytes[p + 1..])
        .ok_or(Error::Inval)?;
    match port.first() {
        Some(c) if c.is_ascii_digit() => Ok(()),
        _ => Err(Error::Inval),
    }
}

/// A resolved tcp endpoint: where to bind or connect, and for a connect the
/// optional local address to bind first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpAddress {
    pub source: Option<SocketAddr>,
    pub addr: SocketAddr,
}

impl TcpAddress {
    /// Resolves a bind address (`*`, interface names and numeric hosts; no
    /// DNS). Port `*` or `0` is ephemeral.
    pub fn resolve_bind(address: &str, ipv6: bool) -> Result<TcpAddress> {
        TcpAddress::resolve(address, true, ipv6)
    }

    /// Resolves a connect address (DNS names allowed; port `*` is EINVAL).
    /// This blocks on DNS, so call it where libzmq does: when the
    /// connection is attempted, not in `zmq_connect`.
    pub fn resolve_connect(address: &str, ipv6: bool) -> Result<TcpAddress> {
        TcpAddress::resolve(address, false, ipv6)
    }

    fn resolve(address: &str, local: bool, ipv6: bool) -> Result<TcpAddress> {
        let (source, name) = match address.rfind(';') {
            Some(pos) => {
                let src = Resolver {
                    bindable: true,
                    allow_dns: false,
                    allow_nic_name: true,
                    ipv6,
                };
                (Some(src.resolve(&address[..pos])?), &address[pos + 1..])
            }
            None => (None, address),
        };
        let resolver = Resolver {
            bindable: local,
            allow_dns: !local,
            allow_nic_name: local,
            ipv6,
        };
        Ok(TcpAddress {
            source,
            addr: resolver.resolve(name)?,
        })
    }
}

/// libzmq's `ip_resolver_t` for `host:port` names.
struct Resolver {
    /// A bind address: `*` host and `*` port allowed, errors are ENODEV.
    bindable: bool,
    allow_dns: bool,
    allow_nic_name: bool,
    /// Resolve to IPv6 (IPv4 results become v4-mapped); else IPv4 only.
    ipv6: bool,
}

impl Resolver {
    fn resolve(&self, name: &str) -> Result<SocketAddr> {
        let colon = name.rfind(':').ok_or(Error::Inval)?;
        let port = parse_port(&name[colon + 1..], self.bindable)?;
        let mut addr = self.resolve_host(&name[..colon])?;
        addr.set_port(port);
        Ok(addr)
    }

    /// Resolves a host (no port): `[...]` brackets and a `%zone` suffix are
    /// accepted; the result has port 0.
    fn resolve_host(&self, mut host: &str) -> Result<SocketAddr> {
        if host.len() >= 2 && host.starts_with('[') && host.ends_with(']') {
            host = &host[1..host.len() - 1];
        }
        let mut zone = 0u32;
        if let Some(pos) = host.rfind('%') {
            let zone_text = &host[pos + 1..];
            host = &host[..pos];
            zone = match zone_text.as_bytes().first() {
                None => return Err(Error::Inval),
                Some(c) if c.is_ascii_alphabetic() => if_nametoindex(zone_text),
                Some(_) => atoi(zone_text) as u32,
            };
            if zone == 0 {
                return Err(Error::Inval);
            }
        }
        let mut addr = if self.bindable && host == "*" {
            if self.ipv6 {
                SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0))
            } else {
                SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0))
            }
        } else if let Some(a) = self
            .allow_nic_name
            .then(|| interface_address(host, self.ipv6))
            .flatten()
        {
            a
        } else {
            self.getaddrinfo(host)?
        };
        if let SocketAddr::V6(v6) = &mut addr {
            v6.set_scope_id(zone);
        }
        Ok(addr)
    }

    fn getaddrinfo(&self, host: &str) -> Result<SocketAddr> {
        let fail = if self.bindable {
            Error::NoDev
        } else {
            Error::Inval
        };
        let c_host = CString::new(host).map_err(|_| fail)?;
        // SAFETY: addrinfo is a plain C struct; all-zero is a valid "no
        // hints" value that we then fill in.
        let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
        hints.ai_family = if self.ipv6 {
            libc::AF_INET6
        } else {
            libc::AF_INET
        };
        hints.ai_socktype = libc::SOCK_STREAM;
        if self.bindable {
            hints.ai_flags |= libc::AI_PASSIVE;
        }
        if !self.allow_dns {
            hints.ai_flags |= libc::AI_NUMERICHOST;
        }
        if self.ipv6 {
            hints.ai_flags |= libc::AI_V4MAPPED;
        }
        let mut res: *mut libc::addrinfo = std::ptr::null_mut();
        // SAFETY: c_host is a valid C string, hints a valid addrinfo and
        // res a valid out pointer; a NULL service is allowed.
        let rc = unsafe { libc::getaddrinfo(c_host.as_ptr(), std::ptr::null(), &hints, &mut res) };
        if rc != 0 {
            return Err(if rc == libc::EAI_MEMORY {
                Error::NoMem
            } else {
                fail
            });
        }
        // SAFETY: on success res points to a list of at least one entry,
        // whose ai_addr holds ai_addrlen bytes; freed exactly once below.
        let found = unsafe {
            let first = &*res;
            let found = sockaddr_ptr_to_std(first.ai_addr, first.ai_addrlen as usize);
            libc::freeaddrinfo(res);
            found
        };
        found.ok_or(fail)
    }
}

/// Resolves a numeric host address (no DNS, no interface names), as
/// libzmq's ZMQ_TCP_ACCEPT_FILTER does: IPv4 only unless `ipv6`, when IPv4
/// addresses come back v4-mapped. Anything else is EINVAL.
pub fn resolve_numeric_host(host: &str, ipv6: bool) -> Result<IpAddr> {
    let resolver = Resolver {
        bindable: false,
        allow_dns: false,
        allow_nic_name: false,
        ipv6,
    };
    resolver.resolve_host(host).map(|a| a.ip())
}

/// Parses a port as libzmq does: `*` (bind only) and `0` are port 0;
/// anything else goes through C's `atoi`, is truncated to 16 bits, and must
/// not come out 0 (so `65536` and `abc` are EINVAL, `99999` is 34463).
fn parse_port(text: &str, bindable: bool) -> Result<u16> {
    match text {
        "*" if bindable => Ok(0),
        "*" => Err(Error::Inval),
        "0" => Ok(0),
        _ => match atoi(text) as u16 {
            0 => Err(Error::Inval),
            port => Ok(port),
        },
    }
}

/// C's `atoi` as glibc implements it (`(int) strtol(s, NULL, 10)`): leading
/// white space, an optional sign, then digits; saturating at the 64-bit
/// `long` range before the truncation to `int`.
pub(crate) fn atoi(text: &str) -> i32 {
    let bytes = text.as_bytes();
    let mut i = 0;
    while bytes.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
        i += 1;
    }
    let negative = match bytes.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let mut value: i64 = 0;
    while let Some(&c) = bytes.get(i).filter(|c| c.is_ascii_digit()) {
        let digit = i64::from(c - b'0');
        value = if negative {
            value.saturating_mul(10).saturating_sub(digit)
        } else {
            value.saturating_mul(10).saturating_add(digit)
        };
        i += 1;
    }
    value as i32
}

/// The index of interface `name`, 0 when there is none.
fn if_nametoindex(name: &str) -> u32 {
    match CString::new(name) {
        // SAFETY: c is a valid NUL-terminated string.
        Ok(c) => unsafe { libc::if_nametoindex(c.as_ptr()) },
        Err(_) => 0,
    }
}

/// The first address of interface `name` of the wanted family (IPv6 when
/// `ipv6`, else IPv4), in getifaddrs order, as libzmq picks it.
fn interface_address(name: &str, ipv6: bool) -> Option<SocketAddr> {
    let family = if ipv6 { libc::AF_INET6 } else { libc::AF_INET };
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: list is a valid out pointer; freed with freeifaddrs below.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return None;
    }
    let mut found = None;
    let mut cur = list;
    while !cur.is_null() {
        // SAFETY: cur is a node of the list getifaddrs returned, alive
        // until freeifaddrs; ifa_name is a valid C string and ifa_addr is
        // NULL or a sockaddr of its sa_family's size.
        unsafe {
            let ifa = &*cur;
            if !ifa.ifa_addr.is_null()
                && i32::from((*ifa.ifa_addr).sa_family) == family
                && CStr::from_ptr(ifa.ifa_name).to_bytes() == name.as_bytes()
            {
                let len = if ipv6 {
                    std::mem::size_of::<libc::sockaddr_in6>()
                } else {
                    std::mem::size_of::<libc::sockaddr_in>()
                };
                found = sockaddr_ptr_to_std(ifa.ifa_addr, len);
                break;
            }
            cur = ifa.ifa_next;
        }
    }
    // SAFETY: list came from a successful getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
    found
}

/// Copies a sockaddr of `len` bytes into a `SocketAddr`.
///
/// # Safety
/// `ptr` must point to at least `len` readable bytes holding a sockaddr.
unsafe fn sockaddr_ptr_to_std(ptr: *const libc::sockaddr, len: usize) -> Option<SocketAddr> {
    // SAFETY: sockaddr_storage is plain data; all-zero is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = len.min(std::mem::size_of::<libc::sockaddr_storage>());
    // SAFETY: the caller guarantees len readable bytes at ptr; storage has
    // room for them (len is capped) and the two do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(
            ptr.cast::<u8>(),
            (&mut storage as *mut libc::sockaddr_storage).cast::<u8>(),
            len,
        )
    };
    sockaddr_to_std(&storage, len)
}

/// Converts a socket address filled by the OS (`len` bytes valid) into a
/// `SocketAddr`; `None` for a family other than IPv4/IPv6 or a short length.
pub fn sockaddr_to_std(storage: &libc::sockaddr_storage, len: usize) -> Option<SocketAddr> {
    match i32::from(storage.ss_family) {
        libc::AF_INET if len >= std::mem::size_of::<libc::sockaddr_in>() => {
            // SAFETY: the family says the storage holds a sockaddr_in, and
            // sockaddr_storage is large and aligned enough for it.
            let sin =
                unsafe { &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            Some(SocketAddr::V4(SocketAddrV4::new(
                Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr)),
                u16::from_be(sin.sin_port),
            )))
        }
        libc::AF_INET6 if len >= std::mem::size_of::<libc::sockaddr_in6>() => {
            // SAFETY: as above, for sockaddr_in6.
            let sin6 = unsafe {
                &*(storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            Some(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(sin6.sin6_addr.s6_addr),
                u16::from_be(sin6.sin6_port),
                u32::from_be(sin6.sin6_flowinfo),
                sin6.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

/// Converts a `SocketAddr` into the C form `bind(2)`/`connect(2)` take.
pub fn std_to_sockaddr(addr: &SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain data; all-zero is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough to hold
            // a sockaddr_in; we write through a correctly typed pointer.
            let sin = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>()
            };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr.s_addr = u32::from(*a.ip()).to_be();
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(a) => {
            // SAFETY: as above, for sockaddr_in6.
            let sin6 = unsafe {
                &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>()
            };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_flowinfo = a.flowinfo().to_be();
            sin6.sin6_addr.s6_addr = a.ip().octets();
            sin6.sin6_scope_id = a.scope_id();
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// ZMQ_LAST_ENDPOINT text for a tcp address: `tcp://127.0.0.1:5555`,
/// `tcp://[::1]:5555`, `tcp://[fe80::1%eth0]:5555` (numeric host, as
/// libzmq's `getnameinfo(NI_NUMERICHOST)` prints it).
pub fn tcp_endpoint_string(addr: &SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("tcp://{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => {
            let zone = match a.scope_id() {
                0 => String::new(),
                id => format!("%{}", if_indextoname(id).unwrap_or_else(|| id.to_string())),
            };
            format!("tcp://[{}{}]:{}", a.ip(), zone, a.port())
        }
    }
}

/// The name of interface `index`.
fn if_indextoname(index: u32) -> Option<String> {
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: buf has the IF_NAMESIZE bytes if_indextoname may write.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: on success buf holds a NUL-terminated name.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) };
    Some(name.to_string_lossy().into_owned())
}

/// Whether `ip` is a loopback address (including v4-mapped 127/8).
pub fn is_loopback(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// Size of `sockaddr_un::sun_path` on Linux.
const SUN_PATH_LEN: usize = 108;

/// An ipc address: a file system path, or `@name` for the Linux abstract
/// namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpcAddress {
    /// As given (`@` first for an abstract name), without a NUL.
    path: Vec<u8>,
}

impl IpcAddress {
    /// Checks an ipc path as libzmq does: it must fit `sun_path` with its
    /// NUL (ENAMETOOLONG otherwise), and `@` alone is EINVAL.
    pub fn resolve(path: &str) -> Result<IpcAddress> {
        let bytes = path.as_bytes();
        if bytes.len() >= SUN_PATH_LEN {
            return Err(Error::NameTooLong);
        }
        if bytes == b"@" || bytes.contains(&0) {
            return Err(Error::Inval);
        }
        Ok(IpcAddress {
            path: bytes.to_vec(),
        })
    }

    /// The path (or `@name`) as given.
    pub fn path(&self) -> &[u8] {
        &self.path
    }

    /// Whether this is an abstract-namespace name (`@name`).
    pub fn is_abstract(&self) -> bool {
        self.path.first() == Some(&b'@')
    }

    /// The `sockaddr_un` and its length (an abstract name starts with NUL
    /// and its length excludes any terminator).
    pub fn to_sockaddr(&self) -> (libc::sockaddr_un, libc::socklen_t) {
        // SAFETY: sockaddr_un is plain data; all-zero is valid.
        let mut sun: libc::sockaddr_un = unsafe { std::mem::zeroed() };
        sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
        for (dst, &src) in sun.sun_path.iter_mut().zip(&self.path) {
            *dst = src as libc::c_char;
        }
        if self.is_abstract() {
            sun.sun_path[0] = 0;
        }
        let len = std::mem::size_of::<libc::sa_family_t>() + self.path.len();
        (sun, len as libc::socklen_t)
    }

    /// The ZMQ_LAST_ENDPOINT text: `ipc://` followed by the path as given.
    pub fn endpoint_string(&self) -> String {
        format!("ipc://{}", String::from_utf8_lossy(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind(a: &str, ipv6: bool) -> Result<SocketAddr> {
        TcpAddress::resolve_bind(a, ipv6).map(|t| t.addr)
    }

    #[test]
    fn uri_split() {
        assert_eq!(
            parse("tcp://127.0.0.1:5555"),
            Ok(Endpoint {
                protocol: Protocol::Tcp,
                address: "127.0.0.1:5555"
            })
        );
        assert_eq!(parse("ipc:///tmp/x").unwrap().protocol, Protocol::Ipc);
        assert_eq!(parse("inproc://a").unwrap().address, "a");
        assert_eq!(parse("ws://h:1/p").unwrap().protocol, Protocol::Ws);
        for bad in [
            "",
            "tcp//x",
            "tcp:/x",
            "tcp://",
            "://x",
            "inproc://",
            "foo://",
        ] {
            assert_eq!(parse(bad), Err(Error::Inval), "{bad}");
        }
        for other in [
            "foo://x",
            "pgm://a;b:1",
            "epgm://x",
            "tipc://x",
            "vmci://1:1",
            "norm://1",
            "udp://x",
            "wss://x",
        ] {
            assert_eq!(parse(other), Err(Error::ProtoNoSupport), "{other}");
        }
        // ZMQ_PAIR = 0, ZMQ_PUB = 1, ZMQ_DISH = 15.
        assert_eq!(parse_for_socket("pgm://x", 0), Err(Error::NoCompatProto));
        assert_eq!(parse_for_socket("pgm://x", 1), Err(Error::ProtoNoSupport));
        assert_eq!(parse_for_socket("udp://x", 0), Err(Error::NoCompatProto));
        assert_eq!(parse_for_socket("udp://x", 15), Err(Error::ProtoNoSupport));
        assert_eq!(parse_for_socket("foo://x", 0), Err(Error::ProtoNoSupport));
        assert!(parse_for_socket("tcp://a:1", 0).is_ok());
    }

    #[test]
    fn ports_like_atoi() {
        assert_eq!(parse_port("*", true), Ok(0));
        assert_eq!(parse_port("*", false), Err(Error::Inval));
        assert_eq!(parse_port("0", false), Ok(0));
        assert_eq!(parse_port("5555", false), Ok(5555));
        assert_eq!(parse_port("99999", true), Ok(34463));
        assert_eq!(parse_port("-1", true), Ok(65535));
        assert_eq!(parse_port("5x", true), Ok(5));
        assert_eq!(parse_port(" 55", true), Ok(55));
        assert_eq!(parse_port("65536", true), Err(Error::Inval));
        assert_eq!(parse_port("abc", true), Err(Error::Inval));
        assert_eq!(parse_port("", true), Err(Error::Inval));
        assert_eq!(atoi("99999999999999999999"), -1);
    }

    #[test]
    fn bind_addresses() {
        assert_eq!(
            bind("127.0.0.1:*", false),
            Ok("127.0.0.1:0".parse().unwrap())
        );
        assert_eq!(bind("*:*", false), Ok("0.0.0.0:0".parse().unwrap()));
        assert_eq!(bind("*:0", true), Ok("[::]:0".parse().unwrap()));
        assert_eq!(
            bind("[127.0.0.1]:5", false),
            Ok("127.0.0.1:5".parse().unwrap())
        );
        assert_eq!(bind("127.1:7", false), Ok("127.0.0.1:7".parse().unwrap()));
        assert_eq!(bind("lo:*", false), Ok("127.0.0.1:0".parse().unwrap()));
        assert_eq!(
            bind("127.0.0.1:*", true),
            Ok("[::ffff:127.0.0.1]:0".parse().unwrap())
        );
        assert_eq!(bind("[::1]:9", true), Ok("[::1]:9".parse().unwrap()));
        for bad in [
            "nosuchif:*",
            ":5555",
            "[::1]:*",
            "localhost:*",
            "1.2.3.4.5:*",
            "[::]:*",
        ] {
            assert_eq!(bind(bad, false), Err(Error::NoDev), "{bad}");
        }
        for bad in [
            "127.0.0.1",
            "127.0.0.1:",
            "127.0.0.1:abc",
            "127.0.0.1:65536",
            "nosuchif:abc",
        ] {
            assert_eq!(bind(bad, false), Err(Error::Inval), "{bad}");
        }
        // A source part: the bind address is the part after the ';'.
        let t = TcpAddress::resolve_bind("127.0.0.1:*;127.0.0.1:*", false).unwrap();
        assert_eq!(t.addr, "127.0.0.1:0".parse().unwrap());
    }

    #[test]
    fn connect_addresses() {
        let t = TcpAddress::resolve_connect("127.0.0.1:5555", false).unwrap();
        assert_eq!(
            (t.source, t.addr),
            (None, "127.0.0.1:5555".parse().unwrap())
        );
        let t = TcpAddress::resolve_connect("localhost:5555", false).unwrap();
        assert!(t.addr.ip().is_loopback());
        let t = TcpAddress::resolve_connect("127.0.0.1:4444;127.0.0.1:5556", false).unwrap();
        assert_eq!(t.source, Some("127.0.0.1:4444".parse().unwrap()));
        let t = TcpAddress::resolve_connect("lo:*;127.0.0.1:5556", false).unwrap();
        assert_eq!(t.source, Some("127.0.0.1:0".parse().unwrap()));
        assert_eq!(
            TcpAddress::resolve_connect("127.0.0.1;127.0.0.1:5556", false),
            Err(Error::Inval)
        );
        assert_eq!(
            TcpAddress::resolve_connect("127.0.0.1:*", false),
            Err(Error::Inval)
        );
        // (An unresolvable name is EINVAL too; not tested here because it
        // would ask the DNS server.)
        assert_eq!(
            TcpAddress::resolve_connect("nosuchif:1;127.0.0.1:5556", false),
            Err(Error::NoDev)
        );
    }

    #[test]
    fn connect_syntax() {
        for ok in [
            "127.0.0.1:5555",
            "localhost:5555",
            "nonexistent.invalid:5555",
            "127.0.0.1:0",
            "127.0.0.1:99999",
            "[::1]:5555",
            "127.0.0.1:4444;127.0.0.1:5556",
            "127.0.0.1;127.0.0.1:5556",
            "lo:5555",
            ":5555",
            "127.0.0.1:5555;",
            "[fe80::1%eth0]:5555",
            "my_host:1",
        ] {
            assert_eq!(check_connect_syntax(ok), Ok(()), "{ok}");
        }
        for bad in [
            "127.0.0.1:*",
            "*:5555",
            "127.0.0.1",
            "127.0.0.1:abc",
            ";127.0.0.1:5555",
            "a b:1",
            "",
        ] {
            assert_eq!(check_connect_syntax(bad), Err(Error::Inval), "{bad}");
        }
    }

    #[test]
    fn endpoint_strings() {
        assert_eq!(
            tcp_endpoint_string(&"127.0.0.1:5555".parse().unwrap()),
            "tcp://127.0.0.1:5555"
        );
        assert_eq!(
            tcp_endpoint_string(&"[::1]:5555".parse().unwrap()),
            "tcp://[::1]:5555"
        );
        assert_eq!(
            tcp_endpoint_string(&"[::]:1".parse().unwrap()),
            "tcp://[::]:1"
        );
        assert_eq!(
            tcp_endpoint_string(&"[::ffff:127.0.0.1]:2".parse().unwrap()),
            "tcp://[::ffff:127.0.0.1]:2"
        );
        let lo = if_nametoindex("lo");
        assert!(lo != 0);
        let scoped = SocketAddr::V6(SocketAddrV6::new("fe80::1".parse().unwrap(), 3, 0, lo));
        assert_eq!(tcp_endpoint_string(&scoped), "tcp://[fe80::1%lo]:3");
    }

    #[test]
    fn zones() {
        let a = bind("[fe80::1%lo]:1", true).unwrap();
        match a {
            SocketAddr::V6(v6) => assert_eq!(v6.scope_id(), if_nametoindex("lo")),
            _ => panic!("not v6"),
        }
        assert_eq!(bind("[fe80::1%]:1", true), Err(Error::Inval));
        assert_eq!(bind("[fe80::1%nosuchif]:1", true), Err(Error::Inval));
    }

    #[test]
    fn sockaddr_round_trip() {
        for a in ["127.0.0.1:80", "[::1]:443", "[fe80::1%1]:9"] {
            let addr: SocketAddr = a.parse().unwrap();
            let (storage, len) = std_to_sockaddr(&addr);
            assert_eq!(sockaddr_to_std(&storage, len as usize), Some(addr));
        }
    }

    #[test]
    fn ipc_paths() {
        let a = IpcAddress::resolve("/tmp/x").unwrap();
        assert_eq!(a.endpoint_string(), "ipc:///tmp/x");
        assert!(!a.is_abstract());
        let (_, len) = a.to_sockaddr();
        assert_eq!(len as usize, 2 + 6);
        let b = IpcAddress::resolve("@name").unwrap();
        assert!(b.is_abstract());
        let (sun, len) = b.to_sockaddr();
        assert_eq!(sun.sun_path[0], 0);
        assert_eq!(sun.sun_path[1], b'n' as libc::c_char);
        assert_eq!(len as usize, 2 + 5);
        assert_eq!(b.endpoint_string(), "ipc://@name");
        assert!(IpcAddress::resolve(&"b".repeat(107)).is_ok());
        assert_eq!(
            IpcAddress::resolve(&"c".repeat(108)),
            Err(Error::NameTooLong)
        );
        assert_eq!(IpcAddress::resolve("@"), Err(Error::Inval));
        assert!(is_loopback(&"::ffff:127.0.0.2".parse().unwrap()));
    }
}
