//! The pipe list shared by `Lb` and `Fq` (libzmq's `array_t` plus the
//! `active`/`current` counters of `lb_t` and `fq_t`).
//!
//! `pipes[..active]` are the pipes worth trying (writable for `Lb`, maybe
//! readable for `Fq`); the rest are asleep until the base reports them
//! activated. Keeping that split as a prefix of one vector makes
//! (de)activation an O(1) swap, lets the round-robin cursor `current` walk
//! only live candidates, and never allocates on the message path.

use super::pipe_array::PipeArray;
use crate::socket::pattern::PipeId;

#[derive(Debug, Default)]
pub struct ActivePipes {
    pub(super) pipes: PipeArray,
    pub(super) active: usize,
    /// Round-robin cursor, always `< active` while `active > 0`.
    pub(super) current: usize,
}

impl ActivePipes {
    /// A new pipe starts active.
    pub(super) fn attach(&mut self, id: PipeId) {
        if self.pipes.index_of(id).is_some() {
            return;
        }
        self.pipes.push(id);
        let last = self.pipes.len() - 1;
        self.pipes.swap(self.active, last);
        self.active += 1;
    }

    /// Forgets `id`. Returns `None` if unknown, else whether it was the pipe
    /// under the cursor (before removal), so callers can settle a message
    /// in flight on it.
    pub(super) fn remove(&mut self, id: PipeId) -> Option<bool> {
        let index = self.pipes.index_of(id)?;
        let was_current = index == self.current;
        if index < self.active {
            self.active -= 1;
            self.pipes.swap(index, self.active);
            if self.current == self.active {
                self.current = 0;
            }
        }
        // `swap_remove` keeps the active prefix intact: the removed slot is
        // at or beyond `active`, and the last element moves into it.
        let index = self.pipes.index_of(id).unwrap_or(index);
        self.pipes.swap_remove(index);
        Some(was_current)
    }

    /// Brings a sleeping pipe back into the active prefix.
    pub(super) fn activate(&mut self, id: PipeId) {
        if let Some(index) = self.pipes.index_of(id) {
            if index >= self.active {
                self.pipes.swap(index, self.active);
                self.active += 1;
            }
        }
    }

    /// The pipe under the cursor, `None` when no pipe is active.
    pub(super) fn current(&self) -> Option<PipeId> {
        if self.active > 0 {
            Some(self.pipes[self.current])
        } else {
            None
        }
    }

    /// Puts the pipe under the cursor to sleep; the cursor then names the
    /// pipe swapped into its slot, or wraps to 0.
    pub(super) fn deactivate_current(&mut self) {
        self.active -= 1;
        self.pipes.swap(self.current, self.active);
        if self.current == self.active {
            self.current = 0;
        }
    }

    /// Moves the cursor to the next active pipe, wrapping around.
    pub(super) fn advance(&mut self) {
        self.current += 1;
        if self.current >= self.active {
            self.current = 0;
        }
    }
}
