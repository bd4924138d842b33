//! The app's design edits: palette, connections, moves, fields, deletions, undo and redo,
//! new and duplicated scenarios; and how a change carries the run over (live, or from 0).

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::AttrValue;

use super::{App, Msg, Selection};
use crate::sim::design::live_changes;
use crate::sim::scenario::Position;
use crate::sim::{NodeId, Scenario, SimTime};
use crate::ui::canvas::Refusal;
use crate::ui::fields::{self, Input};
use crate::ui::inspector::FieldError;
use crate::ui::layout::{Point, NODE_WIDTH};
use crate::ui::presets::BLANK;

/// How long a refused connection's explanation stays by the pointer.
const REFUSAL_MS: u32 = 6_000;

impl App {
    /// Makes an edited scenario the design, and carries the run over to it (see the module's
    /// doc): live where the world can take the change now, else from 0.
    pub(super) fn change_design(&mut self, edited: Scenario) {
        let old = self.document.scenario().clone();
        self.document.edit(edited);
        self.after_change(&old);
    }

    pub(super) fn after_change(&mut self, old: &Scenario) {
        self.error = None;
        self.field_error = None;
        self.rebuild_diagram();
        let now = self.session.now();
        let new = self.document.scenario().clone();
        // The same design when it writes the same JSON (see `live_changes`).
        let same = |a: &Scenario, b: &Scenario| {
            serde_json::to_string_pretty(a).ok() == serde_json::to_string_pretty(b).ok()
        };
        self.notice = match live_changes(old, &new, same) {
            // Positions only: the run is the same.
            Some(commands) if commands.is_empty() => None,
            Some(commands) if now > SimTime::ZERO => {
                let applied = commands
                    .into_iter()
                    .all(|command| self.session.apply(command).is_ok());
                if applied {
                    self.plan_lesson();
                    self.refresh();
                    Some(AttrValue::from(format!(
                        "Applied at {now} to the running world, as a live change (the log shows it). Reset runs the new design from 0."
                    )))
                } else {
                    self.restart(self.session.seed());
                    Some(AttrValue::from(
                        "The run restarted from 0 with the change, on the same seed.",
                    ))
                }
            }
            _ => {
                self.restart(self.session.seed());
                (now > SimTime::ZERO).then(|| {
                    AttrValue::from("The run restarted from 0 with the change, on the same seed.")
                })
            }
        };
        self.save_soon();
    }

    /// Shows a refused connection by the pointer for a while.
    pub(super) fn refuse(&mut self, message: String, at: Point) {
        self.refusal = Some(Rc::new(Refusal { message, at }));
        let scope = self.scope.clone();
        self.refusal_timer = Some(Timeout::new(REFUSAL_MS, move || {
            scope.send_message(Msg::ClearRefusal)
        }));
    }

    /// A place for a new node: free, right of or below the selected node, else below the
    /// drawing. Only needed once positions are saved (else the automatic layout places it).
    pub(super) fn place_new_node(&self, scenario: &mut Scenario, id: &NodeId) {
        if scenario.layout.is_empty() {
            return;
        }
        let near = match &self.selection {
            Some(Selection::Node(selected)) => self.layout.position(selected).map(|p| Point {
                x: p.x + NODE_WIDTH + 60.0,
                y: p.y,
            }),
            _ => None,
        }
        .unwrap_or(Point {
            x: self.layout.left + 24.0,
            y: self.layout.top + self.layout.height,
        });
        let at = self.layout.free_spot(near, None);
        if let Some(name) = id.0.split_once(':').map(|(_, name)| name.to_owned()) {
            scenario.layout.insert(name, Position { x: at.x, y: at.y });
        }
    }

    pub(super) fn design_update(&mut self, msg: Msg) -> bool {
        let design = self.document.scenario().clone();
        match msg {
            Msg::Add(item) => {
                let selected = match &self.selection {
                    Some(Selection::Node(id)) => Some(id.clone()),
                    _ => None,
                };
                match design.add_node(item, selected.as_ref()) {
                    Ok((mut next, id)) => {
                        self.place_new_node(&mut next, &id);
                        self.change_design(next);
                        self.selection = Some(Selection::Node(id));
                    }
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
            Msg::Connect(request) => match design.connect(&request.from, &request.to) {
                Ok(next) => {
                    self.refusal = None;
                    self.change_design(next);
                }
                Err(error) => self.refuse(error.to_string(), request.at),
            },
            Msg::ConnectTo(from, to) => match design.connect(&from, &to) {
                Ok(next) => self.change_design(next),
                Err(error) => self.error = Some(error.to_string()),
            },
            Msg::Move(id, to) => {
                // The first move pins every node where it is drawn, so that none jumps later.
                let mut next = (*design).clone();
                for (node, at) in self.layout.positions() {
                    if let Some(node) = self.topology.node(node) {
                        next.layout
                            .entry(node.label.clone())
                            .or_insert(Position { x: at.x, y: at.y });
                    }
                }
                if let Some(node) = self.topology.node(&id) {
                    next.layout.insert(
                        node.label.clone(),
                        Position {
                            x: to.x.round(),
                            y: to.y.round(),
                        },
                    );
                }
                self.change_design(next);
            }
            Msg::Field(field, text) => match fields::write(&design, &field, &text) {
                Ok(next) => {
                    // A renamed node stays selected under its new name.
                    let renamed = (field.input == Input::Name)
                        .then(|| match &self.selection {
                            Some(Selection::Node(id)) => design.spot(id).map(|s| next.id_at(s)),
                            _ => None,
                        })
                        .flatten();
                    self.change_design(next);
                    if let Some(id) = renamed {
                        self.selection = Some(Selection::Node(id));
                    }
                }
                Err(message) => {
                    let kept = if field.value.is_empty() {
                        "it stays unset".to_owned()
                    } else {
                        format!("it stays {}", field.value)
                    };
                    self.field_error = Some(FieldError {
                        path: field.path.clone(),
                        message: format!("{message} ({kept})"),
                    });
                }
            },
            Msg::Delete => {
                let result = match &self.selection {
                    Some(Selection::Node(id)) => design.remove_node(id).map(|(next, also)| {
                        let name = self
                            .topology
                            .node(id)
                            .map_or(String::new(), |n| n.label.clone());
                        let what = if also.is_empty() {
                            format!("Deleted {name}.")
                        } else {
                            format!("Deleted {name}, and with it: {}.", also.join(", "))
                        };
                        (next, what)
                    }),
                    Some(Selection::Edge(edge)) => design
                        .disconnect(edge)
                        .map(|next| (next, "Removed the connection.".to_owned())),
                    _ => return false,
                };
                match result {
                    Ok((next, what)) => {
                        self.selection = None;
                        self.change_design(next);
                        let after = self.notice.take();
                        self.notice = Some(AttrValue::from(match after {
                            Some(after) => format!("{what} {after}"),
                            None => what,
                        }));
                    }
                    Err(error) => self.error = Some(error.to_string()),
                }
            }
            Msg::Undo | Msg::Redo => {
                let old = design;
                let moved = if matches!(msg, Msg::Undo) {
                    self.document.undo()
                } else {
                    self.document.redo()
                };
                if !moved {
                    return false;
                }
                self.after_change(&old);
            }
            Msg::NewBlank => {
                let scenario = Scenario::from_json(BLANK).expect("the blank scenario is valid");
                self.open(AttrValue::Static(BLANK), scenario, self.session.seed());
            }
            Msg::Duplicate => {
                let mut copy = (*design).clone();
                copy.title = format!("{} (copy)", copy.title);
                let text = serde_json::to_string_pretty(&copy).expect("a scenario serialises");
                self.open(AttrValue::from(text), copy, self.session.seed());
            }
            _ => return false,
        }
        true
    }
}
