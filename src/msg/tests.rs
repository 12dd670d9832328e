use super::*;
use crate::capi::types::zmq_msg_t;
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn small_bodies_are_inline_and_large_ones_shared() {
    let m = Msg::from_slice(&[7; MAX_INLINE]);
    assert!(m.is_inline());
    assert_eq!(m.data(), &[7; MAX_INLINE]);
    let m = Msg::from_slice(&[7; MAX_INLINE + 1]);
    assert_eq!(m.kind, KIND_SHARED);
    assert_eq!(m.size(), MAX_INLINE + 1);
    assert_eq!(Msg::new().size(), 0);
    assert_eq!(Msg::default().data(), b"");
}

#[test]
fn with_size_zeroes_and_fails_cleanly_when_huge() {
    for n in [0, 5, MAX_INLINE, MAX_INLINE + 1, 100_000] {
        let m = Msg::with_size(n).unwrap();
        assert_eq!(m.size(), n);
        assert!(m.data().iter().all(|&b| b == 0));
    }
    assert_eq!(Msg::with_size(usize::MAX).unwrap_err(), Error::NoMem);
    assert_eq!(Msg::with_size(1 << 62).unwrap_err(), Error::NoMem);
}

#[test]
fn from_bytes_does_not_copy() {
    let buf = Bytes::from(vec![1u8; 1000]);
    let slice = buf.slice(10..20);
    let m = Msg::from_bytes(slice.clone());
    assert_eq!(m.data().as_ptr(), slice.as_ptr());
    assert_eq!(m.to_bytes().as_ptr(), slice.as_ptr());
}

#[test]
fn clone_shares_and_data_mut_copies_on_write() {
    let mut a = Msg::from_vec(vec![1u8; 100]);
    let b = a.clone();
    assert_eq!(a.data().as_ptr(), b.data().as_ptr());
    a.data_mut()[0] = 9;
    assert_eq!(b.data()[0], 1);
    assert_eq!(a.data()[0], 9);
    // A unique body is written in place.
    let p = a.data().as_ptr();
    a.data_mut()[1] = 8;
    assert_eq!(a.data().as_ptr(), p);
}

#[test]
fn flags_routing_id_and_metadata_travel_with_clone() {
    let mut m = Msg::from_slice(b"hi");
    m.set_more(true);
    m.set_command(true);
    m.set_routing_id(42);
    let md = Arc::new(Metadata::from_properties([("Socket-Type", "PAIR")]));
    m.set_metadata(Some(md.clone()));
    let c = m.clone();
    assert!(c.more() && c.is_command());
    assert_eq!(c.flags(), MORE | COMMAND);
    assert_eq!(c.routing_id(), 42);
    assert!(Arc::ptr_eq(c.metadata().unwrap(), &md));
    m.set_more(false);
    m.set_command(false);
    assert_eq!(m.flags(), 0);
}

#[test]
fn shared_is_reported_like_libzmq() {
    let mut small = Msg::from_slice(b"abc");
    let _c = small.share();
    assert!(!small.is_shared());
    let mut big = Msg::with_size(100).unwrap();
    assert!(!big.is_shared());
    let c = big.share();
    assert!(big.is_shared() && c.is_shared());
    drop(c);
    assert!(big.is_shared(), "sticky as in libzmq");
    assert!(Msg::from_static(b"constant").is_shared());
}

static FREED: AtomicUsize = AtomicUsize::new(0);
unsafe extern "C" fn count_free(data: *mut c_void, hint: *mut c_void) {
    assert_eq!(hint as usize, 77);
    // SAFETY: the test passes a Box<[u8; 64]> leaked below.
    drop(unsafe { Box::from_raw(data.cast::<[u8; 64]>()) });
    FREED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn user_buffer_is_freed_once_by_the_last_copy() {
    let data = Box::into_raw(Box::new([3u8; 64])).cast::<u8>();
    // SAFETY: data is valid until count_free frees it.
    let m = unsafe { Msg::from_raw_user(data, 64, count_free, 77 as *mut c_void) };
    assert_eq!(m.data().as_ptr(), data.cast_const());
    let c = m.clone();
    let t = std::thread::spawn(move || drop(c));
    drop(m);
    t.join().unwrap();
    assert_eq!(FREED.load(Ordering::SeqCst), 1);
}

#[test]
fn c_slot_round_trip_and_closed_is_fault() {
    let mut slot = zmq_msg_t { _x: [0; 64] };
    let p: *mut zmq_msg_t = &mut slot;
    // SAFETY: p points at a live, aligned 64-byte zmq_msg_t for the whole test.
    unsafe {
        assert_eq!(Msg::check_c(p).unwrap_err(), Error::Fault, "zeroed");
        assert_eq!(Msg::check_c(std::ptr::null()).unwrap_err(), Error::Fault);
        Msg::write_into(p, Msg::from_slice(&[5; 200])).unwrap();
        assert_eq!(Msg::from_c_ref(p).unwrap().size(), 200);
        Msg::from_c_mut(p).unwrap().set_more(true);
        let m = Msg::take_from(p).unwrap();
        assert!(m.more());
        assert_eq!(m.size(), 200);
        assert_eq!(Msg::from_c_ref(p).unwrap().size(), 0);
        Msg::close_c(p).unwrap();
        assert_eq!(Msg::close_c(p).unwrap_err(), Error::Fault);
        assert_eq!(Msg::take_from(p).unwrap_err(), Error::Fault);
        assert!(Msg::write_into(std::ptr::null_mut(), m).is_err());
    }
}

#[test]
fn size_init_bodies_are_raw_and_written_through_data_ptr() {
    // SAFETY: the body is written through data_ptr before it is read.
    let mut m = unsafe { Msg::with_size_uninit(1000) }.unwrap();
    assert_eq!(m.kind, KIND_RAW);
    assert_eq!(m.size(), 1000);
    let p = m.data_ptr();
    assert_eq!(p as usize % 16, 0);
    // SAFETY: data_ptr is valid for size() bytes of writes.
    unsafe { p.write_bytes(9, 1000) };
    assert_eq!(m.data(), &[9; 1000][..]);
    // Copies share the block; writing copies on write, sharing is sticky.
    let c = m.share();
    assert!(m.is_shared() && c.is_shared());
    assert_eq!(c.data().as_ptr(), m.data().as_ptr());
    assert_eq!(m.to_bytes().as_ptr(), m.data().as_ptr());
    let t = std::thread::spawn(move || c.data()[999]);
    assert_eq!(t.join().unwrap(), 9);
    let mut d = m.clone();
    d.data_mut()[0] = 1;
    assert_eq!(m.data()[0], 9);
    drop(d);
    m.data_mut()[0] = 2;
    assert_eq!(m.data_ptr(), p, "unique again: written in place");
    // Small sizes stay inline; huge ones fail cleanly.
    // SAFETY: only the size is looked at.
    let s = unsafe { Msg::with_size_uninit(MAX_INLINE) }.unwrap();
    assert!(s.is_inline());
    // SAFETY: as above (nothing is allocated).
    assert_eq!(
        unsafe { Msg::with_size_uninit(usize::MAX) }.unwrap_err(),
        Error::NoMem
    );
    assert_eq!(Msg::with_size(1 << 62).unwrap_err(), Error::NoMem);
}
