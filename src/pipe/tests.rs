use super::*;
use std::sync::mpsc;

/// An owner that forwards commands to a channel.
struct ChanOwner(Mutex<mpsc::Sender<PipeCommand>>);
impl PipeOwner for ChanOwner {
    fn pipe_command(&self, cmd: PipeCommand) {
        let _ = self.0.lock().send(cmd);
    }
}

fn owner() -> (Arc<dyn PipeOwner>, mpsc::Receiver<PipeCommand>) {
    let (tx, rx) = mpsc::channel();
    (Arc::new(ChanOwner(Mutex::new(tx))), rx)
}

fn msg(n: u64, more: bool) -> Msg {
    let mut m = Msg::from_slice(&n.to_le_bytes());
    m.set_more(more);
    m
}

fn val(m: &Msg) -> u64 {
    u64::from_le_bytes(m.data().try_into().unwrap())
}

#[test]
fn hwm_blocks_and_lwm_credits() {
    let (o0, rx0) = owner();
    let (o1, rx1) = owner();
    let (mut a, mut b) = pipe_pair(PipeConfig {
        hwm: [4, 4],
        conflate: [false, false],
        owners: [Some(o0), Some(o1)],
    });
    assert!(!b.check_read()); // b sleeps
    for i in 0..4 {
        assert!(a.write(msg(i, false)).is_ok());
    }
    assert!(a.write(msg(9, false)).is_err());
    a.flush();
    let c = rx1.try_recv().unwrap();
    assert_eq!(c.pipe, b.id());
    assert_eq!(b.process_command(c.cmd), PipeEvent::ReadActivated);
    // lwm = 2: credit after 2 reads
    for i in 0..2 {
        match b.read() {
            Read::Msg(m) => assert_eq!(val(&m), i),
            _ => panic!(),
        }
    }
    let c = rx0.try_recv().unwrap();
    assert_eq!(
        c,
        PipeCommand {
            pipe: a.id(),
            cmd: PipeCmd::ActivateWrite(2)
        }
    );
    assert_eq!(a.process_command(c.cmd), PipeEvent::WriteActivated);
    assert!(a.write(msg(4, false)).is_ok());
}

#[test]
fn multipart_visible_together_and_rollback() {
    let (mut a, mut b) = pipe_pair(PipeConfig::default());
    a.write(msg(1, true)).unwrap();
    a.flush();
    assert!(!b.check_read());
    a.write(msg(2, false)).unwrap();
    a.flush();
    b.process_command(PipeCmd::ActivateRead);
    assert!(b.check_read());
    a.write(msg(3, true)).unwrap();
    a.rollback();
    a.write(msg(4, false)).unwrap();
    a.flush();
    let got: Vec<u64> = std::iter::from_fn(|| match b.read() {
        Read::Msg(m) => Some(val(&m)),
        _ => None,
    })
    .collect();
    assert_eq!(got, vec![1, 2, 4]);
}

#[test]
fn termination_drains_then_delimiter() {
    let (o1, rx1) = owner();
    let (mut a, mut b) = pipe_pair(PipeConfig {
        owners: [None, Some(o1)],
        ..PipeConfig::default()
    });
    a.write(msg(1, false)).unwrap();
    a.write(msg(2, true)).unwrap();
    a.terminate(); // drops the unfinished frame 2
    let cmds: Vec<PipeCmd> = rx1.try_iter().map(|c| c.cmd).collect();
    assert_eq!(cmds, vec![PipeCmd::Term]);
    assert_eq!(b.process_command(PipeCmd::Term), PipeEvent::None);
    assert!(matches!(b.read(), Read::Msg(m) if val(&m) == 1));
    assert!(matches!(b.read(), Read::Delimiter));
    assert!(b.is_terminated());
    // The pending owner slot buffered b's commands to a until now.
    let (o0, rx0) = owner();
    a.set_owner(o0);
    assert_eq!(rx0.try_iter().count(), 0);
}

#[test]
fn term_with_nothing_pending_finishes_at_once() {
    let (mut a, mut b) = pipe_pair(PipeConfig::default());
    a.terminate();
    assert_eq!(b.process_command(PipeCmd::Term), PipeEvent::Terminated);
    assert!(b.write(msg(1, false)).is_err());
}

#[test]
fn conflate_keeps_last() {
    let (mut a, mut b) = pipe_pair(PipeConfig {
        conflate: [false, true],
        ..PipeConfig::default()
    });
    for i in 0..10 {
        a.write(msg(i, false)).unwrap();
        a.flush();
    }
    assert!(matches!(b.read(), Read::Msg(m) if val(&m) == 9));
    assert!(matches!(b.read(), Read::Empty));
}

#[test]
fn two_threads_millions_with_hwm() {
    const N: u64 = 2_000_000;
    let (o0, rx0) = owner();
    let (o1, rx1) = owner();
    let (mut a, mut b) = pipe_pair(PipeConfig {
        hwm: [1000, 1000],
        conflate: [false, false],
        owners: [Some(o0), Some(o1)],
    });
    let t = std::thread::spawn(move || {
        let mut i = 0;
        while i < N {
            match a.write(msg(i, false)) {
                Ok(()) => {
                    i += 1;
                    if i % 16 == 0 {
                        a.flush();
                    }
                }
                Err(_) => {
                    a.flush();
                    let c = rx0.recv().unwrap();
                    a.process_command(c.cmd);
                }
            }
        }
        a.flush();
        a
    });
    let mut expect = 0;
    while expect < N {
        match b.read() {
            Read::Msg(m) => {
                assert_eq!(val(&m), expect);
                expect += 1;
            }
            Read::Empty => {
                let c = rx1.recv().unwrap();
                b.process_command(c.cmd);
            }
            Read::Delimiter => panic!("unexpected end"),
        }
    }
    t.join().unwrap();
}

#[test]
fn changed_hwms_reach_both_ends_with_the_inproc_boosts() {
    let (o0, _rx0) = owner();
    let (o1, rx1) = owner();
    // End 0's socket: SNDHWM 2, RCVHWM 5; end 1's: SNDHWM 3, RCVHWM 4.
    let (mut a, mut b) = pipe_pair(PipeConfig {
        hwm: [2 + 4, 3 + 5],
        conflate: [false, false],
        owners: [Some(o0), Some(o1)],
    });
    a.set_inproc_boosts((2, 5), (3, 4));
    // End 0's socket raises its SNDHWM to 10: it may write 10 + 4.
    a.update_hwms(10, 5);
    let c = rx1.try_recv().unwrap();
    assert_eq!(c.cmd, PipeCmd::Hwms(10, 5));
    assert_eq!(b.process_command(c.cmd), PipeEvent::None);
    let mut written = 0;
    while a.write(msg(written, false)).is_ok() {
        written += 1;
    }
    assert_eq!(written, 14);
    // End 1 may write end 0's RCVHWM plus its value at join time: 5 + 5.
    let mut written = 0;
    while b.write(msg(written, false)).is_ok() {
        written += 1;
    }
    assert_eq!(written, 10);
    // 0 lifts the limit.
    a.update_hwms(0, 5);
    assert_eq!(a.out_marks.hwm.load(Ordering::Relaxed), 0);
}

#[test]
fn lwm_is_half_the_hwm_as_in_libzmq_4_3() {
    assert_eq!(compute_lwm(0), 0);
    assert_eq!(compute_lwm(1), 1);
    assert_eq!(compute_lwm(1000), 500);
    assert_eq!(compute_lwm(1001), 501);
    assert_eq!(compute_lwm(11024), 5512);
}
