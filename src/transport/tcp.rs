//! OS-level tcp helpers: listening, accepting, connecting and tuning
//! sockets the way libzmq 4.3 sets them up. Every fd made here is
//! non-blocking and close-on-exec. The listeners, connecters and engines
//! that drive these fds from the reactor live elsewhere.

use std::net::SocketAddr;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

use crate::error::{Error, Result};
use crate::options::Options;
use crate::transport::endpoint::{sockaddr_to_std, std_to_sockaddr, TcpAddress};
use crate::transport::socks::{parse_target, Socks5Client};

/// Outcome of starting a non-blocking connect.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum ConnectState {
    /// Connected at once (usual on loopback only if the kernel was quick).
    Connected,
    /// In progress: wait for writability, then call [`finish_connect`].
    InProgress,
}

/// Makes a non-blocking, close-on-exec stream socket of `addr`'s family.
fn stream_socket(addr: &SocketAddr) -> Result<OwnedFd> {
    let family = match addr {
        SocketAddr::V4(_) => libc::AF_INET,
        SocketAddr::V6(_) => libc::AF_INET6,
    };
    // SAFETY: plain syscall with constant arguments.
    let fd = unsafe {
        libc::socket(
            family,
            libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            libc::IPPROTO_TCP,
        )
    };
    if fd < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: fd was just returned by socket(2) and is owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// setsockopt(2) with an int value.
fn set_int(fd: RawFd, level: i32, name: i32, value: i32) -> Result<()> {
    // SAFETY: value is a live int and we pass its exact size.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            (&value as *const i32).cast(),
            std::mem::size_of::<i32>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    Ok(())
}

/// getsockopt(2) of an int value.
pub fn get_int(fd: RawFd, level: i32, name: i32) -> Result<i32> {
    let mut value: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: value and len are live and len holds value's size.
    let rc =
        unsafe { libc::getsockopt(fd, level, name, (&mut value as *mut i32).cast(), &mut len) };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    Ok(value)
}

/// Lets an IPv6 socket also carry IPv4 (v4-mapped) traffic, as libzmq does
/// for every IPv6 tcp socket, so `*` with ZMQ_IPV6 is dual-stack.
fn enable_ipv4_mapping(fd: RawFd) -> Result<()> {
    set_int(fd, libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, 0)
}

/// ZMQ_TOS: IP_TOS, and IPV6_TCLASS on IPv6 sockets (which also carry
/// v4-mapped traffic). A value of 0 leaves the OS default.
fn set_tos(fd: RawFd, addr: &SocketAddr, tos: i32) -> Result<()> {
    if tos == 0 {
        return Ok(());
    }
    match addr {
        SocketAddr::V4(_) => set_int(fd, libc::IPPROTO_IP, libc::IP_TOS, tos),
        SocketAddr::V6(_) => {
            // The IPv4 option may be refused on a v6 socket; the traffic
            // class is what counts there.
            let _ = set_int(fd, libc::IPPROTO_IP, libc::IP_TOS, tos);
            set_int(fd, libc::IPPROTO_IPV6, libc::IPV6_TCLASS, tos)
        }
    }
}

/// ZMQ_BINDTODEVICE: SO_BINDTODEVICE when a device name is set.
fn bind_to_device(fd: RawFd, device: &[u8]) -> Result<()> {
    if device.is_empty() {
        return Ok(());
    }
    // SAFETY: device is a live byte slice and we pass its exact length.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_BINDTODEVICE,
            device.as_ptr().cast(),
            device.len() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    Ok(())
}

/// ZMQ_SNDBUF / ZMQ_RCVBUF: set only when not -1 (-1 keeps the OS default;
/// libzmq treats 0 as a value to set too).
fn set_buffers(fd: RawFd, options: &Options) -> Result<()> {
    if options.sndbuf >= 0 {
        set_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF, options.sndbuf)?;
    }
    if options.rcvbuf >= 0 {
        set_int(fd, libc::SOL_SOCKET, libc::SO_RCVBUF, options.rcvbuf)?;
    }
    Ok(())
}

/// bind(2) to `addr`.
fn bind_raw(fd: RawFd, addr: &SocketAddr) -> Result<()> {
    let (storage, len) = std_to_sockaddr(addr);
    // SAFETY: storage holds a valid sockaddr of len bytes.
    let rc = unsafe { libc::bind(fd, (&storage as *const libc::sockaddr_storage).cast(), len) };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    Ok(())
}

/// The local address of a socket (getsockname).
pub fn local_addr(fd: RawFd) -> Result<SocketAddr> {
    // SAFETY: sockaddr_storage is plain data; all-zero is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: storage/len describe a writable buffer of len bytes.
    let rc = unsafe {
        libc::getsockname(
            fd,
            (&mut storage as *mut libc::sockaddr_storage).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    sockaddr_to_std(&storage, len as usize).ok_or(Error::AfNoSupport)
}

/// The peer address of a connected socket (getpeername).
pub fn peer_addr(fd: RawFd) -> Result<SocketAddr> {
    // SAFETY: sockaddr_storage is plain data; all-zero is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: storage/len describe a writable buffer of len bytes.
    let rc = unsafe {
        libc::getpeername(
            fd,
            (&mut storage as *mut libc::sockaddr_storage).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    sockaddr_to_std(&storage, len as usize).ok_or(Error::AfNoSupport)
}

/// Creates, binds and listens on `addr` with the socket's options
/// (SO_REUSEADDR, dual-stack for IPv6, ZMQ_TOS, ZMQ_BINDTODEVICE,
/// ZMQ_SNDBUF/RCVBUF, ZMQ_BACKLOG). Returns the fd and the address actually
/// bound (the kernel's port for port 0), for ZMQ_LAST_ENDPOINT.
pub fn listen(addr: &SocketAddr, options: &Options) -> Result<(OwnedFd, SocketAddr)> {
    if options.use_fd != -1 {
        // As libzmq: the address given to bind is not used; the endpoint
        // is whatever the application's fd is bound to.
        let fd = adopt_listening_fd(options.use_fd)?;
        let bound = local_addr(fd.as_raw_fd())?;
        return Ok((fd, bound));
    }
    let fd = stream_socket(addr)?;
    let raw = fd.as_raw_fd();
    if addr.is_ipv6() {
        enable_ipv4_mapping(raw)?;
    }
    set_tos(raw, addr, options.tos)?;
    bind_to_device(raw, &options.bound_device)?;
    set_buffers(raw, options)?;
    // Lets a restarted server bind while old connections sit in TIME_WAIT.
    set_int(raw, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
    bind_raw(raw, addr)?;
    // SAFETY: raw is a bound stream socket owned by fd.
    if unsafe { libc::listen(raw, options.backlog) } != 0 {
        return Err(Error::last_os_error());
    }
    let bound = local_addr(raw)?;
    Ok((fd, bound))
}

/// Takes over a listening fd the application made (ZMQ_USE_FD). Like
/// libzmq, the socket then owns it and closes it when it unbinds. It is made
/// non-blocking because the I/O thread accepts until EAGAIN.
pub fn adopt_listening_fd(fd: RawFd) -> Result<OwnedFd> {
    // SAFETY: fcntl on an arbitrary int is harmless; EBADF if it is no fd.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: as above; only the status and descriptor flags change.
    let rc = unsafe {
        libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK)
            | libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC)
    };
    if rc < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: the application handed this open fd to the socket through
    // ZMQ_USE_FD; from here on the socket owns it, as in libzmq.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Accepts one connection: the new fd (non-blocking, close-on-exec) and the
/// peer's address. `Err(Again)` when none is pending. The caller should
/// drop connections [`accept_allowed`] rejects and apply [`tune`].
pub fn accept(listener: RawFd) -> Result<(OwnedFd, SocketAddr)> {
    // SAFETY: sockaddr_storage is plain data; all-zero is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: storage/len describe a writable buffer of len bytes.
    let fd = unsafe {
        libc::accept4(
            listener,
            (&mut storage as *mut libc::sockaddr_storage).cast(),
            &mut len,
            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: fd was just returned by accept4 and is owned by no one else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let peer = sockaddr_to_std(&storage, len as usize).ok_or(Error::AfNoSupport)?;
    Ok((fd, peer))
}

/// ZMQ_TCP_ACCEPT_FILTER: with no filters any peer is allowed, else the
/// peer must match one.
pub fn accept_allowed(options: &Options, peer: &SocketAddr) -> bool {
    options.tcp_accept_filters.is_empty()
        || options
            .tcp_accept_filters
            .iter()
            .any(|f| f.matches(&peer.ip()))
}

/// Starts a non-blocking connect to `addr.addr`, first binding to
/// `addr.source` when given. Applies ZMQ_TOS, ZMQ_BINDTODEVICE and the
/// buffer sizes before connecting (buffer sizes must precede the handshake
/// to affect the TCP window).
pub fn connect(addr: &TcpAddress, options: &Options) -> Result<(OwnedFd, ConnectState)> {
    let fd = stream_socket(&addr.addr)?;
    let raw = fd.as_raw_fd();
    if addr.addr.is_ipv6() {
        enable_ipv4_mapping(raw)?;
    }
    set_tos(raw, &addr.addr, options.tos)?;
    bind_to_device(raw, &options.bound_device)?;
    set_buffers(raw, options)?;
    if let Some(source) = &addr.source {
        // As libzmq: a fixed source port must be reusable across reconnects.
        set_int(raw, libc::SOL_SOCKET, libc::SO_REUSEADDR, 1)?;
        bind_raw(raw, source)?;
    }
    let (storage, len) = std_to_sockaddr(&addr.addr);
    // SAFETY: storage holds a valid sockaddr of len bytes.
    let rc = unsafe { libc::connect(raw, (&storage as *const libc::sockaddr_storage).cast(), len) };
    if rc == 0 {
        return Ok((fd, ConnectState::Connected));
    }
    match Error::last_os_error() {
        // EINTR: the connect goes on in the background, as EINPROGRESS.
        Error::InProgress | Error::Intr => Ok((fd, ConnectState::InProgress)),
        e => Err(e),
    }
}

/// Completes a connect once the fd is writable: Ok when connected, else
/// the connect's error (ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ...).
pub fn finish_connect(fd: RawFd) -> Result<()> {
    match get_int(fd, libc::SOL_SOCKET, libc::SO_ERROR)? {
        0 => Ok(()),
        e => Err(Error::from_errno(e)),
    }
}

/// Tunes a connected or accepted socket as libzmq does: TCP_NODELAY,
/// ZMQ_TCP_KEEPALIVE (+ _CNT, _IDLE, _INTVL when keepalive is 1),
/// ZMQ_TCP_MAXRT as TCP_USER_TIMEOUT, ZMQ_SNDBUF/RCVBUF and ZMQ_TOS.
pub fn tune(fd: RawFd, options: &Options) -> Result<()> {
    // Messages are batched by the engine; Nagle would only add latency.
    set_int(fd, libc::IPPROTO_TCP, libc::TCP_NODELAY, 1)?;
    if options.tcp_keepalive != -1 {
        set_int(
            fd,
            libc::SOL_SOCKET,
            libc::SO_KEEPALIVE,
            options.tcp_keepalive,
        )?;
        if options.tcp_keepalive == 1 {
            if options.tcp_keepalive_cnt != -1 {
                set_int(
                    fd,
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPCNT,
                    options.tcp_keepalive_cnt,
                )?;
            }
            if options.tcp_keepalive_idle != -1 {
                set_int(
                    fd,
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPIDLE,
                    options.tcp_keepalive_idle,
                )?;
            }
            if options.tcp_keepalive_intvl != -1 {
                set_int(
                    fd,
                    libc::IPPROTO_TCP,
                    libc::TCP_KEEPINTVL,
                    options.tcp_keepalive_intvl,
                )?;
            }
        }
    }
    if options.tcp_maxrt != 0 {
        set_int(
            fd,
            libc::IPPROTO_TCP,
            libc::TCP_USER_TIMEOUT,
            options.tcp_maxrt,
        )?;
    }
    set_buffers(fd, options)?;
    if options.tos != 0 {
        let addr = local_addr(fd)?;
        set_tos(fd, &addr, options.tos)?;
    }
    Ok(())
}

/// A SOCKS5 negotiation (ZMQ_SOCKS_PROXY) over a connected non-blocking
/// socket: the I/O half of [`Socks5Client`], driven by the reactor. It
/// reads only the bytes the negotiation asks for, so nothing of the
/// target's own data (a ZMTP greeting) is taken from the engine.
pub struct SocksHandshake {
    stream: std::net::TcpStream,
    client: Socks5Client,
    /// The part of the next reply read so far.
    input: Vec<u8>,
}

impl SocksHandshake {
    /// Starts the negotiation for the connect address `address` (the
    /// endpoint's host is sent to the proxy unresolved) on `fd`, connected
    /// to the proxy.
    pub fn new(fd: OwnedFd, address: &str, options: &Options) -> Result<SocksHandshake> {
        let (host, port) = parse_target(address).ok_or(Error::Inval)?;
        // As libzmq: username/password when ZMQ_SOCKS_USERNAME is set.
        let credentials = (!options.socks_username.is_empty()).then_some((
            options.socks_username.as_slice(),
            options.socks_password.as_slice(),
        ));
        let client = Socks5Client::new(&host, port, credentials).map_err(|_| Error::Inval)?;
        Ok(SocksHandshake {
            stream: std::net::TcpStream::from(fd),
            client,
            input: Vec::new(),
        })
    }

    pub fn fd(&self) -> RawFd {
        self.stream.as_raw_fd()
    }

    /// Whether the next step waits for writability (else readability).
    pub fn wants_write(&self) -> bool {
        !self.client.output().is_empty()
    }

    /// Sends and receives what it can without blocking. Ok(true) once the
    /// proxy is connected to the target; Ok(false) to wait (see
    /// `wants_write`); an error ends the attempt.
    pub fn advance(&mut self) -> Result<bool> {
        use std::io::{ErrorKind, Read, Write};
        loop {
            if self.client.is_done() {
                return Ok(true);
            }
            let out = self.client.output();
            if !out.is_empty() {
                // std's TcpStream sends with MSG_NOSIGNAL.
                match (&self.stream).write(out) {
                    Ok(0) => return Err(Error::ConnReset),
                    Ok(n) => self.client.advance(n),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(Error::from(e)),
                }
                continue;
            }
            let wanted = self.client.wanted();
            let have = self.input.len();
            if wanted <= have {
                // Cannot happen (input is passed on once complete); refuse
                // rather than loop.
                return Err(Error::ConnRefused);
            }
            let mut buf = [0u8; 258];
            let want = (wanted - have).min(buf.len());
            match (&self.stream).read(&mut buf[..want]) {
                // The proxy hung up (refusing, as many do, by closing).
                Ok(0) => return Err(Error::ConnReset),
                Ok(n) => {
                    self.input
                        .extend_from_slice(buf.get(..n).unwrap_or_default());
                    if self.input.len() == wanted {
                        let reply = std::mem::take(&mut self.input);
                        // A refusal or a malformed reply: the connection
                        // goes, and the session reconnects.
                        self.client.input(&reply).map_err(|_| Error::ConnRefused)?;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::from(e)),
            }
        }
    }

    /// The connection, now carrying the target's bytes.
    pub fn into_fd(self) -> OwnedFd {
        OwnedFd::from(self.stream)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socks_handshake_reads_only_its_replies() {
        use std::io::{Read, Write};
        use std::os::unix::net::UnixStream;
        let (ours, mut proxy) = UnixStream::pair().unwrap();
        ours.set_nonblocking(true).unwrap();
        let mut options = Options::new();
        options.socks_username = b"u".to_vec();
        options.socks_password = b"p".to_vec();
        let mut hs = SocksHandshake::new(OwnedFd::from(ours), "10.1.2.3:258", &options).unwrap();
        assert!(!hs.advance().unwrap());
        assert!(!hs.wants_write());
        let mut buf = [0u8; 64];
        proxy.read_exact(&mut buf[..3]).unwrap();
        assert_eq!(&buf[..3], [5, 1, 2]);
        // The choice arrives in two pieces.
        proxy.write_all(&[5]).unwrap();
        assert!(!hs.advance().unwrap());
        proxy.write_all(&[2]).unwrap();
        assert!(!hs.advance().unwrap());
        proxy.read_exact(&mut buf[..5]).unwrap();
        assert_eq!(&buf[..5], [1, 1, b'u', 1, b'p']);
        proxy.write_all(&[1, 0]).unwrap();
        assert!(!hs.advance().unwrap());
        proxy.read_exact(&mut buf[..10]).unwrap();
        assert_eq!(&buf[..10], [5, 1, 0, 1, 10, 1, 2, 3, 1, 2]);
        // The reply and the target's first bytes in one write.
        proxy
            .write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 1, 0xff, 0x7f])
            .unwrap();
        assert!(hs.advance().unwrap());
        let mut rest = std::net::TcpStream::from(hs.into_fd());
        let mut two = [0u8; 2];
        rest.read_exact(&mut two).unwrap();
        assert_eq!(two, [0xff, 0x7f]);
    }

    #[test]
    fn socks_handshake_errors() {
        use std::io::Write;
        use std::os::unix::net::UnixStream;
        let options = Options::new();
        let (ours, _proxy) = UnixStream::pair().unwrap();
        assert_eq!(
            SocksHandshake::new(OwnedFd::from(ours), "nohost", &options).err(),
            Some(Error::Inval)
        );
        // Refused method.
        let (ours, mut proxy) = UnixStream::pair().unwrap();
        ours.set_nonblocking(true).unwrap();
        let mut hs = SocksHandshake::new(OwnedFd::from(ours), "h:1", &options).unwrap();
        assert!(!hs.advance().unwrap());
        proxy.write_all(&[5, 0xff]).unwrap();
        assert_eq!(hs.advance(), Err(Error::ConnRefused));
        // The proxy hangs up.
        let (ours, proxy) = UnixStream::pair().unwrap();
        ours.set_nonblocking(true).unwrap();
        let mut hs = SocksHandshake::new(OwnedFd::from(ours), "h:1", &options).unwrap();
        assert!(!hs.advance().unwrap());
        drop(proxy);
        assert_eq!(hs.advance(), Err(Error::ConnReset));
    }
    use crate::options::{Options, ZMQ_TCP_ACCEPT_FILTER};

    /// Waits (bounded) until `fd` has any of `events`.
    fn wait(fd: RawFd, events: i16) -> bool {
        let mut pfd = libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        // SAFETY: pfd is one live pollfd.
        let n = unsafe { libc::poll(&mut pfd, 1, 5000) };
        n == 1
    }

    fn loopback_pair(options: &Options) -> (OwnedFd, OwnedFd, OwnedFd) {
        let (listener, bound) = listen(&"127.0.0.1:0".parse().unwrap(), options).unwrap();
        assert_ne!(bound.port(), 0);
        let target = TcpAddress {
            source: None,
            addr: bound,
        };
        let (client, state) = connect(&target, options).unwrap();
        if state == ConnectState::InProgress {
            assert!(wait(client.as_raw_fd(), libc::POLLOUT));
        }
        finish_connect(client.as_raw_fd()).unwrap();
        assert!(wait(listener.as_raw_fd(), libc::POLLIN));
        let (server, peer) = accept(listener.as_raw_fd()).unwrap();
        assert_eq!(peer, local_addr(client.as_raw_fd()).unwrap());
        (listener, client, server)
    }

    #[test]
    fn listen_connect_accept() {
        let options = Options::new();
        let (listener, client, server) = loopback_pair(&options);
        tune(client.as_raw_fd(), &options).unwrap();
        tune(server.as_raw_fd(), &options).unwrap();
        assert_eq!(
            get_int(client.as_raw_fd(), libc::IPPROTO_TCP, libc::TCP_NODELAY),
            Ok(1)
        );
        assert_eq!(
            get_int(listener.as_raw_fd(), libc::SOL_SOCKET, libc::SO_REUSEADDR),
            Ok(1)
        );
        assert_eq!(
            peer_addr(server.as_raw_fd()).unwrap(),
            local_addr(client.as_raw_fd()).unwrap()
        );
        // Non-blocking: no second connection pending.
        assert_eq!(accept(listener.as_raw_fd()).err(), Some(Error::Again));
        // SAFETY: fcntl query on a live fd.
        let flags = unsafe { libc::fcntl(server.as_raw_fd(), libc::F_GETFD) };
        assert_ne!(flags & libc::FD_CLOEXEC, 0);
    }

    #[test]
    fn keepalive_maxrt_and_buffers() {
        let mut options = Options::new();
        for (opt, v) in [
            (crate::options::ZMQ_TCP_KEEPALIVE, 1i32),
            (crate::options::ZMQ_TCP_KEEPALIVE_CNT, 7),
            (crate::options::ZMQ_TCP_KEEPALIVE_IDLE, 60),
            (crate::options::ZMQ_TCP_KEEPALIVE_INTVL, 11),
            (crate::options::ZMQ_TCP_MAXRT, 1234),
            (crate::options::ZMQ_SNDBUF, 65536),
            (crate::options::ZMQ_TOS, 0x10),
        ] {
            options.set(opt, &v.to_ne_bytes()).unwrap();
        }
        let (_listener, client, _server) = loopback_pair(&options);
        let fd = client.as_raw_fd();
        tune(fd, &options).unwrap();
        assert_eq!(get_int(fd, libc::SOL_SOCKET, libc::SO_KEEPALIVE), Ok(1));
        assert_eq!(get_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPCNT), Ok(7));
        assert_eq!(get_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPIDLE), Ok(60));
        assert_eq!(get_int(fd, libc::IPPROTO_TCP, libc::TCP_KEEPINTVL), Ok(11));
        assert_eq!(
            get_int(fd, libc::IPPROTO_TCP, libc::TCP_USER_TIMEOUT),
            Ok(1234)
        );
        // Linux doubles the requested size for bookkeeping.
        assert!(get_int(fd, libc::SOL_SOCKET, libc::SO_SNDBUF).unwrap() >= 65536);
        assert_eq!(get_int(fd, libc::IPPROTO_IP, libc::IP_TOS), Ok(0x10));
    }

    #[test]
    fn connect_refused_is_reported() {
        // A bound socket that does not listen keeps the port reserved, so
        // nothing else can take it while we connect to it.
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let reserved = stream_socket(&any).unwrap();
        bind_raw(reserved.as_raw_fd(), &any).unwrap();
        let bound = local_addr(reserved.as_raw_fd()).unwrap();
        let target = TcpAddress {
            source: None,
            addr: bound,
        };
        match connect(&target, &Options::new()) {
            Err(e) => assert_eq!(e, Error::ConnRefused),
            Ok((fd, _)) => {
                assert!(wait(fd.as_raw_fd(), libc::POLLOUT));
                assert_eq!(finish_connect(fd.as_raw_fd()), Err(Error::ConnRefused));
            }
        }
    }

    #[test]
    fn source_address_is_bound() {
        let options = Options::new();
        let (listener, bound) = listen(&"127.0.0.1:0".parse().unwrap(), &options).unwrap();
        let target =
            TcpAddress::resolve_connect(&format!("127.0.0.1:*;127.0.0.1:{}", bound.port()), false)
                .unwrap();
        let (client, state) = connect(&target, &options).unwrap();
        if state == ConnectState::InProgress {
            assert!(wait(client.as_raw_fd(), libc::POLLOUT));
        }
        finish_connect(client.as_raw_fd()).unwrap();
        assert!(wait(listener.as_raw_fd(), libc::POLLIN));
        let (_server, peer) = accept(listener.as_raw_fd()).unwrap();
        assert_eq!(peer.ip(), target.source.unwrap().ip());
    }

    #[test]
    fn address_in_use() {
        let options = Options::new();
        let (_listener, bound) = listen(&"127.0.0.1:0".parse().unwrap(), &options).unwrap();
        assert_eq!(listen(&bound, &options).err(), Some(Error::AddrInUse));
    }

    #[test]
    fn dual_stack_listener_takes_ipv4() {
        let options = Options::new();
        let Ok((listener, bound)) = listen(&"[::]:0".parse().unwrap(), &options) else {
            return; // no IPv6 on this machine
        };
        let target = TcpAddress {
            source: None,
            addr: SocketAddr::new("127.0.0.1".parse().unwrap(), bound.port()),
        };
        let (client, state) = connect(&target, &options).unwrap();
        if state == ConnectState::InProgress {
            assert!(wait(client.as_raw_fd(), libc::POLLOUT));
        }
        finish_connect(client.as_raw_fd()).unwrap();
        assert!(wait(listener.as_raw_fd(), libc::POLLIN));
        let (_server, peer) = accept(listener.as_raw_fd()).unwrap();
        assert_eq!(peer.ip().to_string(), "::ffff:127.0.0.1");
        assert_eq!(
            get_int(listener.as_raw_fd(), libc::IPPROTO_IPV6, libc::IPV6_V6ONLY),
            Ok(0)
        );
    }

    #[test]
    fn accept_filters_apply() {
        let mut options = Options::new();
        let peer: SocketAddr = "127.0.0.1:5".parse().unwrap();
        assert!(accept_allowed(&options, &peer));
        options.set(ZMQ_TCP_ACCEPT_FILTER, b"10.0.0.0/8").unwrap();
        assert!(!accept_allowed(&options, &peer));
        options.set(ZMQ_TCP_ACCEPT_FILTER, b"127.0.0.1").unwrap();
        assert!(accept_allowed(&options, &peer));
    }
}
