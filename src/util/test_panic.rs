//! A test-only hook that injects panics, to show that they cost only the
//! object they happen in (capi-tests/test_panic_*.c).
//!
//! `ZMQ_RS_TEST_PANIC=<point>[,<point>...]` in the environment arms each
//! point once, read when C creates a context (`zmq_ctx_new`, `zmq_init`).
//! An armed point fires once. Points:
//! - `engine_input`: the next connection a listener accepts panics in its
//!   handler at its first input;
//! - `zmq_socket_monitor`: the next `zmq_socket_monitor` call panics after
//!   finding its socket.
//!
//! Nothing here runs per message: the accepting listener checks one flag
//! per accepted connection, `zmq_socket_monitor` one per call.

use crate::io::io_thread::{IoCx, IoObject};
use crate::io::reactor::{Ready, TimerId};
use crate::pipe::PipeCommand;
use std::sync::atomic::{AtomicBool, Ordering};

const VARIABLE: &str = "ZMQ_RS_TEST_PANIC";

/// A place a panic can be injected.
#[derive(Clone, Copy, Debug)]
pub enum Point {
    EngineInput,
    SocketMonitor,
}

static ENGINE_INPUT: AtomicBool = AtomicBool::new(false);
static SOCKET_MONITOR: AtomicBool = AtomicBool::new(false);

impl Point {
    fn flag(self) -> &'static AtomicBool {
        match self {
            Point::EngineInput => &ENGINE_INPUT,
            Point::SocketMonitor => &SOCKET_MONITOR,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Point::EngineInput => "engine_input",
            Point::SocketMonitor => "zmq_socket_monitor",
        }
    }
}

/// Arms the points named in the environment variable (at context creation).
pub fn arm_from_env() {
    let Some(value) = std::env::var_os(VARIABLE) else {
        return;
    };
    let value = value.to_string_lossy();
    for point in [Point::EngineInput, Point::SocketMonitor] {
        if value.split(',').any(|p| p.trim() == point.name()) {
            point.flag().store(true, Ordering::Relaxed);
        }
    }
}

/// Disarms `point`, saying whether it was armed.
pub fn take(point: Point) -> bool {
    // Relaxed: a test switch, ordered with nothing else.
    point.flag().load(Ordering::Relaxed) && point.flag().swap(false, Ordering::Relaxed)
}

/// Panics if `point` is armed (and disarms it), at the caller's location.
#[track_caller]
pub fn fire(point: Point) {
    if take(point) {
        panic!("{VARIABLE}={}: injected panic", point.name());
    }
}

/// A connection a listener accepted, as the listener will run it: wrapped
/// to panic at its first input when `engine_input` is armed.
pub fn on_accept(connection: Box<dyn IoObject>) -> Box<dyn IoObject> {
    if take(Point::EngineInput) {
        Box::new(PanicOnInput(connection))
    } else {
        connection
    }
}

/// Runs an accepted connection, but panics when its first input arrives,
/// before its engine reads it.
struct PanicOnInput(Box<dyn IoObject>);

impl IoObject for PanicOnInput {
    fn start(&mut self, cx: &mut IoCx<'_>) {
        self.0.start(cx);
    }
    fn ready(&mut self, cx: &mut IoCx<'_>, ready: Ready) {
        if ready.readable {
            panic!("{VARIABLE}={}: injected panic", Point::EngineInput.name());
        }
        self.0.ready(cx, ready);
    }
    fn timer(&mut self, cx: &mut IoCx<'_>, id: TimerId) {
        self.0.timer(cx, id);
    }
    fn pipe_command(&mut self, cx: &mut IoCx<'_>, cmd: PipeCommand) {
        self.0.pipe_command(cx, cmd);
    }
    fn terminate(&mut self, cx: &mut IoCx<'_>) {
        self.0.terminate(cx);
    }
    fn stop(&mut self, cx: &mut IoCx<'_>) {
        self.0.stop(cx);
    }
    fn as_any(&mut self) -> &mut dyn std::any::Any {
        self.0.as_any()
    }
    fn panicked(&mut self) {
        self.0.panicked();
    }
}
