//! zmq_timers_*: repeating timers that the application drives itself
//! (zmq_timers(3)): it asks `timeout` how long it may sleep, then calls
//! `execute`, which runs the handlers of the timers that are due.
//!
//! Pure: the caller passes the time in milliseconds, so the logic is tested
//! without a clock. The handler is an opaque payload `H` returned by
//! [`Timers::pop_due`]; the C layer calls it with no borrow of the timers
//! held, so a handler may cancel, reset or add timers (as libzmq allows).
#![forbid(unsafe_code)]

use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashMap};

/// Position in the schedule: expiry, then insertion order for equal expiries
/// (libzmq uses a multimap, which keeps that order too).
type Key = (u64, u64);

#[derive(Debug)]
struct Timer<H> {
    id: i32,
    interval: u64,
    handler: H,
}

#[derive(Debug)]
pub struct Timers<H> {
    schedule: BTreeMap<Key, Timer<H>>,
    keys: HashMap<i32, Key>,
    last_id: i32,
    next_seq: u64,
}

impl<H> Default for Timers<H> {
    fn default() -> Self {
        Timers {
            schedule: BTreeMap::new(),
            keys: HashMap::new(),
            last_id: 0,
            next_seq: 0,
        }
    }
}

/// One due timer, taken out by [`Timers::pop_due`] (already rescheduled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due<H> {
    pub id: i32,
    pub handler: H,
}

/// Limits one `execute` round: only timers scheduled before it began run, so
/// a timer with interval 0 runs once per round instead of forever.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    now: u64,
    seq_limit: u64,
}

impl<H: Clone> Timers<H> {
    pub fn new() -> Self {
        Self::default()
    }

    fn insert(&mut self, when: u64, timer: Timer<H>) {
        let key = (when, self.next_seq);
        self.next_seq += 1;
        self.keys.insert(timer.id, key);
        self.schedule.insert(key, timer);
    }

    /// Adds a timer firing every `interval` ms from `now`; returns its id
    /// (ids start at 1 and are never reused).
    pub fn add(&mut self, now: u64, interval: u64, handler: H) -> Result<i32> {
        let id = self.last_id.checked_add(1).ok_or(Error::NoMem)?;
        self.last_id = id;
        self.insert(
            now.saturating_add(interval),
            Timer {
                id,
                interval,
                handler,
            },
        );
        Ok(id)
    }

    fn remove(&mut self, id: i32) -> Result<Timer<H>> {
        let key = self.keys.remove(&id).ok_or(Error::Inval)?;
        self.schedule.remove(&key).ok_or(Error::Inval)
    }

    /// Cancels a timer; unknown or already cancelled ids are `Inval`.
    pub fn cancel(&mut self, id: i32) -> Result<()> {
        self.remove(id).map(drop)
    }

    /// Changes a timer's interval; it next fires `interval` ms from `now`.
    pub fn set_interval(&mut self, now: u64, id: i32, interval: u64) -> Result<()> {
        let mut timer = self.remove(id)?;
        timer.interval = interval;
        self.insert(now.saturating_add(interval), timer);
        Ok(())
    }

    /// Restarts a timer: it next fires one interval from `now`.
    pub fn reset(&mut self, now: u64, id: i32) -> Result<()> {
        let timer = self.remove(id)?;
        self.insert(now.saturating_add(timer.interval), timer);
        Ok(())
    }

    /// Milliseconds until the next timer is due (0 if one is overdue), or
    /// None when there is no timer.
    pub fn timeout(&self, now: u64) -> Option<u64> {
        self.schedule
            .keys()
            .next()
            .map(|&(when, _)| when.saturating_sub(now))
    }

    /// Starts an `execute` round at `now`.
    pub fn round(&self, now: u64) -> Round {
        Round {
            now,
            seq_limit: self.next_seq,
        }
    }

    /// The next timer due in `round`, rescheduled one interval later; None
    /// when the round is done.
    pub fn pop_due(&mut self, round: Round) -> Option<Due<H>> {
        let key = self
            .schedule
            .keys()
            .find(|&&(when, seq)| when <= round.now && seq < round.seq_limit)
            .copied()?;
        let timer = self.schedule.remove(&key)?;
        let due = Due {
            id: timer.id,
            handler: timer.handler.clone(),
        };
        self.insert(round.now.saturating_add(timer.interval), timer);
        Some(due)
    }

    pub fn len(&self) -> usize {
        self.schedule.len()
    }

    pub fn is_empty(&self) -> bool {
        self.schedule.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &mut Timers<&'static str>, now: u64) -> Vec<i32> {
        let round = t.round(now);
        std::iter::from_fn(|| t.pop_due(round).map(|d| d.id)).collect()
    }

    #[test]
    fn ids_timeout_and_repeat() {
        let mut t = Timers::new();
        assert_eq!(t.timeout(0), None);
        assert_eq!(t.add(0, 100, "a").unwrap(), 1);
        assert_eq!(t.add(0, 30, "b").unwrap(), 2);
        assert_eq!(t.timeout(10), Some(20));
        assert_eq!(run(&mut t, 10), Vec::<i32>::new());
        assert_eq!(run(&mut t, 30), vec![2]);
        assert_eq!(t.timeout(30), Some(30));
        assert_eq!(run(&mut t, 200), vec![2, 1]);
        assert_eq!(t.timeout(500), Some(0));
    }

    #[test]
    fn cancel_set_interval_reset() {
        let mut t = Timers::new();
        let a = t.add(0, 100, "a").unwrap();
        assert_eq!(t.cancel(a), Ok(()));
        assert_eq!(t.cancel(a), Err(Error::Inval));
        assert_eq!(t.cancel(999), Err(Error::Inval));
        assert_eq!(t.set_interval(0, 999, 5), Err(Error::Inval));
        assert_eq!(t.reset(0, 999), Err(Error::Inval));
        let b = t.add(0, 100, "b").unwrap();
        assert_eq!(b, 2, "ids are not reused");
        t.set_interval(50, b, 5).unwrap();
        assert_eq!(t.timeout(50), Some(5));
        t.reset(60, b).unwrap();
        assert_eq!(t.timeout(60), Some(5));
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn zero_interval_runs_once_per_round_and_can_cancel_itself() {
        let mut t = Timers::new();
        let a = t.add(0, 0, "a").unwrap();
        let round = t.round(0);
        let due = t.pop_due(round).unwrap();
        assert_eq!(due.id, a);
        t.cancel(due.id).unwrap();
        assert_eq!(t.pop_due(round), None);
        assert!(t.is_empty());
    }
}
