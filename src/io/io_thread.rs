//! An I/O thread (libzmq's `io_thread_t`): a reactor loop that owns the
//! listeners, sessions and engines of tcp/ipc endpoints, fed by a command
//! mailbox whose eventfd sits in the same poller.
//!
//! Everything the thread runs is an `IoObject` named by a process-unique
//! `ObjectId`; the id doubles as the reactor token of the object's fd and
//! timers, so dispatch is one map lookup per event. Ids are never reused, so
//! a late event for an object that already finished is simply dropped.
//!
//! Pipe ends owned by objects here are named by their process-unique
//! `PipeId`: an object `route_pipe`s its pipe so that the wake-ups the pipe's
//! peer sends to this thread's mailbox (`IoCommand::Pipe`) reach it.

use super::routes::Routes;
use crate::util::id_map::IdMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use super::mailbox::Mailbox;
use super::reactor::{Interest, Reactor, Ready, TimerId, Token};
use crate::error::{Error, Result};
use crate::pipe::{PipeCommand, PipeOwner};
use crate::socket::pattern::PipeId;
use crate::util::panics;

/// Names one object on some I/O thread; unique in the process.
pub type ObjectId = u64;

/// Ids start at 1: token 0 is the mailbox.
static NEXT_OBJECT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh process-unique object id (allocated by whoever creates the
/// object, so it can address the object before the thread has seen it).
pub fn next_object_id() -> ObjectId {
    // Relaxed: only uniqueness matters, not ordering with other memory.
    NEXT_OBJECT_ID.fetch_add(1, Ordering::Relaxed)
}

const MAILBOX_TOKEN: Token = 0;

/// A control request run on an object by `IoCommand::Call`.
pub type CallFn = Box<dyn FnOnce(&mut dyn IoObject, &mut IoCx<'_>) + Send>;

/// Commands an I/O thread accepts. Any thread may send them.
pub enum IoCommand {
    /// Start running `object` under `id` (from `next_object_id`).
    Add(ObjectId, Box<dyn IoObject>),
    /// Ask object `id` to finish (unbind, disconnect, socket close). It may
    /// linger to flush pending messages.
    Terminate(ObjectId),
    /// A command for the pipe end `PipeCommand::pipe`, delivered to the
    /// object that routed it.
    Pipe(PipeCommand),
    /// Run `f` on object `id` (rare control requests, e.g. a query).
    Call(ObjectId, CallFn),
    /// Terminate every object, wait until all have finished, then exit.
    Stop,
}

/// An I/O thread's mailbox owns the pipe ends of its objects: pipe commands
/// go through it and are dispatched by pipe id.
impl PipeOwner for Mailbox<IoCommand> {
    fn pipe_command(&self, cmd: PipeCommand) {
        self.send(IoCommand::Pipe(cmd));
    }
}

/// Something that lives on an I/O thread: reacts to its fd, its timers and
/// commands. All methods run on the I/O thread.
pub trait IoObject: Send {
    /// First call after the object arrives; register fds and timers here.
    fn start(&mut self, cx: &mut IoCx<'_>);
    /// The object's fd (registered under `cx.token()`) is ready.
    fn ready(&mut self, cx: &mut IoCx<'_>, ready: Ready);
    /// A timer armed with `cx.add_timer` fired.
    fn timer(&mut self, cx: &mut IoCx<'_>, id: TimerId);
    /// A command for a routed pipe end (pass it to `Pipe::process_command`).
    fn pipe_command(&mut self, _cx: &mut IoCx<'_>, _cmd: PipeCommand) {}
    /// Finish soon: close fds and call `cx.finish()` once nothing is left to
    /// flush (or the linger time is up).
    fn terminate(&mut self, cx: &mut IoCx<'_>);
    /// The thread is stopping (context terminated): finish at once. By
    /// default the same as `terminate`.
    fn stop(&mut self, cx: &mut IoCx<'_>) {
        self.terminate(cx);
    }
    /// Downcasting hook for `IoCommand::Call` users.
    fn as_any(&mut self) -> &mut dyn std::any::Any;
    /// One of the object's handlers panicked; it is dropped right after
    /// this call (its fds close, its pipes terminate). Raise the monitor
    /// event libzmq gives when such an object is lost. The object's state
    /// may be half-updated: only report, change nothing.
    fn panicked(&mut self) {}
}

/// What an object may do to its thread while handling an event.
pub struct IoCx<'a> {
    id: ObjectId,
    reactor: &'a mut Reactor,
    routes: &'a mut Routes,
    spawned: &'a mut Vec<(ObjectId, Box<dyn IoObject>)>,
    mailbox: &'a Arc<Mailbox<IoCommand>>,
    finished: bool,
}

impl IoCx<'_> {
    /// The object's id.
    pub fn id(&self) -> ObjectId {
        self.id
    }

    /// The token to register the object's fd under.
    pub fn token(&self) -> Token {
        self.id as Token
    }

    pub fn register(&mut self, fd: std::os::unix::io::RawFd, interest: Interest) -> Result<()> {
        self.reactor.register(fd, self.id as Token, interest)
    }

    pub fn reregister(&mut self, fd: std::os::unix::io::RawFd, interest: Interest) -> Result<()> {
        self.reactor.reregister(fd, self.id as Token, interest)
    }

    pub fn deregister(&mut self, fd: std::os::unix::io::RawFd) -> Result<()> {
        self.reactor.deregister(fd)
    }

    pub fn add_timer(&mut self, after: Duration) -> TimerId {
        self.reactor.add_timer(after, self.id as Token)
    }

    pub fn add_timer_at(&mut self, deadline: std::time::Instant) -> TimerId {
        self.reactor.add_timer_at(deadline, self.id as Token)
    }

    pub fn cancel_timer(&mut self, id: TimerId) {
        self.reactor.cancel_timer(id);
    }

    /// Deliver `IoCommand::Pipe(pipe, ..)` to this object from now on.
    pub fn route_pipe(&mut self, pipe: PipeId) {
        self.routes.add(pipe, self.id);
    }

    pub fn unroute_pipe(&mut self, pipe: PipeId) {
        self.routes.remove(pipe, self.id);
    }

    /// This thread's mailbox, e.g. to give a pipe end's owner address.
    pub fn mailbox(&self) -> &Arc<Mailbox<IoCommand>> {
        self.mailbox
    }

    /// Runs `object` on this thread too (e.g. a session for an accepted
    /// connection). It starts after the current event.
    pub fn spawn(&mut self, object: Box<dyn IoObject>) -> ObjectId {
        let id = next_object_id();
        self.spawned.push((id, object));
        id
    }

    /// The object is done: it is dropped after this call returns. It must
    /// have deregistered its fds; its remaining timers and routes go.
    pub fn finish(&mut self) {
        self.finished = true;
    }
}

/// A running I/O thread; dropping it stops and joins the thread.
pub struct IoThread {
    mailbox: Arc<Mailbox<IoCommand>>,
    load: Arc<AtomicUsize>,
    join: Option<JoinHandle<()>>,
}

impl IoThread {
    /// Starts a thread named `name` (libzmq: "ZMQbg/IO/<n>", prefixed by
    /// ZMQ_THREAD_NAME_PREFIX when set).
    pub fn start(name: &str) -> Result<IoThread> {
        IoThread::start_with(name, &Scheduling::default())
    }

    /// `start` with the context's scheduling options applied to the thread.
    pub fn start_with(name: &str, sched: &Scheduling) -> Result<IoThread> {
        let sched = sched.clone();
        let mailbox = Arc::new(Mailbox::new()?);
        let reactor = Reactor::new()?;
        reactor.register(mailbox.fd()?, MAILBOX_TOKEN, Interest::READ)?;
        let load = Arc::new(AtomicUsize::new(0));
        let worker = Worker {
            reactor,
            mailbox: Arc::clone(&mailbox),
            objects: IdMap::default(),
            routes: Routes::default(),
            load: Arc::clone(&load),
            stopping: false,
        };
        // Linux limits thread names to 15 bytes; the builder would fail on
        // an interior NUL, so strip those.
        let name: String = name.chars().filter(|c| *c != '\0').collect();
        let join = std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                sched.apply();
                worker.serve()
            })
            .map_err(|_| Error::NoMem)?;
        Ok(IoThread {
            mailbox,
            load,
            join: Some(join),
        })
    }

    pub fn send(&self, cmd: IoCommand) {
        self.mailbox.send(cmd);
    }

    /// The thread's mailbox (pipe ends it owns name it as their owner).
    pub fn mailbox(&self) -> &Arc<Mailbox<IoCommand>> {
        &self.mailbox
    }

    /// Number of objects running here, to pick the least loaded thread.
    pub fn load(&self) -> usize {
        // Relaxed: a heuristic; a stale value only skews the choice.
        self.load.load(Ordering::Relaxed)
    }

    /// Terminates every object (they may linger), then joins the thread.
    pub fn stop(&mut self) {
        if let Some(join) = self.join.take() {
            self.mailbox.send(IoCommand::Stop);
            let _ = join.join();
        }
    }
}

impl Drop for IoThread {
    fn drop(&mut self) {
        self.stop();
    }
}

/// ZMQ_THREAD_AFFINITY_CPU_ADD, ZMQ_THREAD_PRIORITY and
/// ZMQ_THREAD_SCHED_POLICY for the context's threads (-1: leave as is).
#[derive(Debug, Clone)]
pub struct Scheduling {
    pub cpus: Vec<i32>,
    pub priority: i32,
    pub policy: i32,
}

impl Default for Scheduling {
    fn default() -> Scheduling {
        Scheduling {
            cpus: Vec::new(),
            priority: -1,
            policy: -1,
        }
    }
}

impl Scheduling {
    /// Applies the settings to the calling thread. Best effort, as libzmq:
    /// a refused setting (e.g. a real-time policy without privileges)
    /// leaves the thread as it is.
    fn apply(&self) {
        if !self.cpus.is_empty() {
            // SAFETY: cpu_set_t is plain data; all-zero is the empty set.
            let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
            for &cpu in &self.cpus {
                if (0..libc::CPU_SETSIZE).contains(&cpu) {
                    // SAFETY: cpu is within the set's size, checked above.
                    unsafe { libc::CPU_SET(cpu as usize, &mut set) };
                }
            }
            // SAFETY: pid 0 is the calling thread; set is a live cpu_set_t
            // of the size passed.
            unsafe {
                libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
            }
        }
        if self.priority >= 0 || self.policy >= 0 {
            let mut policy = 0;
            // SAFETY: zeroed sched_param is valid; both out-pointers are live.
            let mut param: libc::sched_param = unsafe { std::mem::zeroed() };
            // SAFETY: queries the calling thread's own scheduling.
            let rc = unsafe {
                libc::pthread_getschedparam(libc::pthread_self(), &mut policy, &mut param)
            };
            if rc != 0 {
                return;
            }
            if self.policy >= 0 {
                policy = self.policy;
            }
            if self.priority >= 0 {
                param.sched_priority = self.priority;
            }
            // SAFETY: sets the calling thread's scheduling; errors ignored.
            unsafe {
                libc::pthread_setschedparam(libc::pthread_self(), policy, &param);
            }
        }
    }
}

/// The context's I/O threads (ZMQ_IO_THREADS), started at the first tcp or
/// ipc endpoint and stopped when the context terminates.
pub struct IoThreads {
    threads: parking_lot::Mutex<Vec<IoThread>>,
    mailboxes: Vec<Arc<Mailbox<IoCommand>>>,
    loads: Vec<Arc<AtomicUsize>>,
}

impl IoThreads {
    /// Starts `count` threads named "ZMQbg/IO/<n>", after `prefix/` when
    /// a ZMQ_THREAD_NAME_PREFIX is given. Zero threads is EMTHREAD, as
    /// libzmq fails a tcp/ipc endpoint then.
    pub fn start(count: usize, prefix: Option<&str>, sched: &Scheduling) -> Result<IoThreads> {
        if count == 0 {
            return Err(Error::MThread);
        }
        let mut threads = Vec::with_capacity(count);
        for n in 0..count {
            let name = match prefix {
                Some(p) => format!("{p}/ZMQbg/IO/{n}"),
                None => format!("ZMQbg/IO/{n}"),
            };
            threads.push(IoThread::start_with(&name, sched)?);
        }
        Ok(IoThreads {
            mailboxes: threads.iter().map(|t| Arc::clone(&t.mailbox)).collect(),
            loads: threads.iter().map(|t| Arc::clone(&t.load)).collect(),
            threads: parking_lot::Mutex::new(threads),
        })
    }

    /// The mailbox of the least loaded thread (libzmq's
    /// `choose_io_thread`), for a new endpoint's objects.
    pub fn choose(&self) -> Arc<Mailbox<IoCommand>> {
        let mut best = 0;
        let mut best_load = usize::MAX;
        for (i, l) in self.loads.iter().enumerate() {
            // Relaxed: a heuristic.
            let load = l.load(Ordering::Relaxed);
            if load < best_load {
                best = i;
                best_load = load;
            }
        }
        Arc::clone(&self.mailboxes[best])
    }

    /// Stops and joins every thread.
    pub fn stop(&self) {
        let threads = std::mem::take(&mut *self.threads.lock());
        for mut t in threads {
            t.stop();
        }
    }
}

struct Worker {
    reactor: Reactor,
    mailbox: Arc<Mailbox<IoCommand>>,
    objects: IdMap<Box<dyn IoObject>>,
    routes: Routes,
    load: Arc<AtomicUsize>,
    stopping: bool,
}

impl Worker {
    /// The thread's body. A panic outside any object's handler (in the
    /// loop itself) ends the service: every object is dropped, which
    /// releases their linger guards and terminates their pipes, and the
    /// thread then only discards what it is sent until the context stops
    /// it, so no caller waits forever on an object that will never run.
    fn serve(mut self) {
        let Err(payload) = panics::catch(|| self.run()) else {
            return;
        };
        panics::report(
            format_args!("an I/O thread's loop"),
            "its objects are dropped and it discards commands until the context ends",
            payload,
        );
        let ids: Vec<ObjectId> = self.objects.keys().copied().collect();
        for id in ids {
            self.remove_object(id, true);
        }
        loop {
            match self.mailbox.recv(None) {
                Ok(IoCommand::Stop) => break,
                Ok(cmd) => {
                    let _ = panics::catch(move || drop(cmd));
                }
                Err(Error::Intr) => continue,
                Err(_) => break,
            }
        }
    }

    fn run(&mut self) {
        let mut ready = Vec::new();
        let mut expired = Vec::new();
        loop {
            if self.stopping && self.objects.is_empty() {
                break;
            }
            ready.clear();
            expired.clear();
            if self.reactor.poll(None, &mut ready, &mut expired).is_err() {
                // epoll_wait fails only on a broken poller fd: nothing can
                // be served any more, so let the objects go.
                break;
            }
            for r in ready.iter().copied() {
                if r.token == MAILBOX_TOKEN {
                    self.process_commands();
                } else {
                    self.dispatch(r.token as ObjectId, |o, cx| o.ready(cx, r));
                }
            }
            for (id, token) in expired.iter().copied() {
                self.dispatch(token as ObjectId, |o, cx| o.timer(cx, id));
            }
        }
        if let Ok(fd) = self.mailbox.fd() {
            let _ = self.reactor.deregister(fd);
        }
    }

    fn process_commands(&mut self) {
        while let Ok(cmd) = self.mailbox.try_recv() {
            match cmd {
                IoCommand::Add(id, object) => self.start_object(id, object),
                IoCommand::Terminate(id) => self.dispatch(id, |o, cx| o.terminate(cx)),
                IoCommand::Pipe(cmd) => {
                    if let Some(id) = self.routes.owner(cmd.pipe) {
                        self.dispatch(id, |o, cx| o.pipe_command(cx, cmd));
                    }
                }
                IoCommand::Call(id, f) => self.dispatch(id, f),
                IoCommand::Stop => {
                    self.stopping = true;
                    let ids: Vec<ObjectId> = self.objects.keys().copied().collect();
                    for id in ids {
                        self.dispatch(id, |o, cx| o.stop(cx));
                    }
                }
            }
        }
    }

    fn start_object(&mut self, id: ObjectId, object: Box<dyn IoObject>) {
        self.objects.insert(id, object);
        self.load.store(self.objects.len(), Ordering::Relaxed);
        self.dispatch(id, |o, cx| o.start(cx));
        if self.stopping {
            self.dispatch(id, |o, cx| o.stop(cx));
        }
    }

    /// Forgets object `id`: its routes go, and it is dropped (after a
    /// panic, under a barrier of its own: a half-updated object may panic
    /// again in its destructor).
    fn remove_object(&mut self, id: ObjectId, after_panic: bool) {
        self.routes.remove_owner(id);
        let object = self.objects.remove(&id);
        self.load.store(self.objects.len(), Ordering::Relaxed);
        if after_panic {
            if let Err(payload) = panics::catch(move || drop(object)) {
                panics::report(
                    format_args!("dropping I/O thread object {id}"),
                    "the rest of it is leaked",
                    payload,
                );
            }
        }
    }

    fn dispatch<F>(&mut self, id: ObjectId, f: F)
    where
        F: FnOnce(&mut dyn IoObject, &mut IoCx<'_>),
    {
        // The object stays in the map while it runs (the context reaches
        // the reactor and routes only, never other objects).
        let Some(object) = self.objects.get_mut(&id) else {
            return;
        };
        let mut spawned = Vec::new();
        let (finished, panicked) = {
            let mut cx = IoCx {
                id,
                reactor: &mut self.reactor,
                routes: &mut self.routes,
                spawned: &mut spawned,
                mailbox: &self.mailbox,
                finished: false,
            };
            // A panic costs this object only: it is dropped below, the
            // thread goes on serving the others.
            let outcome = panics::catch(|| f(object.as_mut(), &mut cx));
            (cx.finished, outcome.err())
        };
        if let Some(payload) = panicked {
            panics::report(
                format_args!("I/O thread object {id}"),
                "the object (and its connection) is dropped",
                payload,
            );
            let _ = panics::catch(|| object.panicked());
            self.remove_object(id, true);
        } else if finished {
            self.remove_object(id, false);
        }
        for (sid, sobj) in spawned {
            self.start_object(sid, sobj);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::signaler::Signaler;
    use std::sync::mpsc;

    /// Reports what happens to it over a channel.
    struct Probe {
        sig: Signaler,
        tx: mpsc::Sender<String>,
        linger_timer: Option<TimerId>,
    }

    impl IoObject for Probe {
        fn start(&mut self, cx: &mut IoCx<'_>) {
            cx.register(self.sig.fd(), Interest::READ).unwrap();
            cx.route_pipe(42);
            cx.add_timer(Duration::from_millis(5));
            self.tx.send("start".into()).unwrap();
        }
        fn ready(&mut self, _cx: &mut IoCx<'_>, r: Ready) {
            assert!(r.readable);
            self.sig.recv();
            self.tx.send("ready".into()).unwrap();
        }
        fn timer(&mut self, cx: &mut IoCx<'_>, id: TimerId) {
            if Some(id) == self.linger_timer {
                cx.deregister(self.sig.fd()).unwrap();
                self.tx.send("finished".into()).unwrap();
                cx.finish();
            } else {
                self.tx.send("timer".into()).unwrap();
            }
        }
        fn pipe_command(&mut self, _cx: &mut IoCx<'_>, cmd: PipeCommand) {
            self.tx
                .send(format!("pipe {} {:?}", cmd.pipe, cmd.cmd))
                .unwrap();
        }
        fn terminate(&mut self, cx: &mut IoCx<'_>) {
            // Linger a little, as a session flushing messages would.
            self.linger_timer = Some(cx.add_timer(Duration::from_millis(5)));
            self.tx.send("terminate".into()).unwrap();
        }
        fn as_any(&mut self) -> &mut dyn std::any::Any {
            self
        }
    }

    fn next(rx: &mpsc::Receiver<String>) -> String {
        rx.recv_timeout(Duration::from_secs(10)).unwrap()
    }

    #[test]
    fn runs_objects_and_stops_after_linger() {
        let mut t = IoThread::start("test-io").unwrap();
        let (tx, rx) = mpsc::channel();
        let sig = Signaler::new().unwrap();
        let id = next_object_id();
        t.send(IoCommand::Add(
            id,
            Box::new(Probe {
                sig,
                tx,
                linger_timer: None,
            }),
        ));
        assert_eq!(next(&rx), "start");
        assert_eq!(next(&rx), "timer");
        let cmd = |pipe| PipeCommand {
            pipe,
            cmd: crate::pipe::PipeCmd::ActivateRead,
        };
        t.mailbox().pipe_command(cmd(42));
        t.send(IoCommand::Pipe(cmd(43))); // unrouted
        assert_eq!(next(&rx), "pipe 42 ActivateRead");
        t.send(IoCommand::Call(
            id,
            Box::new(|o, _cx| {
                let p = o.as_any().downcast_mut::<Probe>().unwrap();
                p.sig.send();
            }),
        ));
        assert_eq!(next(&rx), "ready");
        assert_eq!(t.load(), 1);
        t.stop();
        assert_eq!(next(&rx), "terminate");
        assert_eq!(next(&rx), "finished");
    }

    /// Panics in its first timer; reports what happens to it.
    struct Panicker(mpsc::Sender<String>);

    impl IoObject for Panicker {
        fn start(&mut self, cx: &mut IoCx<'_>) {
            cx.add_timer(Duration::from_millis(1));
        }
        fn ready(&mut self, _cx: &mut IoCx<'_>, _r: Ready) {}
        fn timer(&mut self, _cx: &mut IoCx<'_>, _id: TimerId) {
            panic!("test panic in a handler");
        }
        fn terminate(&mut self, cx: &mut IoCx<'_>) {
            cx.finish();
        }
        fn as_any(&mut self) -> &mut dyn std::any::Any {
            self
        }
        fn panicked(&mut self) {
            self.0.send("panicked".into()).unwrap();
        }
    }

    impl Drop for Panicker {
        fn drop(&mut self) {
            let _ = self.0.send("dropped".into());
        }
    }

    #[test]
    fn a_panicking_object_is_dropped_and_the_others_go_on() {
        let mut t = IoThread::start("test-io").unwrap();
        let (tx, rx) = mpsc::channel();
        t.send(IoCommand::Add(next_object_id(), Box::new(Panicker(tx))));
        assert_eq!(next(&rx), "panicked");
        assert_eq!(next(&rx), "dropped");
        assert_eq!(t.load(), 0);
        let (tx, rx) = mpsc::channel();
        let probe = Probe {
            sig: Signaler::new().unwrap(),
            tx,
            linger_timer: None,
        };
        t.send(IoCommand::Add(next_object_id(), Box::new(probe)));
        assert_eq!(next(&rx), "start");
        assert_eq!(next(&rx), "timer");
        t.stop();
        assert_eq!(next(&rx), "terminate");
        assert_eq!(next(&rx), "finished");
    }

    #[test]
    fn stop_with_no_objects() {
        let mut t = IoThread::start("test-io").unwrap();
        t.stop();
        t.stop();
    }

    #[test]
    fn affinity_applies_to_the_thread() {
        let sched = Scheduling {
            cpus: vec![0],
            ..Scheduling::default()
        };
        let mut t = IoThread::start_with("aff-probe", &sched).unwrap();
        let (tx, rx) = mpsc::channel();
        let id = next_object_id();
        t.send(IoCommand::Add(
            id,
            Box::new(Probe {
                sig: Signaler::new().unwrap(),
                tx,
                linger_timer: None,
            }),
        ));
        // Once the thread runs objects, its settings are in place.
        assert_eq!(next(&rx), "start");
        let mut found = false;
        for task in std::fs::read_dir("/proc/self/task").unwrap() {
            let path = task.unwrap().path();
            let comm = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
            if comm.trim() == "aff-probe" {
                let status = std::fs::read_to_string(path.join("status")).unwrap();
                let line = status
                    .lines()
                    .find(|l| l.starts_with("Cpus_allowed_list:"))
                    .unwrap();
                assert_eq!(line.split_whitespace().nth(1), Some("0"));
                found = true;
            }
        }
        assert!(found);
        t.stop();
    }
}
