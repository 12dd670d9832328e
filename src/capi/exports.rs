//! The exported symbols: the 70 `zmq_*` functions of libzmq 4.3's ABI, and
//! the 25 of its draft API.
//!
//! Each is a one-line wrapper that runs the function of the same name in
//! `ctx.rs`, `msg.rs`, ... under the panic barrier of `guard.rs`, so no
//! panic unwinds into C and none aborts the host. The bodies stay plain
//! Rust functions where they were; cbindgen writes `zmq.h` from the
//! prototypes here (kept in the header's order). A `#[no_mangle]` added
//! anywhere else fails to link against the one here, so an entry point
//! cannot bypass the barrier by accident. The bodies of the per-message
//! calls (`zmq_msg_*`, send and receive) are `#[inline(always)]`: each of
//! those symbols compiles to its body plus a landing pad, as before.
// Entry points take C pointers by contract; the bodies check them.
#![allow(clippy::not_unsafe_ptr_arg_deref)]
// Every wrapper has the same shape, `|| module::zmq_x(args)`, also where
// the call takes no argument.
#![allow(clippy::redundant_closure)]

use super::guard::{guard, guard_sockets, guard_then};
#[cfg(zmq_draft_api)]
use super::types::zmq_poller_event_t;
use super::types::{zmq_fd_t, zmq_free_fn, zmq_msg_t, zmq_pollitem_t, zmq_thread_fn, zmq_timer_fn};
use super::{ctx, msg, poll, proxy, socket, util};
#[cfg(zmq_draft_api)]
use super::{draft, poller};
use crate::util::{panics, test_panic};
use std::os::raw::{c_char, c_int, c_long, c_short, c_ulong, c_void};

/// What zmq_strerror returns if it panics (it cannot return NULL: callers
/// print it).
const PANIC_TEXT: &std::ffi::CStr = c"Internal error (panic caught)";

/// Done at context creation: the one-line panic reports, and the test-only
/// panic points (util::test_panic).
fn on_first_use() {
    panics::install_hook();
    test_panic::arm_from_env();
}

// ctx.rs
#[no_mangle]
pub extern "C" fn zmq_ctx_new() -> *mut c_void {
    guard("zmq_ctx_new", std::ptr::null_mut(), || {
        on_first_use();
        ctx::zmq_ctx_new()
    })
}
#[no_mangle]
pub extern "C" fn zmq_ctx_term(context: *mut c_void) -> c_int {
    guard("zmq_ctx_term", -1, || ctx::zmq_ctx_term(context))
}
#[no_mangle]
pub extern "C" fn zmq_ctx_shutdown(context: *mut c_void) -> c_int {
    guard("zmq_ctx_shutdown", -1, || ctx::zmq_ctx_shutdown(context))
}
#[no_mangle]
pub extern "C" fn zmq_ctx_set(context: *mut c_void, option: c_int, optval: c_int) -> c_int {
    guard("zmq_ctx_set", -1, || {
        ctx::zmq_ctx_set(context, option, optval)
    })
}
#[no_mangle]
pub extern "C" fn zmq_ctx_get(context: *mut c_void, option: c_int) -> c_int {
    guard("zmq_ctx_get", -1, || ctx::zmq_ctx_get(context, option))
}
#[no_mangle]
pub extern "C" fn zmq_init(io_threads: c_int) -> *mut c_void {
    guard("zmq_init", std::ptr::null_mut(), || {
        on_first_use();
        ctx::zmq_init(io_threads)
    })
}
#[no_mangle]
pub extern "C" fn zmq_term(context: *mut c_void) -> c_int {
    guard("zmq_term", -1, || ctx::zmq_term(context))
}
#[no_mangle]
pub extern "C" fn zmq_ctx_destroy(context: *mut c_void) -> c_int {
    guard("zmq_ctx_destroy", -1, || ctx::zmq_ctx_destroy(context))
}

// msg.rs
#[no_mangle]
pub extern "C" fn zmq_msg_init(msg: *mut zmq_msg_t) -> c_int {
    guard("zmq_msg_init", -1, || msg::zmq_msg_init(msg))
}
#[no_mangle]
pub extern "C" fn zmq_msg_init_size(msg: *mut zmq_msg_t, size: usize) -> c_int {
    guard("zmq_msg_init_size", -1, || {
        msg::zmq_msg_init_size(msg, size)
    })
}
#[no_mangle]
pub extern "C" fn zmq_msg_init_data(
    msg: *mut zmq_msg_t,
    data: *mut c_void,
    size: usize,
    ffn: Option<zmq_free_fn>,
    hint: *mut c_void,
) -> c_int {
    guard("zmq_msg_init_data", -1, || {
        msg::zmq_msg_init_data(msg, data, size, ffn, hint)
    })
}
#[no_mangle]
pub extern "C" fn zmq_msg_close(msg: *mut zmq_msg_t) -> c_int {
    guard("zmq_msg_close", -1, || msg::zmq_msg_close(msg))
}
#[no_mangle]
pub extern "C" fn zmq_msg_move(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    guard("zmq_msg_move", -1, || msg::zmq_msg_move(dest, src))
}
#[no_mangle]
pub extern "C" fn zmq_msg_copy(dest: *mut zmq_msg_t, src: *mut zmq_msg_t) -> c_int {
    guard("zmq_msg_copy", -1, || msg::zmq_msg_copy(dest, src))
}
#[no_mangle]
pub extern "C" fn zmq_msg_data(msg: *mut zmq_msg_t) -> *mut c_void {
    guard("zmq_msg_data", std::ptr::null_mut(), || {
        msg::zmq_msg_data(msg)
    })
}
#[no_mangle]
pub extern "C" fn zmq_msg_size(msg: *const zmq_msg_t) -> usize {
    guard("zmq_msg_size", 0, || msg::zmq_msg_size(msg))
}
#[no_mangle]
pub extern "C" fn zmq_msg_more(msg: *const zmq_msg_t) -> c_int {
    guard("zmq_msg_more", -1, || msg::zmq_msg_more(msg))
}
#[no_mangle]
pub extern "C" fn zmq_msg_get(msg: *const zmq_msg_t, property: c_int) -> c_int {
    guard("zmq_msg_get", -1, || msg::zmq_msg_get(msg, property))
}
#[no_mangle]
pub extern "C" fn zmq_msg_set(_msg: *mut zmq_msg_t, _property: c_int, _optval: c_int) -> c_int {
    guard("zmq_msg_set", -1, || {
        msg::zmq_msg_set(_msg, _property, _optval)
    })
}
#[no_mangle]
pub extern "C" fn zmq_msg_gets(msg: *const zmq_msg_t, property: *const c_char) -> *const c_char {
    guard("zmq_msg_gets", std::ptr::null(), || {
        msg::zmq_msg_gets(msg, property)
    })
}

// poll.rs
#[no_mangle]
pub extern "C" fn zmq_poll(items: *mut zmq_pollitem_t, nitems: c_int, timeout: c_long) -> c_int {
    guard_then(
        "zmq_poll",
        -1,
        || poll::poison_items(items, nitems),
        || poll::zmq_poll(items, nitems, timeout),
    )
}

// proxy.rs
#[no_mangle]
pub extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    guard_sockets("zmq_proxy", -1, [frontend, backend, capture], || {
        proxy::zmq_proxy(frontend, backend, capture)
    })
}
#[no_mangle]
pub extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    guard_sockets(
        "zmq_proxy_steerable",
        -1,
        [frontend, backend, capture, control],
        || proxy::zmq_proxy_steerable(frontend, backend, capture, control),
    )
}
#[no_mangle]
pub extern "C" fn zmq_device(_type: c_int, frontend: *mut c_void, backend: *mut c_void) -> c_int {
    guard_sockets("zmq_device", -1, [frontend, backend], || {
        proxy::zmq_device(_type, frontend, backend)
    })
}

// socket.rs
#[no_mangle]
pub extern "C" fn zmq_socket(context: *mut c_void, type_: c_int) -> *mut c_void {
    guard("zmq_socket", std::ptr::null_mut(), || {
        socket::zmq_socket(context, type_)
    })
}
#[no_mangle]
pub extern "C" fn zmq_close(s: *mut c_void) -> c_int {
    guard_sockets("zmq_close", -1, [s], || socket::zmq_close(s))
}
#[no_mangle]
pub extern "C" fn zmq_setsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    guard_sockets("zmq_setsockopt", -1, [s], || {
        socket::zmq_setsockopt(s, option, optval, optvallen)
    })
}
#[no_mangle]
pub extern "C" fn zmq_getsockopt(
    s: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    guard_sockets("zmq_getsockopt", -1, [s], || {
        socket::zmq_getsockopt(s, option, optval, optvallen)
    })
}
#[no_mangle]
pub extern "C" fn zmq_bind(s: *mut c_void, addr: *const c_char) -> c_int {
    guard_sockets("zmq_bind", -1, [s], || socket::zmq_bind(s, addr))
}
#[no_mangle]
pub extern "C" fn zmq_connect(s: *mut c_void, addr: *const c_char) -> c_int {
    guard_sockets("zmq_connect", -1, [s], || socket::zmq_connect(s, addr))
}
#[no_mangle]
pub extern "C" fn zmq_unbind(s: *mut c_void, addr: *const c_char) -> c_int {
    guard_sockets("zmq_unbind", -1, [s], || socket::zmq_unbind(s, addr))
}
#[no_mangle]
pub extern "C" fn zmq_disconnect(s: *mut c_void, addr: *const c_char) -> c_int {
    guard_sockets("zmq_disconnect", -1, [s], || {
        socket::zmq_disconnect(s, addr)
    })
}
#[no_mangle]
pub extern "C" fn zmq_send(s: *mut c_void, buf: *const c_void, len: usize, flags: c_int) -> c_int {
    guard_sockets("zmq_send", -1, [s], || socket::zmq_send(s, buf, len, flags))
}
#[no_mangle]
pub extern "C" fn zmq_send_const(
    s: *mut c_void,
    buf: *const c_void,
    len: usize,
    flags: c_int,
) -> c_int {
    guard_sockets("zmq_send_const", -1, [s], || {
        socket::zmq_send_const(s, buf, len, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_recv(s: *mut c_void, buf: *mut c_void, len: usize, flags: c_int) -> c_int {
    guard_sockets("zmq_recv", -1, [s], || socket::zmq_recv(s, buf, len, flags))
}
#[no_mangle]
pub extern "C" fn zmq_msg_send(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    guard_sockets("zmq_msg_send", -1, [s], || {
        socket::zmq_msg_send(msg, s, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_msg_recv(msg: *mut zmq_msg_t, s: *mut c_void, flags: c_int) -> c_int {
    guard_sockets("zmq_msg_recv", -1, [s], || {
        socket::zmq_msg_recv(msg, s, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_sendmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    guard_sockets("zmq_sendmsg", -1, [s], || {
        socket::zmq_sendmsg(s, msg, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_recvmsg(s: *mut c_void, msg: *mut zmq_msg_t, flags: c_int) -> c_int {
    guard_sockets("zmq_recvmsg", -1, [s], || {
        socket::zmq_recvmsg(s, msg, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_sendiov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: usize,
    flags: c_int,
) -> c_int {
    guard_sockets("zmq_sendiov", -1, [s], || {
        socket::zmq_sendiov(s, iov, count, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_recviov(
    s: *mut c_void,
    iov: *mut libc::iovec,
    count: *mut usize,
    flags: c_int,
) -> c_int {
    guard_sockets("zmq_recviov", -1, [s], || {
        socket::zmq_recviov(s, iov, count, flags)
    })
}
#[no_mangle]
pub extern "C" fn zmq_socket_monitor(s: *mut c_void, addr: *const c_char, events: c_int) -> c_int {
    guard_sockets("zmq_socket_monitor", -1, [s], || {
        socket::zmq_socket_monitor(s, addr, events)
    })
}

// util.rs
#[no_mangle]
pub extern "C" fn zmq_errno() -> c_int {
    guard("zmq_errno", libc::EFAULT, || util::zmq_errno())
}
#[no_mangle]
pub extern "C" fn zmq_strerror(errnum: c_int) -> *const c_char {
    guard("zmq_strerror", PANIC_TEXT.as_ptr(), || {
        util::zmq_strerror(errnum)
    })
}
#[no_mangle]
pub extern "C" fn zmq_version(major: *mut c_int, minor: *mut c_int, patch: *mut c_int) {
    guard("zmq_version", (), || util::zmq_version(major, minor, patch))
}
#[no_mangle]
pub extern "C" fn zmq_has(capability: *const c_char) -> c_int {
    guard("zmq_has", -1, || util::zmq_has(capability))
}
#[no_mangle]
pub extern "C" fn zmq_z85_encode(dest: *mut c_char, data: *const u8, size: usize) -> *mut c_char {
    guard("zmq_z85_encode", std::ptr::null_mut(), || {
        util::zmq_z85_encode(dest, data, size)
    })
}
#[no_mangle]
pub extern "C" fn zmq_z85_decode(dest: *mut u8, string: *const c_char) -> *mut u8 {
    guard("zmq_z85_decode", std::ptr::null_mut(), || {
        util::zmq_z85_decode(dest, string)
    })
}
#[no_mangle]
pub extern "C" fn zmq_curve_keypair(
    z85_public_key: *mut c_char,
    z85_secret_key: *mut c_char,
) -> c_int {
    guard("zmq_curve_keypair", -1, || {
        util::zmq_curve_keypair(z85_public_key, z85_secret_key)
    })
}
#[no_mangle]
pub extern "C" fn zmq_curve_public(
    z85_public_key: *mut c_char,
    z85_secret_key: *const c_char,
) -> c_int {
    guard("zmq_curve_public", -1, || {
        util::zmq_curve_public(z85_public_key, z85_secret_key)
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_new() -> *mut c_void {
    guard("zmq_atomic_counter_new", std::ptr::null_mut(), || {
        util::zmq_atomic_counter_new()
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_set(counter_: *mut c_void, value: c_int) {
    guard("zmq_atomic_counter_set", (), || {
        util::zmq_atomic_counter_set(counter_, value)
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_inc(counter_: *mut c_void) -> c_int {
    guard("zmq_atomic_counter_inc", -1, || {
        util::zmq_atomic_counter_inc(counter_)
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_dec(counter_: *mut c_void) -> c_int {
    guard("zmq_atomic_counter_dec", -1, || {
        util::zmq_atomic_counter_dec(counter_)
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_value(counter_: *mut c_void) -> c_int {
    guard("zmq_atomic_counter_value", -1, || {
        util::zmq_atomic_counter_value(counter_)
    })
}
#[no_mangle]
pub extern "C" fn zmq_atomic_counter_destroy(counter_p: *mut *mut c_void) {
    guard("zmq_atomic_counter_destroy", (), || {
        util::zmq_atomic_counter_destroy(counter_p)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_new() -> *mut c_void {
    guard("zmq_timers_new", std::ptr::null_mut(), || {
        util::zmq_timers_new()
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_destroy(timers_p: *mut *mut c_void) -> c_int {
    guard("zmq_timers_destroy", -1, || {
        util::zmq_timers_destroy(timers_p)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_add(
    timers: *mut c_void,
    interval: usize,
    handler: Option<zmq_timer_fn>,
    arg: *mut c_void,
) -> c_int {
    guard("zmq_timers_add", -1, || {
        util::zmq_timers_add(timers, interval, handler, arg)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_cancel(timers: *mut c_void, timer_id: c_int) -> c_int {
    guard("zmq_timers_cancel", -1, || {
        util::zmq_timers_cancel(timers, timer_id)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_set_interval(
    timers: *mut c_void,
    timer_id: c_int,
    interval: usize,
) -> c_int {
    guard("zmq_timers_set_interval", -1, || {
        util::zmq_timers_set_interval(timers, timer_id, interval)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_reset(timers: *mut c_void, timer_id: c_int) -> c_int {
    guard("zmq_timers_reset", -1, || {
        util::zmq_timers_reset(timers, timer_id)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_timeout(timers: *mut c_void) -> c_long {
    guard("zmq_timers_timeout", -1, || {
        util::zmq_timers_timeout(timers)
    })
}
#[no_mangle]
pub extern "C" fn zmq_timers_execute(timers: *mut c_void) -> c_int {
    guard("zmq_timers_execute", -1, || {
        util::zmq_timers_execute(timers)
    })
}
#[no_mangle]
pub extern "C" fn zmq_stopwatch_start() -> *mut c_void {
    guard("zmq_stopwatch_start", std::ptr::null_mut(), || {
        util::zmq_stopwatch_start()
    })
}
#[no_mangle]
pub extern "C" fn zmq_stopwatch_intermediate(watch: *mut c_void) -> c_ulong {
    guard("zmq_stopwatch_intermediate", 0, || {
        util::zmq_stopwatch_intermediate(watch)
    })
}
#[no_mangle]
pub extern "C" fn zmq_stopwatch_stop(watch: *mut c_void) -> c_ulong {
    guard("zmq_stopwatch_stop", 0, || util::zmq_stopwatch_stop(watch))
}
#[no_mangle]
pub extern "C" fn zmq_sleep(seconds: c_int) {
    guard("zmq_sleep", (), || util::zmq_sleep(seconds))
}
#[no_mangle]
pub extern "C" fn zmq_threadstart(func: Option<zmq_thread_fn>, arg: *mut c_void) -> *mut c_void {
    guard("zmq_threadstart", std::ptr::null_mut(), || {
        util::zmq_threadstart(func, arg)
    })
}
#[no_mangle]
pub extern "C" fn zmq_threadclose(thread: *mut c_void) {
    guard("zmq_threadclose", (), || util::zmq_threadclose(thread))
}

// The draft API (zmq.h's ZMQ_BUILD_DRAFT_API section): draft.rs, poller.rs.
// Always exported; the cfg (always set, build.rs) only puts the prototypes
// inside the guard.
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_ctx_set_ext(
    context: *mut c_void,
    option: c_int,
    optval: *const c_void,
    optvallen: usize,
) -> c_int {
    guard("zmq_ctx_set_ext", -1, || {
        draft::zmq_ctx_set_ext(context, option, optval, optvallen)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_ctx_get_ext(
    context: *mut c_void,
    option: c_int,
    optval: *mut c_void,
    optvallen: *mut usize,
) -> c_int {
    guard("zmq_ctx_get_ext", -1, || {
        draft::zmq_ctx_get_ext(context, option, optval, optvallen)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_join(s: *mut c_void, group: *const c_char) -> c_int {
    guard("zmq_join", -1, || draft::zmq_join(s, group))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_leave(s: *mut c_void, group: *const c_char) -> c_int {
    guard("zmq_leave", -1, || draft::zmq_leave(s, group))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_connect_peer(s: *mut c_void, addr: *const c_char) -> u32 {
    guard("zmq_connect_peer", 0, || draft::zmq_connect_peer(s, addr))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_msg_set_routing_id(msg: *mut zmq_msg_t, routing_id: u32) -> c_int {
    guard("zmq_msg_set_routing_id", -1, || {
        draft::zmq_msg_set_routing_id(msg, routing_id)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_msg_routing_id(msg: *mut zmq_msg_t) -> u32 {
    guard("zmq_msg_routing_id", 0, || draft::zmq_msg_routing_id(msg))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_msg_set_group(msg: *mut zmq_msg_t, group: *const c_char) -> c_int {
    guard("zmq_msg_set_group", -1, || {
        draft::zmq_msg_set_group(msg, group)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_msg_group(msg: *mut zmq_msg_t) -> *const c_char {
    guard("zmq_msg_group", std::ptr::null(), || {
        draft::zmq_msg_group(msg)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_msg_init_buffer(
    msg: *mut zmq_msg_t,
    buf: *const c_void,
    size: usize,
) -> c_int {
    guard("zmq_msg_init_buffer", -1, || {
        draft::zmq_msg_init_buffer(msg, buf, size)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_new() -> *mut c_void {
    guard("zmq_poller_new", std::ptr::null_mut(), || {
        poller::zmq_poller_new()
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_destroy(poller_p: *mut *mut c_void) -> c_int {
    guard("zmq_poller_destroy", -1, || {
        poller::zmq_poller_destroy(poller_p)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_size(poller: *mut c_void) -> c_int {
    guard("zmq_poller_size", -1, || poller::zmq_poller_size(poller))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_add(
    poller: *mut c_void,
    socket: *mut c_void,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    guard("zmq_poller_add", -1, || {
        poller::zmq_poller_add(poller, socket, user_data, events)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_modify(
    poller: *mut c_void,
    socket: *mut c_void,
    events: c_short,
) -> c_int {
    guard("zmq_poller_modify", -1, || {
        poller::zmq_poller_modify(poller, socket, events)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_remove(poller: *mut c_void, socket: *mut c_void) -> c_int {
    guard("zmq_poller_remove", -1, || {
        poller::zmq_poller_remove(poller, socket)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_wait(
    poller: *mut c_void,
    event: *mut zmq_poller_event_t,
    timeout: c_long,
) -> c_int {
    guard("zmq_poller_wait", -1, || {
        poller::zmq_poller_wait(poller, event, timeout)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_wait_all(
    poller: *mut c_void,
    events: *mut zmq_poller_event_t,
    n_events: c_int,
    timeout: c_long,
) -> c_int {
    guard("zmq_poller_wait_all", -1, || {
        poller::zmq_poller_wait_all(poller, events, n_events, timeout)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_fd(poller: *mut c_void, fd: *mut zmq_fd_t) -> c_int {
    guard("zmq_poller_fd", -1, || poller::zmq_poller_fd(poller, fd))
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_add_fd(
    poller: *mut c_void,
    fd: zmq_fd_t,
    user_data: *mut c_void,
    events: c_short,
) -> c_int {
    guard("zmq_poller_add_fd", -1, || {
        poller::zmq_poller_add_fd(poller, fd, user_data, events)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_modify_fd(
    poller: *mut c_void,
    fd: zmq_fd_t,
    events: c_short,
) -> c_int {
    guard("zmq_poller_modify_fd", -1, || {
        poller::zmq_poller_modify_fd(poller, fd, events)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_poller_remove_fd(poller: *mut c_void, fd: zmq_fd_t) -> c_int {
    guard("zmq_poller_remove_fd", -1, || {
        poller::zmq_poller_remove_fd(poller, fd)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_socket_get_peer_state(
    socket: *mut c_void,
    routing_id: *const c_void,
    routing_id_size: usize,
) -> c_int {
    guard("zmq_socket_get_peer_state", -1, || {
        draft::zmq_socket_get_peer_state(socket, routing_id, routing_id_size)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_socket_monitor_versioned(
    s: *mut c_void,
    addr: *const c_char,
    events: u64,
    event_version: c_int,
    socket_type: c_int,
) -> c_int {
    guard("zmq_socket_monitor_versioned", -1, || {
        draft::zmq_socket_monitor_versioned(s, addr, events, event_version, socket_type)
    })
}
#[cfg(zmq_draft_api)]
#[no_mangle]
pub extern "C" fn zmq_socket_monitor_pipes_stats(s: *mut c_void) -> c_int {
    guard("zmq_socket_monitor_pipes_stats", -1, || {
        draft::zmq_socket_monitor_pipes_stats(s)
    })
}
