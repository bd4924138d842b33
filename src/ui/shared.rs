//! `Shared<T>`: an `Rc` whose equality is identity, for the props of components.
//!
//! Yew re-renders a component when its props differ, comparing them with `PartialEq`; for an
//! `Rc<T>` that compares the values inside, so every frame compared the whole snapshot, the
//! topology, the layout and two thousand moving tokens with their previous copies, and the
//! browser's download carried a comparison for each type. The app makes a new `Rc` exactly
//! when the value changes, so identity says the same for a fraction of the cost.

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Shared<T> {
        Shared(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn equality_is_identity() {
        let a = Shared::new(vec![1, 2]);
        assert_eq!(a, a.clone());
        assert_ne!(
            a,
            Shared::new(vec![1, 2]),
            "an equal value elsewhere is another value"
        );
    }
}
