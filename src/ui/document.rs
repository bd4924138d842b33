//! The scenario being designed: the one document that the canvas, the inspector, the JSON tab,
//! the exports and the share links all read, with undo and redo over every change to it.
//!
//! Plain Rust, tested natively. The document is JSON text (as the person or the JSON tab wrote
//! it, or as an edit wrote it out) with the scenario it reads as; the history keeps texts, so
//! undoing any kind of change, a drag or a pasted file, is the same step back.

use std::rc::Rc;

use yew::AttrValue;

use crate::sim::Scenario;

/// Changes kept for undo (each a scenario's text: a few KB).
const HISTORY: usize = 200;

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    source: AttrValue,
    scenario: Rc<Scenario>,
    undo: Vec<AttrValue>,
    redo: Vec<AttrValue>,
}

impl Document {
    /// A document with no history; `scenario` is what `source` reads as.
    pub fn new(source: AttrValue, scenario: Scenario) -> Document {
        Document {
            source,
            scenario: Rc::new(scenario),
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The JSON text.
    pub fn source(&self) -> &AttrValue {
        &self.source
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }

    /// Makes an edited scenario the document, written out as JSON.
    pub fn edit(&mut self, scenario: Scenario) {
        let text = serde_json::to_string_pretty(&scenario).expect("a scenario serialises");
        self.replace(AttrValue::from(text), scenario);
    }

    /// Makes `source` (which reads as `scenario`) the document: a JSON edit, an import, a
    /// preset. Undo brings back what was there.
    pub fn replace(&mut self, source: AttrValue, scenario: Scenario) {
        if source == self.source {
            return;
        }
        let previous = std::mem::replace(&mut self.source, source);
        self.undo.push(previous);
        if self.undo.len() > HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.scenario = Rc::new(scenario);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Steps back one change; false if there is none.
    pub fn undo(&mut self) -> bool {
        Self::step(
            &mut self.undo,
            &mut self.redo,
            &mut self.source,
            &mut self.scenario,
        )
    }

    /// Steps forward again over an undone change; false if there is none.
    pub fn redo(&mut self) -> bool {
        Self::step(
            &mut self.redo,
            &mut self.undo,
            &mut self.source,
            &mut self.scenario,
        )
    }

    fn step(
        from: &mut Vec<AttrValue>,
        to: &mut Vec<AttrValue>,
        source: &mut AttrValue,
        scenario: &mut Rc<Scenario>,
    ) -> bool {
        let Some(text) = from.pop() else {
            return false;
        };
        // Every text in the history was the document once, so it reads.
        *scenario = Rc::new(Scenario::from_json(&text).expect("history holds valid scenarios"));
        to.push(std::mem::replace(source, text));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::design::PaletteItem;
    use crate::ui::presets::PRESETS;

    #[test]
    fn undo_and_redo_walk_over_edits_and_replacements_alike() {
        let first = Scenario::from_json(PRESETS[0].json()).unwrap();
        let mut doc = Document::new(AttrValue::Static(PRESETS[0].json()), first.clone());
        assert!(!doc.can_undo() && !doc.can_redo());
        let (added, _) = first.add_node(PaletteItem::Queue, None).unwrap();
        doc.edit(added.clone());
        assert_eq!(**doc.scenario(), added);
        assert_eq!(Scenario::from_json(doc.source()).unwrap(), added);
        let second = Scenario::from_json(PRESETS[1].json()).unwrap();
        doc.replace(AttrValue::Static(PRESETS[1].json()), second.clone());
        assert!(doc.undo());
        assert_eq!(**doc.scenario(), added);
        assert!(doc.undo());
        assert_eq!(doc.source().as_str(), PRESETS[0].json());
        assert_eq!(**doc.scenario(), first);
        assert!(!doc.undo(), "nothing before the first");
        assert!(doc.redo() && doc.redo());
        assert_eq!(**doc.scenario(), second);
        assert!(!doc.redo());
        // A new change after an undo drops what could have been redone.
        doc.undo();
        doc.edit(first.clone());
        assert!(!doc.can_redo());
    }

    #[test]
    fn the_same_text_again_is_no_change() {
        let first = Scenario::from_json(PRESETS[0].json()).unwrap();
        let mut doc = Document::new(AttrValue::Static(PRESETS[0].json()), first.clone());
        doc.replace(AttrValue::Static(PRESETS[0].json()), first);
        assert!(!doc.can_undo());
    }
}
