//! Panics never leave the library (docs/architecture.md, "Panics").
//!
//! Every place that stops an unwind (the C entry points, each I/O thread's
//! dispatch of one object, every thread body) reports it with one line on
//! stderr through [`report`]. The hook installed by [`install_hook`] keeps
//! the panic's message and location for that line instead of printing
//! Rust's multi-line default.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// The message and location of this thread's last panic, for `report`.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook by one that only records the panic for
/// [`report`]. Done once, when C creates its first context: a Rust program
/// that links the rlib keeps its own hook.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let text = match info.location() {
                Some(l) => format!(
                    "{} at {}:{}",
                    payload_text(info.payload()),
                    l.file(),
                    l.line()
                ),
                None => payload_text(info.payload()).to_owned(),
            };
            // try_with: a panic while this thread's locals are being torn
            // down has nowhere to be kept.
            let _ = LAST.try_with(|last| {
                if let Ok(mut last) = last.try_borrow_mut() {
                    *last = Some(text);
                }
            });
        }));
    });
}

fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "a panic"
    }
}

/// Runs `f`, stopping any panic in it. The closure's captures are used
/// again only through the fallback each caller documents, hence the
/// `AssertUnwindSafe`.
#[inline(always)]
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, Box<dyn Any + Send>> {
    catch_unwind(AssertUnwindSafe(f))
}

/// Writes one line on stderr: "libzmq: panic in <what>: <message at
/// file:line>; <outcome>". Never panics itself (a failed write is ignored).
#[cold]
#[inline(never)]
pub fn report(what: fmt::Arguments<'_>, outcome: &str, payload: Box<dyn Any + Send>) {
    let recorded = LAST
        .try_with(|last| last.try_borrow_mut().ok().and_then(|mut l| l.take()))
        .ok()
        .flatten();
    let detail = recorded.unwrap_or_else(|| payload_text(payload.as_ref()).to_owned());
    let line = format!("libzmq: panic in {what}: {detail}; {outcome}\n");
    // One write of the whole line, so lines from two threads do not mix.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    // A payload whose own drop panics must not escape either.
    let _ = catch(move || drop(payload));
}

/// Runs a thread's body; a panic in it is reported and the thread ends
/// normally instead of unwinding out of its start function.
pub fn thread_body(name: &str, body: impl FnOnce()) {
    if let Err(payload) = catch(body) {
        report(format_args!("thread {name}"), "the thread ends", payload);
    }
}
