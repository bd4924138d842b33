//! Where a queue keeps its messages: a window of slots indexed by send order.
//!
//! Messages are numbered in send order (`seq`) and mostly leave in that order, so they are kept
//! in a deque of slots from the oldest live message to the newest: finding a message is an
//! index, receives and deletes near the front touch neighbouring slots, and the cost of a
//! receive does not depend on how many messages wait behind (a hash map would scatter them in
//! memory, and at a million messages every lookup would miss the cache). A slot is a pointer,
//! so a message that lingers at the front (a poison message with no dead-letter queue) holds
//! back eight bytes per later message, not the messages themselves.

use std::collections::VecDeque;
use std::ops::Index;

use super::message::Message;

#[derive(Clone, Debug, Default)]
pub struct MessageStore {
    /// The `seq` of `slots[0]`.
    base: u64,
    slots: VecDeque<Option<Box<Message>>>,
    len: usize,
    spare: Spare,
}

/// Boxes of deleted messages (emptied of their bodies), reused for new ones. A run sends and
/// deletes hundreds of thousands of messages, and one allocation and one free fewer per
/// message is 2% of a run natively (more in the browser, whose allocator is slower). A `Vec`
/// of boxes, not of messages: the boxes are what is reused.
#[derive(Default)]
#[allow(clippy::vec_box)]
struct Spare(Vec<Box<Message>>);

/// Enough for the deletes between two sends at any rate a scenario reaches.
const SPARE_BOXES: usize = 16;

/// A copy of a store (a checkpoint) starts with no spare boxes: they hold no message.
impl Clone for Spare {
    fn clone(&self) -> Self {
        Spare::default()
    }
}

impl std::fmt::Debug for Spare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} spare boxes", self.0.len())
    }
}

impl MessageStore {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn slot(&self, seq: u64) -> Option<usize> {
        let index = usize::try_from(seq.checked_sub(self.base)?).ok()?;
        (index < self.slots.len()).then_some(index)
    }

    pub fn get(&self, seq: &u64) -> Option<&Message> {
        self.slots.get(self.slot(*seq)?)?.as_deref()
    }

    pub fn get_mut(&mut self, seq: &u64) -> Option<&mut Message> {
        let index = self.slot(*seq)?;
        self.slots.get_mut(index)?.as_deref_mut()
    }

    /// Stores a message under `seq`, which must be newer than every stored one.
    pub fn insert(&mut self, seq: u64, message: Box<Message>) {
        if self.slots.is_empty() {
            self.base = seq;
        }
        debug_assert!(
            seq >= self.base + self.slots.len() as u64,
            "messages are stored in send order"
        );
        while self.base + (self.slots.len() as u64) < seq {
            self.slots.push_back(None);
        }
        self.slots.push_back(Some(message));
        self.len += 1;
    }

    /// Takes a message out, still boxed (a message is large: moving it out would copy it).
    pub fn remove(&mut self, seq: &u64) -> Option<Box<Message>> {
        let index = self.slot(*seq)?;
        let message = self.slots[index].take()?;
        self.len -= 1;
        // Drop empty slots at both ends so the window spans live messages only.
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
        while matches!(self.slots.back(), Some(None)) {
            self.slots.pop_back();
        }
        Some(message)
    }

    /// `message` in a box, a deleted message's if one is spare.
    pub fn boxed(&mut self, message: Message) -> Box<Message> {
        match self.spare.0.pop() {
            Some(mut spare) => {
                *spare = message;
                spare
            }
            None => Box::new(message),
        }
    }

    /// Keeps a deleted message's box for `boxed` to reuse; its body goes now, so that spare
    /// boxes hold no more than their own size.
    pub fn recycle(&mut self, mut message: Box<Message>) {
        if self.spare.0.len() < SPARE_BOXES {
            message.body = String::new();
            self.spare.0.push(message);
        }
    }

    pub fn values(&self) -> impl Iterator<Item = &Message> {
        self.slots.iter().filter_map(|slot| slot.as_deref())
    }

    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.values().map(|m| m.seq)
    }
}

impl Index<&u64> for MessageStore {
    type Output = Message;

    fn index(&self, seq: &u64) -> &Message {
        self.get(seq).expect("a stored message")
    }
}
