//! An ordered index of `(instant, seq)` entries whose instants mostly arrive in order.
//!
//! A queue keeps three such indexes: when each message expires (retention), when each delay or
//! visibility timeout ends (timers), and when each message arrived (age of the oldest). Sends
//! happen at "now", and a consumer fleet uses one visibility timeout, so nearly every new entry
//! is the latest yet: it goes to the back of a deque, in O(1). The rare entry that is not (a
//! shorter timeout, a dead-letter move keeping an old enqueue time) goes to an ordered set.
//! Entries in the deque are removed lazily: the owner says which entries are still live, and
//! dead ones are dropped when they reach the front. The set's entries are removed at once.

use std::collections::{BTreeSet, VecDeque};

use crate::time::SimTime;

type Entry = (SimTime, u64);

#[derive(Clone, Debug, Default)]
pub struct TimeIndex {
    in_order: VecDeque<Entry>,
    out_of_order: BTreeSet<Entry>,
}

impl TimeIndex {
    pub fn insert(&mut self, at: SimTime, seq: u64) {
        let entry = (at, seq);
        if self.in_order.back().is_none_or(|last| *last <= entry) {
            self.in_order.push_back(entry);
        } else {
            self.out_of_order.insert(entry);
        }
    }

    /// Forgets an entry (at once if it is in the set, lazily if it is in the deque).
    pub fn remove(&mut self, at: SimTime, seq: u64) {
        self.out_of_order.remove(&(at, seq));
    }

    /// The earliest live entry, dropping dead ones from the front of the deque. (Entries of
    /// the set are live: they are removed as soon as they die.)
    pub fn first(&mut self, is_live: impl Fn(Entry) -> bool) -> Option<Entry> {
        while let Some(&entry) = self.in_order.front() {
            if is_live(entry) {
                break;
            }
            self.in_order.pop_front();
        }
        match (self.in_order.front(), self.out_of_order.first()) {
            (Some(a), Some(b)) => Some(*a.min(b)),
            (a, b) => a.or(b).copied(),
        }
    }

    /// Live entries in order.
    pub fn iter<'a>(
        &'a self,
        is_live: impl Fn(Entry) -> bool + 'a,
    ) -> impl Iterator<Item = Entry> + 'a {
        let mut a = self.in_order.iter().copied().peekable();
        let mut b = self.out_of_order.iter().copied().peekable();
        std::iter::from_fn(move || match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        })
        .filter(move |entry| is_live(*entry))
    }

    pub fn clear(&mut self) {
        self.in_order.clear();
        self.out_of_order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_out_in_order_however_they_went_in() {
        let mut index = TimeIndex::default();
        for (at, seq) in [(10, 1), (20, 2), (15, 3), (30, 4), (5, 5)] {
            index.insert(SimTime(at), seq);
        }
        let all: Vec<u64> = index.iter(|_| true).map(|(_, seq)| seq).collect();
        assert_eq!(all, [5, 1, 3, 2, 4]);
    }

    #[test]
    fn dead_entries_are_skipped_and_dropped_from_the_front() {
        let mut index = TimeIndex::default();
        for seq in 0..5 {
            index.insert(SimTime(seq * 10), seq);
        }
        index.insert(SimTime(1), 9); // out of order
        index.remove(SimTime(1), 9);
        let live = |(_, seq): (SimTime, u64)| seq >= 2;
        assert_eq!(index.first(live), Some((SimTime(20), 2)));
        assert_eq!(index.in_order.len(), 3, "the dead front entries are gone");
        assert!(index.out_of_order.is_empty());
    }
}
