//! Which I/O object receives the commands addressed to a pipe end.
//!
//! An object routes the pipes it owns (a session its one pipe) and an
//! object that finishes loses all its routes. Each object's pipes are kept
//! beside the pipe -> object map, so that finishing costs the object's own
//! routes, not a scan of every route of the thread (10 000 sessions
//! closing would otherwise cost 10 000 scans of 10 000 routes).

use super::io_thread::ObjectId;
use crate::socket::pattern::PipeId;
use crate::util::id_map::IdMap;

#[derive(Default)]
pub struct Routes {
    owner_of: IdMap<ObjectId>,
    pipes_of: IdMap<Vec<PipeId>>,
}

impl Routes {
    /// The object that receives commands for `pipe`.
    pub fn owner(&self, pipe: PipeId) -> Option<ObjectId> {
        self.owner_of.get(&pipe).copied()
    }

    /// Sends the commands for `pipe` to `owner` from now on.
    pub fn add(&mut self, pipe: PipeId, owner: ObjectId) {
        if let Some(previous) = self.owner_of.insert(pipe, owner) {
            self.forget(previous, pipe);
        }
        self.pipes_of.entry(owner).or_default().push(pipe);
    }

    /// Drops the route of `pipe` if `owner` holds it.
    pub fn remove(&mut self, pipe: PipeId, owner: ObjectId) {
        if self.owner_of.get(&pipe) == Some(&owner) {
            self.owner_of.remove(&pipe);
            self.forget(owner, pipe);
        }
    }

    /// Drops every route `owner` holds.
    pub fn remove_owner(&mut self, owner: ObjectId) {
        for pipe in self.pipes_of.remove(&owner).unwrap_or_default() {
            if self.owner_of.get(&pipe) == Some(&owner) {
                self.owner_of.remove(&pipe);
            }
        }
    }

    fn forget(&mut self, owner: ObjectId, pipe: PipeId) {
        if let Some(pipes) = self.pipes_of.get_mut(&owner) {
            pipes.retain(|p| *p != pipe);
            if pipes.is_empty() {
                self.pipes_of.remove(&owner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_follow_their_owner() {
        let mut r = Routes::default();
        r.add(1, 10);
        r.add(2, 10);
        r.add(3, 20);
        assert_eq!(r.owner(1), Some(10));
        r.remove(1, 20);
        assert_eq!(r.owner(1), Some(10), "only the owner removes a route");
        r.remove(1, 10);
        assert_eq!(r.owner(1), None);
        // A route taken over by another object leaves the first one's list.
        r.add(2, 20);
        r.remove_owner(10);
        assert_eq!(r.owner(2), Some(20));
        r.remove_owner(20);
        assert_eq!((r.owner(2), r.owner(3)), (None, None));
        assert!(r.owner_of.is_empty() && r.pipes_of.is_empty());
    }
}
