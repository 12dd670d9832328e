//! OS-level ipc (unix domain stream socket) helpers: listening (with
//! libzmq's `ipc://*` wildcard and stale-file removal), accepting with the
//! ZMQ_IPC_FILTER_* peer credential checks, and non-blocking connects.
//! Every fd made here is non-blocking and close-on-exec.

use std::ffi::{CStr, OsStr};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::options::Options;
use crate::transport::endpoint::IpcAddress;
pub use crate::transport::tcp::{finish_connect, ConnectState};

/// Removes what a listener put in the file system when it is dropped: the
/// socket file (only while it is still the one we bound: libzmq lets a later
/// bind to the same path replace it, and that socket's file must survive us)
/// and the directory made for an `ipc://*` endpoint.
#[derive(Debug)]
pub struct SocketFileGuard {
    file: Option<(PathBuf, u64, u64)>,
    tmp_dir: Option<PathBuf>,
}

impl SocketFileGuard {
    fn none() -> SocketFileGuard {
        SocketFileGuard {
            file: None,
            tmp_dir: None,
        }
    }
}

impl Drop for SocketFileGuard {
    fn drop(&mut self) {
        if let Some((path, dev, ino)) = &self.file {
            if let Ok(meta) = std::fs::symlink_metadata(path) {
                if meta.dev() == *dev && meta.ino() == *ino {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        if let Some(dir) = &self.tmp_dir {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// A listening ipc socket.
#[derive(Debug)]
pub struct IpcListener {
    /// Declared before `guard` so the socket closes before its file goes.
    pub fd: OwnedFd,
    /// The address bound (the generated one for `*`).
    pub address: IpcAddress,
    pub guard: SocketFileGuard,
}

/// Makes a fresh directory for `ipc://*` as libzmq 4.3 does: `tmpXXXXXX`
/// under $TMPDIR, $TEMPDIR or $TMP (the first that is a directory), else
/// relative to the current directory; the socket is `<dir>/socket`.
fn create_wildcard_dir() -> Result<PathBuf> {
    let mut template = Vec::new();
    for var in ["TMPDIR", "TEMPDIR", "TMP"] {
        if let Some(dir) = std::env::var_os(var) {
            if Path::new(&dir).is_dir() {
                template.extend_from_slice(dir.as_bytes());
                if template.last() != Some(&b'/') {
                    template.push(b'/');
                }
                break;
            }
        }
    }
    template.extend_from_slice(b"tmpXXXXXX");
    template.push(0);
    // SAFETY: template is a writable NUL-terminated buffer ending in
    // "XXXXXX\0", which mkdtemp rewrites in place.
    let p = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
    if p.is_null() {
        return Err(Error::last_os_error());
    }
    template.pop();
    Ok(PathBuf::from(OsStr::from_bytes(&template)))
}

/// Makes a non-blocking, close-on-exec unix stream socket.
fn unix_socket() -> Result<OwnedFd> {
    // SAFETY: plain syscall with constant arguments.
    let fd = unsafe {
        libc::socket(
            libc::AF_UNIX,
            libc::SOCK_STREAM | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
            0,
        )
    };
    if fd < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: fd was just returned by socket(2) and is owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Binds and listens on an ipc address (the part after `ipc://`): `*` makes
/// a unique path, `@name` is abstract, anything else is a path whose stale
/// file (left by an earlier run, or by another socket) is removed first.
pub fn listen(address: &str, options: &Options) -> Result<IpcListener> {
    let mut guard = SocketFileGuard::none();
    let address = if address.starts_with('*') {
        let dir = create_wildcard_dir()?;
        guard.tmp_dir = Some(dir.clone());
        let file = dir.join("socket");
        IpcAddress::resolve(&file.to_string_lossy())?
    } else {
        IpcAddress::resolve(address)?
    };
    if options.use_fd != -1 {
        // The application made and bound the fd: its file is the
        // application's to remove, not ours (as libzmq).
        let fd = crate::transport::tcp::adopt_listening_fd(options.use_fd)?;
        return Ok(IpcListener { fd, address, guard });
    }
    if !address.is_abstract() {
        // As libzmq: replace whatever is at the path (a stale socket file).
        let _ = std::fs::remove_file(OsStr::from_bytes(address.path()));
    }
    let fd = unix_socket()?;
    let (sun, len) = address.to_sockaddr();
    // SAFETY: sun is a valid sockaddr_un of len bytes.
    let rc = unsafe {
        libc::bind(
            fd.as_raw_fd(),
            (&sun as *const libc::sockaddr_un).cast(),
            len,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    if !address.is_abstract() {
        let path = PathBuf::from(OsStr::from_bytes(address.path()));
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            guard.file = Some((path, meta.dev(), meta.ino()));
        }
    }
    // SAFETY: fd is a bound unix stream socket.
    if unsafe { libc::listen(fd.as_raw_fd(), options.backlog) } != 0 {
        return Err(Error::last_os_error());
    }
    Ok(IpcListener { fd, address, guard })
}

/// Accepts one connection (non-blocking, close-on-exec). `Err(Again)` when
/// none is pending. The caller should drop connections [`accept_allowed`]
/// rejects.
pub fn accept(listener: RawFd) -> Result<OwnedFd> {
    // SAFETY: NULL address arguments are allowed by accept4.
    let fd = unsafe {
        libc::accept4(
            listener,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(Error::last_os_error());
    }
    // SAFETY: fd was just returned by accept4 and is owned by no one else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// The credentials of the peer process (SO_PEERCRED).
pub fn peer_credentials(fd: RawFd) -> Result<libc::ucred> {
    let mut cred = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: cred/len describe a writable ucred.
    let rc = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            (&mut cred as *mut libc::ucred).cast(),
            &mut len,
        )
    };
    if rc != 0 {
        return Err(Error::last_os_error());
    }
    Ok(cred)
}

/// ZMQ_IPC_FILTER_UID/GID/PID, as libzmq applies them: with no filters any
/// peer is allowed; else the peer's uid, primary gid or pid must be listed,
/// or the peer's user must be a member of a listed group.
pub fn accept_allowed(fd: RawFd, options: &Options) -> bool {
    if options.ipc_uid_accept_filters.is_empty()
        && options.ipc_gid_accept_filters.is_empty()
        && options.ipc_pid_accept_filters.is_empty()
    {
        return true;
    }
    let Ok(cred) = peer_credentials(fd) else {
        return false;
    };
    if options.ipc_uid_accept_filters.contains(&cred.uid)
        || options.ipc_gid_accept_filters.contains(&cred.gid)
        || options.ipc_pid_accept_filters.contains(&cred.pid)
    {
        return true;
    }
    let Some(user) = user_name(cred.uid) else {
        return false;
    };
    options
        .ipc_gid_accept_filters
        .iter()
        .any(|&gid| group_members(gid).contains(&user))
}

/// The login name of `uid`.
fn user_name(uid: u32) -> Option<Vec<u8>> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: passwd is plain data; all-zero is valid.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: pw, buf and result are live and buf.len() is its size.
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut pw,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || pw.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a C string inside buf.
    Some(unsafe { CStr::from_ptr(pw.pw_name) }.to_bytes().to_vec())
}

/// The member names of group `gid`.
fn group_members(gid: u32) -> Vec<Vec<u8>> {
    let mut buf = vec![0u8; 16384];
    // SAFETY: group is plain data; all-zero is valid.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: gr, buf and result are live and buf.len() is its size.
    let rc = unsafe {
        libc::getgrgid_r(
            gid,
            &mut gr,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    let mut members = Vec::new();
    if rc != 0 || result.is_null() || gr.gr_mem.is_null() {
        return members;
    }
    let mut p = gr.gr_mem;
    // SAFETY: gr_mem is a NULL-terminated array of C strings inside buf.
    unsafe {
        while !(*p).is_null() {
            members.push(CStr::from_ptr(*p).to_bytes().to_vec());
            p = p.add(1);
        }
    }
    members
}

/// Starts a non-blocking connect to an ipc address.
pub fn connect(address: &IpcAddress) -> Result<(OwnedFd, ConnectState)> {
    let fd = unix_socket()?;
    let (sun, len) = address.to_sockaddr();
    // SAFETY: sun is a valid sockaddr_un of len bytes.
    let rc = unsafe {
        libc::connect(
            fd.as_raw_fd(),
            (&sun as *const libc::sockaddr_un).cast(),
            len,
        )
    };
    if rc == 0 {
        return Ok((fd, ConnectState::Connected));
    }
    match Error::last_os_error() {
        Error::InProgress | Error::Intr => Ok((fd, ConnectState::InProgress)),
        e => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(fd: RawFd, events: i16) -> bool {
        let mut pfd = libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        // SAFETY: pfd is one live pollfd.
        unsafe { libc::poll(&mut pfd, 1, 5000) == 1 }
    }

    fn scratch_dir() -> PathBuf {
        let dir = create_wildcard_dir_in(std::env::temp_dir());
        assert!(dir.is_dir());
        dir
    }

    fn create_wildcard_dir_in(base: PathBuf) -> PathBuf {
        let mut template = base.join("zmqtestXXXXXX").into_os_string().into_vec();
        template.push(0);
        // SAFETY: writable NUL-terminated template ending in XXXXXX.
        let p = unsafe { libc::mkdtemp(template.as_mut_ptr().cast()) };
        assert!(!p.is_null());
        template.pop();
        PathBuf::from(OsStr::from_bytes(&template))
    }

    use std::os::unix::ffi::OsStringExt;

    fn round_trip(listener: &IpcListener) {
        let (client, state) = connect(&listener.address).unwrap();
        if state == ConnectState::InProgress {
            assert!(wait(client.as_raw_fd(), libc::POLLOUT));
        }
        finish_connect(client.as_raw_fd()).unwrap();
        assert!(wait(listener.fd.as_raw_fd(), libc::POLLIN));
        let server = accept(listener.fd.as_raw_fd()).unwrap();
        let cred = peer_credentials(server.as_raw_fd()).unwrap();
        // SAFETY: getpid has no preconditions.
        assert_eq!(cred.pid, unsafe { libc::getpid() });
        assert_eq!(accept(listener.fd.as_raw_fd()).err(), Some(Error::Again));
    }

    #[test]
    fn path_listener_removes_its_file() {
        let dir = scratch_dir();
        let path = dir.join("sock");
        // A stale file at the path is replaced.
        std::fs::write(&path, b"stale").unwrap();
        let listener = listen(path.to_str().unwrap(), &Options::new()).unwrap();
        assert_eq!(
            listener.address.endpoint_string(),
            format!("ipc://{}", path.display())
        );
        round_trip(&listener);
        drop(listener);
        assert!(!path.exists());
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn second_bind_takes_over_and_survives_the_first() {
        let dir = scratch_dir();
        let path = dir.join("sock");
        let first = listen(path.to_str().unwrap(), &Options::new()).unwrap();
        let second = listen(path.to_str().unwrap(), &Options::new()).unwrap();
        drop(first);
        assert!(
            path.exists(),
            "the first listener must not remove the second's file"
        );
        round_trip(&second);
        drop(second);
        assert!(!path.exists());
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn wildcard_makes_and_removes_a_directory() {
        let listener = listen("*", &Options::new()).unwrap();
        let path = PathBuf::from(OsStr::from_bytes(listener.address.path()));
        assert_eq!(path.file_name().unwrap(), "socket");
        let dir = path.parent().unwrap().to_path_buf();
        assert!(dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("tmp"));
        round_trip(&listener);
        drop(listener);
        assert!(!path.exists());
        assert!(!dir.exists());
    }

    #[test]
    fn abstract_names() {
        // SAFETY: getpid has no preconditions.
        let name = format!("@zmq-rs-test-{}", unsafe { libc::getpid() });
        let listener = listen(&name, &Options::new()).unwrap();
        assert_eq!(listener.address.endpoint_string(), format!("ipc://{name}"));
        round_trip(&listener);
        assert_eq!(listen(&name, &Options::new()).err(), Some(Error::AddrInUse));
    }

    #[test]
    fn errors() {
        assert_eq!(
            listen(&format!("/tmp/{}", "a".repeat(120)), &Options::new()).err(),
            Some(Error::NameTooLong)
        );
        assert_eq!(
            listen("/nonexistent-dir-zmq/x", &Options::new()).err(),
            Some(Error::NoEnt)
        );
        let nobody = IpcAddress::resolve("/nonexistent-dir-zmq/x").unwrap();
        assert!(connect(&nobody).is_err());
    }

    #[test]
    fn credential_filters() {
        let dir = scratch_dir();
        let path = dir.join("sock");
        let mut options = Options::new();
        let listener = listen(path.to_str().unwrap(), &options).unwrap();
        let (client, _) = connect(&listener.address).unwrap();
        assert!(wait(listener.fd.as_raw_fd(), libc::POLLIN));
        let server = accept(listener.fd.as_raw_fd()).unwrap();
        assert!(accept_allowed(server.as_raw_fd(), &options));
        // SAFETY: getuid/getpid have no preconditions.
        let (uid, pid) = unsafe { (libc::getuid(), libc::getpid()) };
        options
            .set(
                crate::options::ZMQ_IPC_FILTER_UID,
                &(uid.wrapping_add(1)).to_ne_bytes(),
            )
            .unwrap();
        assert!(!accept_allowed(server.as_raw_fd(), &options));
        options
            .set(crate::options::ZMQ_IPC_FILTER_PID, &pid.to_ne_bytes())
            .unwrap();
        assert!(accept_allowed(server.as_raw_fd(), &options));
        drop(client);
        drop(server);
        drop(listener);
        std::fs::remove_dir(&dir).unwrap();
    }
}
