//! The queues of one service: by name for the API, by `QueueRef` for callers that resolve a
//! queue once and then call it millions of times (the simulation's producers and consumers).

use std::collections::BTreeMap;
use std::ops::{Index, IndexMut};

use super::queue::Queue;

/// A queue's place in the table, got once from its URL or name. It stays valid while the queue
/// exists; a queue deleted and created again gets a new place, so an old `QueueRef` then answers
/// QueueDoesNotExist (as a request to the deleted queue would have).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QueueRef(u32);

/// Queues in places that are never reused, plus a name index in name order (ListQueues answers
/// in that order). A deleted queue leaves an empty place of one pointer.
#[derive(Clone, Debug, Default)]
pub struct QueueTable {
    places: Vec<Option<Box<Queue>>>,
    by_name: BTreeMap<String, QueueRef>,
}

impl QueueTable {
    pub fn lookup(&self, name: &str) -> Option<QueueRef> {
        self.by_name.get(name).copied()
    }

    pub fn at(&self, queue: QueueRef) -> Option<&Queue> {
        self.places.get(queue.0 as usize)?.as_deref()
    }

    pub fn at_mut(&mut self, queue: QueueRef) -> Option<&mut Queue> {
        self.places.get_mut(queue.0 as usize)?.as_deref_mut()
    }

    pub fn get(&self, name: &str) -> Option<&Queue> {
        self.at(self.lookup(name)?)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut Queue> {
        self.at_mut(self.lookup(name)?)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Adds a queue under a name not in use and answers its place.
    pub fn insert(&mut self, name: String, queue: Queue) -> QueueRef {
        debug_assert!(!self.by_name.contains_key(&name), "{name} exists");
        let place = QueueRef(self.places.len() as u32);
        self.places.push(Some(Box::new(queue)));
        self.by_name.insert(name, place);
        place
    }

    pub fn remove(&mut self, name: &str) -> Option<Queue> {
        let place = self.by_name.remove(name)?;
        self.places[place.0 as usize].take().map(|queue| *queue)
    }

    /// Queue names in name order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.by_name.keys()
    }

    /// Queues in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Queue)> {
        self.by_name
            .iter()
            .filter_map(|(name, &place)| Some((name, self.at(place)?)))
    }

    /// Queues in name order.
    pub fn values(&self) -> impl Iterator<Item = &Queue> {
        self.iter().map(|(_, queue)| queue)
    }

    /// Queues in creation order, without the name index (cheaper than `values`).
    pub fn iter_unordered(&self) -> impl Iterator<Item = &Queue> {
        self.places.iter().filter_map(|place| place.as_deref())
    }

    /// Queues in creation order (a fixed order, so runs stay deterministic).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Queue> {
        self.places
            .iter_mut()
            .filter_map(|place| place.as_deref_mut())
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

impl Index<&str> for QueueTable {
    type Output = Queue;

    /// The queue with this name; panics if there is none (callers check first).
    fn index(&self, name: &str) -> &Queue {
        self.get(name).expect("a queue that exists")
    }
}

impl Index<&String> for QueueTable {
    type Output = Queue;

    fn index(&self, name: &String) -> &Queue {
        &self[name.as_str()]
    }
}

impl Index<QueueRef> for QueueTable {
    type Output = Queue;

    /// The queue at this place; panics if it was deleted (callers check first).
    fn index(&self, queue: QueueRef) -> &Queue {
        self.at(queue).expect("a queue that exists")
    }
}

impl IndexMut<QueueRef> for QueueTable {
    fn index_mut(&mut self, queue: QueueRef) -> &mut Queue {
        self.at_mut(queue).expect("a queue that exists")
    }
}
