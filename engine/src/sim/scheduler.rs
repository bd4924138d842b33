//! The scheduler: events in virtual-time order, ties broken first-in first-out.
//!
//! Ordered by `(time, sequence)` as in nexosim/simcore, so that two events at the same instant
//! run in the order they were scheduled and a run is reproducible. Events are never removed:
//! an event that no longer applies (a consumer's long poll already answered, say) carries a
//! ticket its handler checks, and is skipped when it comes up.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::time::SimTime;

/// One scheduled event.
#[derive(Debug)]
struct Entry<E> {
    at: SimTime,
    sequence: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.sequence) == (other.at, other.sequence)
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at, self.sequence).cmp(&(other.at, other.sequence))
    }
}

/// A priority queue of events on the virtual clock.
#[derive(Debug, Clone)]
pub struct Scheduler<E> {
    heap: BinaryHeap<Reverse<Entry<E>>>,
    next_sequence: u64,
}

impl<E: Clone> Clone for Entry<E> {
    fn clone(&self) -> Self {
        Entry {
            at: self.at,
            sequence: self.sequence,
            event: self.event.clone(),
        }
    }
}

impl<E> Default for Scheduler<E> {
    fn default() -> Self {
        Scheduler {
            heap: BinaryHeap::new(),
            next_sequence: 0,
        }
    }
}

impl<E> Scheduler<E> {
    /// Schedules `event` at `at`.
    pub fn schedule(&mut self, at: SimTime, event: E) {
        self.heap.push(Reverse(Entry {
            at,
            sequence: self.next_sequence,
            event,
        }));
        self.next_sequence += 1;
    }

    /// When the next event is due.
    pub fn next_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|Reverse(entry)| entry.at)
    }

    /// Takes the next event if it is due at or before `until`.
    pub fn pop_until(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if self.next_time()? > until {
            return None;
        }
        self.heap
            .pop()
            .map(|Reverse(entry)| (entry.at, entry.event))
    }

    /// Events waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_come_out_in_time_order_and_ties_in_scheduling_order() {
        let mut scheduler = Scheduler::default();
        scheduler.schedule(SimTime(20), "late");
        scheduler.schedule(SimTime(10), "first at 10");
        scheduler.schedule(SimTime(10), "second at 10");
        assert_eq!(scheduler.next_time(), Some(SimTime(10)));
        assert_eq!(scheduler.pop_until(SimTime(5)), None);
        assert_eq!(
            scheduler.pop_until(SimTime(10)),
            Some((SimTime(10), "first at 10"))
        );
        assert_eq!(
            scheduler.pop_until(SimTime(10)),
            Some((SimTime(10), "second at 10"))
        );
        assert_eq!(
            scheduler.pop_until(SimTime(100)),
            Some((SimTime(20), "late"))
        );
        assert!(scheduler.is_empty());
    }
}
