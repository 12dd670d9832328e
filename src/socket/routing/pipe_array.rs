//! A vector of pipe ids that knows where each id sits (libzmq's `array_t`,
//! whose items carry their own index).
//!
//! Lb, Fq and Dist reorder their vector on every activation; finding the
//! pipe to move by scanning cost O(pipes) per activation, which on a ROUTER
//! with thousands of peers (one activation per request) dominated the whole
//! request. With the position map every lookup and move is O(1).

use crate::socket::pattern::PipeId;
use crate::util::id_map::IdMap;
use std::ops::Deref;

#[derive(Debug, Default, Clone)]
pub struct PipeArray {
    ids: Vec<PipeId>,
    /// `positions[ids[i]] == i` for every `i`.
    positions: IdMap<usize>,
}

impl PipeArray {
    /// Appends `id`; an id already present is left where it is.
    pub fn push(&mut self, id: PipeId) {
        if self.positions.contains_key(&id) {
            return;
        }
        self.positions.insert(id, self.ids.len());
        self.ids.push(id);
    }

    /// Where `id` is, if present.
    pub fn index_of(&self, id: PipeId) -> Option<usize> {
        self.positions.get(&id).copied()
    }

    /// Exchanges the ids at `a` and `b`; out-of-range indexes do nothing.
    pub fn swap(&mut self, a: usize, b: usize) {
        if a == b || a >= self.ids.len() || b >= self.ids.len() {
            return;
        }
        self.ids.swap(a, b);
        for i in [a, b] {
            if let Some(&id) = self.ids.get(i) {
                self.positions.insert(id, i);
            }
        }
    }

    /// Removes the id at `index`, moving the last one into its place.
    pub fn swap_remove(&mut self, index: usize) -> Option<PipeId> {
        if index >= self.ids.len() {
            return None;
        }
        let id = self.ids.swap_remove(index);
        self.positions.remove(&id);
        if let Some(&moved) = self.ids.get(index) {
            self.positions.insert(moved, index);
        }
        Some(id)
    }
}

impl Deref for PipeArray {
    type Target = [PipeId];

    fn deref(&self) -> &[PipeId] {
        &self.ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consistent(a: &PipeArray) {
        assert_eq!(a.positions.len(), a.len());
        for (i, &id) in a.iter().enumerate() {
            assert_eq!(a.index_of(id), Some(i));
        }
    }

    #[test]
    fn positions_follow_every_move() {
        let mut a = PipeArray::default();
        for id in 10..20 {
            a.push(id);
        }
        a.push(12);
        assert_eq!(a.len(), 10);
        consistent(&a);
        a.swap(0, 9);
        a.swap(3, 3);
        a.swap(4, 99);
        consistent(&a);
        assert_eq!(a[0], 19);
        assert_eq!(a.swap_remove(2), Some(12));
        assert_eq!(a.index_of(12), None);
        consistent(&a);
        assert!(a.swap_remove(a.len() - 1).is_some());
        assert_eq!(a.swap_remove(50), None);
        consistent(&a);
        while !a.is_empty() {
            a.swap_remove(0);
            consistent(&a);
        }
    }
}
