//! The root component: owns the session (scenario, seed, simulation) and the playback state,
//! drives the virtual clock from animation frames, and hands snapshots to the views.
//!
//! Frames are requested only while playing, so a paused page costs no CPU. Each frame's wall
//! timestamp goes through `Playback`, which says how much virtual time to run; a frame that
//! arrives after Pause advances nothing and requests no successor.

use std::rc::Rc;
use std::time::Duration;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

use super::charts::Charts;
use super::checks_view::{CheckLine, ChecksView};
use super::compare_view::CompareView;
use super::comparison::Comparison;
use super::controls::Controls;
use super::embed::{self, EmbedOptions, Panel};
use super::event_log::EventLog;
use super::export_panel::ExportPanel;
use super::frames::{self, FrameDriver};
use super::injections::{Injection, Injections, Targets};
use super::inspector::{Inspected, Inspector};
use super::layout::{layout, Flow, Layout};
use super::lesson::LessonProgress;
use super::lesson_view::{LessonAction, LessonView};
use super::metrics_view::MetricsView;
use super::page_io;
use super::playback::{Playback, Speed};
use super::presets::PRESETS;
use super::remote::{self, Remote};
use super::scenario_editor::ScenarioEditor;
use super::scenario_form::ScenarioForm;
use super::session::Session;
use super::share;
use super::share_panel::{self, LinkBanner, SharePanel};
use super::storage;
use super::tokens::{moving, MovingToken, Routes};
use super::topology_view::TopologyView;
use crate::sim::command::Command;
use crate::sim::guide::{self, Guide};
use crate::sim::metrics::{QueueSeries, RunSample};
use crate::sim::scenario::Arrival;
use crate::sim::snapshot::ConsumerActivity;
use crate::sim::trace::TraceEvent;
use crate::sim::{NodeId, NodeKind, Scenario, SimTime, Snapshot, Topology};

/// The seed a page starts with.
const DEFAULT_SEED: u64 = 42;
/// Trace events handed to the event log and the moving tokens (all the session keeps).
const LOG_EVENTS: usize = super::session::TRACE_CAPACITY;
/// How long a token takes along an edge, in wall time (virtual time scales with the speed).
const TRIP_WALL_SECONDS: f64 = 0.4;
const LOG_REFRESH_MS: f64 = 250.0;
/// "As fast as possible" simulates in slices of this much virtual time until a frame has used
/// `FRAME_BUDGET_MS` of wall time, so that the page stays responsive.
const UNPACED_SLICE: Duration = Duration::from_secs(2);
const FRAME_BUDGET_MS: f64 = 30.0;

/// What the app reacts to.
pub enum Msg {
    TogglePlay,
    SetSpeed(Speed),
    /// Back to t = 0, paused.
    Reset,
    /// Run to the next instant that has events.
    Step,
    Seek(SimTime),
    SetSeed(u64),
    LoadPreset(usize),
    /// An animation frame fired, with its wall timestamp in milliseconds.
    Frame(f64),
    SelectNode(NodeId),
    SelectMessage(String),
    CloseInspector,
    Apply(Command),
    Key(Shortcut),
    /// The window was resized: the diagram may need to flow the other way.
    Resized,
    /// Make a link to this run and put it on the clipboard.
    CopyLink,
    /// Whether the link reached the clipboard.
    LinkCopied(bool),
    /// Make the `<iframe>` snippet that embeds this run in another page.
    MakeEmbed,
    /// Keep the scenario of the opened link as one's work (it is autosaved from now on).
    KeepLink,
    /// Leave the opened link for the autosaved work.
    LeaveLink,
    /// A host page's request to an embedded player (`postMessage`).
    Remote(Remote),
    /// Scenario JSON from the editor, the settings form or an imported file.
    ApplyScenario(String),
    /// A settings value that could not even be written (not a number).
    ScenarioError(String),
    /// The learner's move in the guided lesson.
    Lesson(LessonAction),
}

/// What the inspector is looking at (its content is rebuilt from the session on every view).
#[derive(Clone, Debug, PartialEq)]
enum Selection {
    Node(NodeId),
    Message(String),
}

pub struct App {
    /// The preset in use, if the scenario is one (else it was edited or imported).
    preset: Option<usize>,
    /// The scenario in use as JSON text, as it was written.
    source: AttrValue,
    /// Why the last scenario edit or import was refused.
    scenario_errors: Vec<String>,
    session: Session,
    topology: Rc<Topology>,
    layout: Rc<Layout>,
    snapshot: Rc<Snapshot>,
    events: Rc<Vec<TraceEvent>>,
    /// What the event log shows: `events`, refreshed at most every `LOG_REFRESH_MS` of wall
    /// time while playing (nobody reads a log that changes 60 times a second, and redrawing it
    /// costs frames).
    log: Rc<Vec<TraceEvent>>,
    log_refreshed_ms: f64,
    routes: Routes,
    moving: Rc<Vec<MovingToken>>,
    chart_series: Rc<Vec<QueueSeries>>,
    /// The scenario's dead-letter queues, for their own chart.
    dead_letter_queues: Rc<Vec<String>>,
    run_series: Rc<Vec<RunSample>>,
    queue_names: Rc<Vec<String>>,
    worker_fleets: Rc<Vec<String>>,
    group_names: Rc<Vec<String>>,
    playback: Playback,
    frames: FrameDriver,
    /// The scenario's guided lesson, and the learner's place in it once started.
    guide: Option<Rc<Guide>>,
    lesson: Option<LessonProgress>,
    selection: Option<Selection>,
    /// Why the last command was refused.
    error: Option<String>,
    help: bool,
    /// True while the page shows a shared link that has not been kept: autosave waits, so
    /// that opening a link never overwrites one's work without asking.
    viewing_link: bool,
    /// Why the link in the address could not be opened.
    link_error: Option<AttrValue>,
    /// The last link made by "Copy link", and whether it reached the clipboard.
    share_url: Option<AttrValue>,
    copied: Option<bool>,
    embed_snippet: Option<AttrValue>,
    /// The embed player's options (`?embed`), or why they could not be read.
    embed: Option<EmbedOptions>,
    embed_error: Option<AttrValue>,
    _keys: EventListener,
    /// Requests from a host page, for an embedded player.
    _messages: EventListener,
    /// Tells the app when the window's width crosses `NARROW_WIDTH_PX`.
    _resize: EventListener,
}

/// The autosaved scenario and seed, if there are and the scenario still validates.
fn saved_work() -> Option<(AttrValue, Scenario, u64)> {
    let saved = storage::load()?;
    let scenario = Scenario::from_json(&saved.scenario).ok()?;
    Some((AttrValue::from(saved.scenario), scenario, saved.seed))
}

/// The first preset with the default seed: a first visit's page.
fn first_preset() -> (AttrValue, Scenario, u64) {
    let json = PRESETS[0].json;
    let scenario = Scenario::from_json(json).expect("presets are valid");
    (AttrValue::Static(json), scenario, DEFAULT_SEED)
}

/// Below this window width (CSS pixels) the diagram flows down instead of across.
const NARROW_WIDTH_PX: f64 = 640.0;

/// How the diagram should flow at the window's current width.
fn window_flow() -> Flow {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64());
    match width {
        Some(width) if width < NARROW_WIDTH_PX => Flow::Down,
        _ => Flow::Across,
    }
}

impl App {
    /// Asks for the next step of play: an animation frame when paced, a task as soon as the
    /// browser is free when "as fast as possible".
    fn request_frame(&self) {
        if self.playback.speed().is_unpaced() {
            self.frames.request_task();
        } else {
            self.frames.request();
        }
    }

    /// Puts a validated scenario to work, autosaves it, and starts at t = 0.
    fn load_source(&mut self, source: AttrValue, scenario: Scenario, seed: u64) {
        self.preset = PRESETS.iter().position(|p| p.json == source.as_str());
        // A link being looked at, or a player embedded in someone's page, saves nothing.
        if !self.viewing_link && self.embed.is_none() {
            storage::save(&storage::Saved {
                scenario: source.to_string(),
                seed,
            });
        }
        self.source = source;
        self.scenario_errors.clear();
        self.load(scenario, seed);
    }

    fn load(&mut self, scenario: Scenario, seed: u64) {
        let topology = Topology::from_scenario(&scenario);
        self.layout = Rc::new(layout(&topology, window_flow()));
        self.routes = Routes::new(&scenario, &topology);
        self.dead_letter_queues = Rc::new(dead_letter_queues(&scenario));
        self.topology = Rc::new(topology);
        self.guide = scenario.guide.clone().map(Rc::new);
        self.lesson = None;
        self.session = Session::new(scenario, seed);
        self.playback.pause();
        self.selection = None;
        self.error = None;
        self.refresh();
    }

    /// Re-reads the session after the clock moved or a command changed the world.
    fn refresh(&mut self) {
        self.snapshot = Rc::new(self.session.snapshot());
        // The charts change once per metrics period: copy their data only then.
        let metrics = self.session.simulation().metrics();
        let count = |series: &[QueueSeries]| {
            series
                .iter()
                .map(|s| (s.samples.len(), s.samples.last().map(|x| x.time_s)))
                .collect::<Vec<_>>()
        };
        if count(&metrics.series) != count(&self.chart_series)
            || metrics.run_series.samples.len() != self.run_series.len()
        {
            self.chart_series = Rc::new(metrics.series.clone());
            self.run_series = Rc::new(metrics.run_series.samples.clone());
        }
        self.events = Rc::new(self.session.recent_events(LOG_EVENTS));
        self.log = self.events.clone();
        let groups = self.session.simulation().trace().groups();
        if groups.len() != self.group_names.len() {
            self.group_names = Rc::new(groups.to_vec());
        }
        self.queue_names = Rc::new(
            self.session
                .scenario()
                .queues
                .iter()
                .map(|q| q.name.clone())
                .collect(),
        );
        self.worker_fleets = Rc::new(
            self.snapshot
                .consumers
                .iter()
                .map(|c| c.fleet.clone())
                .collect(),
        );

        let speed = self.playback.speed();
        self.moving = Rc::new(if speed.is_unpaced() {
            Vec::new()
        } else {
            let trip =
                Duration::from_secs_f64((TRIP_WALL_SECONDS * speed.factor()).clamp(0.2, 60.0));
            moving(
                &self.events,
                &self.routes,
                &self.layout,
                &self.worker_fleets,
                self.session.now(),
                trip,
            )
        });
    }

    /// Where play stops: the scenario's end, or an embed's stop time before it.
    fn end(&self) -> SimTime {
        let end = self.session.end();
        match self.embed.as_ref().and_then(|e| e.stop) {
            Some(stop) => stop.min(end),
            None => end,
        }
    }

    /// Where play stops now: `end`, or sooner where a lesson's next step comes.
    fn play_end(&self) -> SimTime {
        let stop = self.lesson.as_ref().and_then(|l| l.stop);
        stop.map_or(self.end(), |stop| stop.min(self.end()))
    }

    /// Finds where the clock stops for the lesson's next step, from the clock as it stands
    /// (after a seek or a command, the moment of an event may have moved).
    fn plan_lesson(&mut self) {
        let (Some(guide), Some(step)) = (&self.guide, self.lesson.as_ref().map(|l| l.step)) else {
            return;
        };
        let stop = guide
            .steps
            .get(step + 1)
            .and_then(|next| guide::moment(next, self.session.simulation(), self.end()));
        if let Some(lesson) = &mut self.lesson {
            lesson.stop = stop;
        }
    }

    /// When the clock has got to the lesson's next step: pauses there and shows it.
    fn lesson_arrived(&mut self) -> bool {
        let (Some(guide), Some(lesson)) = (&self.guide, &mut self.lesson) else {
            return false;
        };
        if !lesson.arrived(self.session.now()) {
            return false;
        }
        self.session.settle();
        self.playback.pause();
        lesson.advance(guide);
        self.plan_lesson();
        true
    }

    fn lesson_action(&mut self, action: LessonAction) {
        let Some(guide) = self.guide.clone() else {
            return;
        };
        match action {
            LessonAction::Start => {
                let scenario = self.session.scenario().clone();
                self.load(scenario, self.session.seed());
                self.lesson = Some(LessonProgress::default());
                self.plan_lesson();
            }
            LessonAction::Choose(choice) => {
                if let Some(lesson) = &mut self.lesson {
                    lesson.chosen = Some(choice);
                }
            }
            LessonAction::GoOn => {
                let may_go_on = self.lesson.as_ref().is_some_and(|l| l.may_go_on(&guide));
                // A step whose moment is now (or past) is shown at once.
                if !may_go_on || self.lesson_arrived() {
                    return;
                }
                let Some(lesson) = &mut self.lesson else {
                    return;
                };
                if lesson.stop.is_some() {
                    if let Some(speed) = guide.steps.get(lesson.step + 1).and_then(|s| s.speed) {
                        self.playback.set_speed(Speed::at_most(speed));
                    }
                    self.playback.play();
                    self.request_frame();
                } else if lesson.advance(&guide) {
                    self.plan_lesson();
                } else {
                    self.lesson = None;
                }
            }
            LessonAction::Leave => self.lesson = None,
        }
    }

    /// The names of the nodes the lesson's step points at.
    fn highlighted(&self) -> Rc<Vec<String>> {
        let step = self
            .lesson
            .as_ref()
            .zip(self.guide.as_ref())
            .and_then(|(lesson, guide)| guide.steps.get(lesson.step));
        Rc::new(step.map(|s| s.highlight.clone()).unwrap_or_default())
    }

    /// The clock bar: the whole of it, or the embed player's (play, step, clock, timeline).
    fn controls(&self, ctx: &Context<Self>, compact: bool) -> Html {
        let link = ctx.link();
        html! {
            <Controls
                {compact}
                playing={self.playback.is_playing()}
                speed={self.playback.speed()}
                now={self.session.now()}
                end={self.end()}
                seed={self.session.seed()}
                on_toggle_play={link.callback(|_| Msg::TogglePlay)}
                on_step={link.callback(|_| Msg::Step)}
                on_speed={link.callback(Msg::SetSpeed)}
                on_reset={link.callback(|_| Msg::Reset)}
                on_seek={link.callback(Msg::Seek)}
                on_seed={link.callback(Msg::SetSeed)}
            />
        }
    }

    /// The share link's fragment for the run as it stands.
    fn share_fragment(&self) -> String {
        share::encode(
            &self.source,
            self.session.seed(),
            self.session.now(),
            self.session.commands(),
        )
    }

    /// The embed player: the panels its options ask for, in their order, and nothing else.
    fn embed_view(&self, ctx: &Context<Self>, options: &EmbedOptions) -> Html {
        let link = ctx.link();
        let full_app = format!("./#{}", self.share_fragment());
        let panel = |panel: &Panel| match panel {
            Panel::Controls => self.controls(ctx, true),
            Panel::Topology => html! {
                <TopologyView
                    topology={self.topology.clone()}
                    layout={self.layout.clone()}
                    snapshot={self.snapshot.clone()}
                    selected={None::<NodeId>}
                    on_select={Callback::noop()}
                    moving={self.moving.clone()}
                    on_select_message={Callback::noop()}
                    highlighted={self.highlighted()}
                />
            },
            // A scenario without a lesson has no lesson panel to show.
            Panel::Lesson => match &self.guide {
                Some(guide) => html! {
                    <LessonView guide={guide.clone()} progress={self.lesson.clone()} on_action={link.callback(Msg::Lesson)} />
                },
                None => Html::default(),
            },
            Panel::Chart => html! {
                <Charts compact=true series={self.chart_series.clone()} dead_letter_queues={self.dead_letter_queues.clone()} run={self.run_series.clone()} now={self.session.now()} end={self.end()} on_seek={link.callback(Msg::Seek)} />
            },
        };
        html! {
            <main class="embed-player" aria-label={format!("sqs-sim: {}", self.session.scenario().title)}>
                if let Some(error) = &self.embed_error {
                    <p id="embed-error" class="banner error" role="alert">{ format!("This player's options could not be read: {error}.") }</p>
                }
                { for options.panels.iter().map(panel) }
                <a class="embed-open" href={full_app} target="_blank" rel="noopener">{ "Open in sqs-sim ↗" }</a>
            </main>
        }
    }

    /// The scenario's checks judged against the run so far.
    fn check_lines(&self) -> Rc<Vec<CheckLine>> {
        let summary = &self.snapshot.summary;
        Rc::new(
            self.session
                .scenario()
                .checks
                .iter()
                .map(|check| CheckLine {
                    expects: check.describe(),
                    metric: check.metric.clone(),
                    verdict: check.judge(summary),
                })
                .collect(),
        )
    }

    fn apply(&mut self, command: Command) {
        self.error = self.session.apply(command).err().map(|e| e.to_string());
        self.plan_lesson();
        self.refresh();
    }

    /// Where injections land: the selected queue or consumer, else the first of each.
    fn targets(&self) -> Targets {
        let scenario = self.session.scenario();
        let selected = match &self.selection {
            Some(Selection::Node(id)) => self.topology.node(id),
            _ => None,
        };
        let dead_letter_queues: Vec<&str> = scenario
            .queues
            .iter()
            .filter_map(|q| q.redrive.as_ref().map(|r| r.dead_letter_queue.as_str()))
            .collect();
        let queue = selected
            .filter(|n| n.kind == NodeKind::Queue)
            .map(|n| n.label.clone())
            .or_else(|| {
                scenario
                    .queues
                    .iter()
                    .find(|q| !dead_letter_queues.contains(&q.name.as_str()))
                    .map(|q| q.name.clone())
            });
        let fleet = selected
            .filter(|n| n.kind == NodeKind::Consumer)
            .map(|n| n.label.clone())
            .or_else(|| scenario.consumers.first().map(|c| c.name.clone()));
        let consumer = fleet.map(|fleet| {
            let count = self.running_workers(&fleet) as u32;
            (fleet, count)
        });
        let dead_letter_queue = selected
            .filter(|n| n.kind == NodeKind::DeadLetterQueue)
            .map(|n| n.label.clone())
            .or_else(|| dead_letter_queues.first().map(|q| q.to_string()));
        let service = selected
            .filter(|n| n.kind == NodeKind::Service)
            .and_then(|n| self.snapshot.services.iter().find(|s| s.name == n.label))
            .or_else(|| self.snapshot.services.first())
            .map(|s| (s.name.clone(), s.down));
        Targets {
            queue,
            consumer,
            dead_letter_queue,
            service,
        }
    }

    /// The workers of a fleet that have not been scaled away (crashed ones still count).
    fn running_workers(&self, fleet: &str) -> usize {
        self.snapshot
            .consumers
            .iter()
            .filter(|c| c.fleet == fleet && c.activity != ConsumerActivity::Stopped)
            .count()
    }

    fn inspected(&self) -> Option<Inspected> {
        match self.selection.as_ref()? {
            Selection::Message(id) => Some(Inspected::Message {
                id: id.clone(),
                history: self.session.history(id),
            }),
            Selection::Node(id) => {
                let node = self.topology.node(id)?;
                Some(match node.kind {
                    NodeKind::Queue | NodeKind::DeadLetterQueue => {
                        let queue = self.session.simulation().sqs().queue(&node.label)?;
                        Inspected::Queue {
                            name: node.label.clone(),
                            attributes: super::inspector::EDITABLE_NAMES
                                .iter()
                                .filter_map(|name| {
                                    Some((name.to_string(), queue.attributes.render(name)?))
                                })
                                .collect(),
                        }
                    }
                    NodeKind::Consumer => Inspected::Consumer {
                        name: node.label.clone(),
                        workers: self.running_workers(&node.label),
                    },
                    NodeKind::Producer => Inspected::Producer {
                        name: node.label.clone(),
                        per_second: self
                            .session
                            .scenario()
                            .producers
                            .iter()
                            .find(|p| p.name == node.label)
                            .and_then(|p| match p.arrival {
                                Arrival::Constant { per_second }
                                | Arrival::Poisson { per_second } => Some(per_second),
                                _ => None,
                            }),
                    },
                    NodeKind::Service => Inspected::Service {
                        name: node.label.clone(),
                        down: self
                            .snapshot
                            .services
                            .iter()
                            .any(|s| s.name == node.label && s.down),
                    },
                    kind => Inspected::Other {
                        name: node.label.clone(),
                        kind,
                    },
                })
            }
        }
    }
}

/// What a keyboard shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    TogglePlay,
    Step,
    ToggleHelp,
    CloseHelp,
    Inject(Injection),
}

impl Shortcut {
    /// The shortcut for a key pressed anywhere but in a form field, without modifiers.
    fn of(event: &KeyboardEvent) -> Option<Shortcut> {
        let in_field = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return None;
        }
        match event.key().as_str() {
            " " => Some(Shortcut::TogglePlay),
            "ArrowRight" => Some(Shortcut::Step),
            "?" => Some(Shortcut::ToggleHelp),
            "Escape" => Some(Shortcut::CloseHelp),
            key => Injection::shortcut(key).map(Shortcut::Inject),
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // A player whose options do not read still plays, with the defaults, and says why.
        let (embed, embed_error) = match embed::parse(&share_panel::current_query()) {
            None => (None, None),
            Some(Ok(options)) => (Some(options), None),
            Some(Err(error)) => (Some(EmbedOptions::default()), Some(AttrValue::from(error))),
        };
        // A share link in the address comes first; a broken one says why and is set aside.
        let (opened, link_error) = match share::decode(&share_panel::current_fragment()) {
            Ok(opened) => (opened, None),
            Err(error) => (None, Some(AttrValue::from(error.to_string()))),
        };
        let (source, scenario, seed) = match &opened {
            Some(shared) => (
                AttrValue::from(shared.scenario.clone()),
                Scenario::from_json(&shared.scenario).expect("share::decode validated it"),
                shared.seed,
            ),
            // The autosaved work if it is still a valid scenario, else the first preset.
            None => saved_work().unwrap_or_else(first_preset),
        };
        let topology = Topology::from_scenario(&scenario);
        let routes = Routes::new(&scenario, &topology);
        let guide = scenario.guide.clone().map(Rc::new);
        let dead_letters = Rc::new(dead_letter_queues(&scenario));
        // An opened link's session has its live commands and its moment already.
        let session = match &opened {
            Some(shared) => shared.session(scenario),
            None => Session::new(scenario, seed),
        };
        let keys = {
            let link = ctx.link().clone();
            let document = gloo_utils_document();
            // Not passive: a shortcut's key must not also scroll the page or press a button.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if let Some(shortcut) = Shortcut::of(key) {
                    event.prevent_default();
                    link.send_message(Msg::Key(shortcut));
                }
            })
        };
        let mut app = App {
            preset: PRESETS.iter().position(|p| p.json == source.as_str()),
            source,
            scenario_errors: Vec::new(),
            layout: Rc::new(layout(&topology, window_flow())),
            topology: Rc::new(topology),
            snapshot: Rc::new(session.snapshot()),
            session,
            events: Rc::default(),
            log: Rc::default(),
            log_refreshed_ms: f64::NEG_INFINITY,
            routes,
            moving: Rc::default(),
            chart_series: Rc::default(),
            dead_letter_queues: dead_letters,
            run_series: Rc::default(),
            queue_names: Rc::default(),
            worker_fleets: Rc::default(),
            group_names: Rc::default(),
            playback: Playback::default(),
            frames: FrameDriver::new(ctx.link().callback(Msg::Frame)),
            guide,
            lesson: None,
            selection: None,
            error: None,
            help: false,
            viewing_link: opened.is_some() && embed.is_none(),
            link_error,
            share_url: None,
            copied: None,
            embed_snippet: None,
            embed,
            embed_error,
            _keys: keys,
            _messages: {
                let link = ctx.link().clone();
                let window = web_sys::window().expect("a page has a window");
                EventListener::new(&window, "message", move |event| {
                    if let Some(request) = event.dyn_ref().and_then(remote::request) {
                        link.send_message(Msg::Remote(request));
                    }
                })
            },
            _resize: {
                let link = ctx.link().clone();
                let window = web_sys::window().expect("a page has a window");
                EventListener::new(&window, "resize", move |_| link.send_message(Msg::Resized))
            },
        };
        if let Some(options) = app.embed.clone() {
            if options.start > SimTime::ZERO {
                let start = options.start.min(app.end());
                app.session.seek(start);
            }
            app.playback.set_speed(options.speed);
            if options.autoplay {
                app.playback.play();
                app.request_frame();
            }
        }
        app.refresh();
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::TogglePlay if self.playback.is_playing() => self.playback.pause(),
            Msg::TogglePlay => {
                if self.session.now() >= self.end() {
                    return false;
                }
                self.playback.play();
                self.request_frame();
            }
            Msg::SetSpeed(speed) => self.playback.set_speed(speed),
            Msg::Reset => {
                let scenario = self.session.scenario().clone();
                let seed = self.session.seed();
                self.load(scenario, seed);
            }
            Msg::Step => {
                self.playback.pause();
                self.session.step();
                self.lesson_arrived();
                self.refresh();
            }
            Msg::Seek(target) => {
                self.session.seek(target.min(self.end()));
                self.plan_lesson();
                self.refresh();
            }
            // The same seed again (a change event when the field loses focus) keeps the run.
            Msg::SetSeed(seed) if seed == self.session.seed() => return false,
            Msg::SetSeed(seed) => {
                let scenario = self.session.scenario().clone();
                self.load_source(self.source.clone(), scenario, seed);
            }
            Msg::LoadPreset(index) => {
                let Some(preset) = PRESETS.get(index) else {
                    return false;
                };
                let scenario = Scenario::from_json(preset.json).expect("presets are valid");
                let seed = self.session.seed();
                self.load_source(AttrValue::Static(preset.json), scenario, seed);
            }
            Msg::ScenarioError(why) => self.scenario_errors = vec![why],
            Msg::ApplyScenario(text) => match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let seed = self.session.seed();
                    self.load_source(AttrValue::from(text), scenario, seed);
                }
                // The current scenario stays; the editor lists what is wrong, path first.
                Err(errors) => {
                    self.scenario_errors = errors.iter().map(ToString::to_string).collect();
                }
            },
            Msg::Frame(wall_ms) => {
                if !self.playback.is_playing() {
                    return false;
                }
                let end = self.play_end();
                if self.playback.speed().is_unpaced() {
                    let deadline = frames::wall_ms() + FRAME_BUDGET_MS;
                    while self.session.now() < end && frames::wall_ms() < deadline {
                        self.session
                            .seek((self.session.now() + UNPACED_SLICE).min(end));
                    }
                    // Redraw a few times a second only: drawing is time not spent simulating.
                    if self.session.now() < end && wall_ms - self.log_refreshed_ms < LOG_REFRESH_MS
                    {
                        self.request_frame();
                        return false;
                    }
                } else {
                    let target = (self.session.now() + self.playback.on_frame(wall_ms)).min(end);
                    self.session.seek(target);
                }
                let shown = self.log.clone();
                self.refresh();
                if wall_ms - self.log_refreshed_ms < LOG_REFRESH_MS && self.session.now() < end {
                    self.log = shown;
                } else {
                    self.log_refreshed_ms = wall_ms;
                }
                if self.lesson_arrived() {
                    // Paused at the lesson's next step.
                } else if self.session.now() >= end {
                    match self.embed.as_ref().filter(|e| e.looped) {
                        // A looping player starts over and plays on.
                        Some(options) => {
                            let start = options.start.min(end);
                            self.session.seek(start);
                            self.refresh();
                            self.request_frame();
                        }
                        None => self.playback.pause(),
                    }
                } else {
                    self.request_frame();
                }
            }
            Msg::Remote(Remote::Play) if !self.playback.is_playing() => {
                ctx.link().send_message(Msg::TogglePlay)
            }
            Msg::Remote(Remote::Pause) => self.playback.pause(),
            Msg::Remote(Remote::Play) => return false,
            Msg::Remote(Remote::Seek(at)) => ctx.link().send_message(Msg::Seek(at)),
            Msg::Remote(Remote::Read(host)) => {
                remote::answer(
                    &host,
                    self.session.now(),
                    self.playback.is_playing(),
                    &self.snapshot,
                );
                return false;
            }
            Msg::SelectNode(id) => {
                self.error = None;
                self.selection = Some(Selection::Node(id));
            }
            Msg::SelectMessage(id) => {
                self.error = None;
                self.selection = Some(Selection::Message(id));
            }
            Msg::CloseInspector => {
                self.selection = None;
                self.error = None;
            }
            Msg::Apply(command) => self.apply(command),
            Msg::Lesson(action) => {
                self.lesson_action(action);
                self.refresh();
            }
            Msg::CopyLink => {
                let url = format!("{}#{}", share_panel::page_address(), self.share_fragment());
                self.share_url = Some(AttrValue::from(url.clone()));
                self.copied = None;
                let link = ctx.link().clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let copied = page_io::copy_to_clipboard(url).await;
                    link.send_message(Msg::LinkCopied(copied));
                });
            }
            Msg::LinkCopied(copied) => self.copied = Some(copied),
            Msg::MakeEmbed => {
                let src = format!(
                    "{}?embed#{}",
                    share_panel::page_address()
                        .split('?')
                        .next()
                        .unwrap_or_default(),
                    self.share_fragment()
                );
                let title = self.session.scenario().title.replace('"', "&quot;");
                self.embed_snippet = Some(AttrValue::from(format!(
                    "<iframe src=\"{}\" title=\"{title}\" width=\"100%\" height=\"560\" style=\"border:0\"></iframe>",
                    src.replace('&', "&amp;")
                )));
            }
            Msg::KeepLink => {
                self.viewing_link = false;
                storage::save(&storage::Saved {
                    scenario: self.source.to_string(),
                    seed: self.session.seed(),
                });
                share_panel::forget_fragment();
            }
            Msg::LeaveLink => {
                self.viewing_link = false;
                share_panel::forget_fragment();
                let (source, scenario, seed) = saved_work().unwrap_or_else(first_preset);
                self.load_source(source, scenario, seed);
            }
            Msg::Resized => {
                let flow = window_flow();
                if flow == self.layout.flow {
                    return false;
                }
                self.layout = Rc::new(layout(&self.topology, flow));
            }
            Msg::Key(Shortcut::TogglePlay) => ctx.link().send_message(Msg::TogglePlay),
            Msg::Key(Shortcut::Step) => ctx.link().send_message(Msg::Step),
            Msg::Key(Shortcut::ToggleHelp) => self.help = !self.help,
            Msg::Key(Shortcut::CloseHelp) => self.help = false,
            // A read-only player takes no live commands.
            Msg::Key(Shortcut::Inject(_)) if self.embed.as_ref().is_some_and(|e| e.read_only) => {
                return false
            }
            Msg::Key(Shortcut::Inject(injection)) => {
                if let Some(command) = injection.command(&self.targets()) {
                    self.apply(command);
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        if let Some(options) = &self.embed {
            return self.embed_view(ctx, options);
        }
        let link = ctx.link();
        let scenario = self.session.scenario();
        let on_preset = link.callback(|event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            Msg::LoadPreset(select.value().parse().unwrap_or(usize::MAX))
        });
        html! {
            <>
                <header class="app-header">
                    <h1>{ "sqs-sim" }</h1>
                    <p class="tagline">{ "Amazon SQS on a virtual clock: watch producers, queues, consumers and dead-letter queues at work." }</p>
                </header>
                <main class="app-main">
                    <LinkBanner
                        viewing={self.viewing_link}
                        error={self.link_error.clone()}
                        on_keep={link.callback(|_| Msg::KeepLink)}
                        on_leave={link.callback(|_| Msg::LeaveLink)}
                    />
                    <section class="panel scenario" aria-label="Scenario">
                        <label class="preset">
                            { "Scenario " }
                            <select id="preset" onchange={on_preset}>
                                { for PRESETS.iter().enumerate().map(|(i, p)| {
                                    let title = Scenario::from_json(p.json).map(|s| s.title).unwrap_or_else(|_| p.file.to_owned());
                                    html! { <option value={i.to_string()} selected={Some(i) == self.preset}>{ title }</option> }
                                }) }
                                if self.preset.is_none() {
                                    <option value="custom" selected=true disabled=true>{ "Your scenario (edited or imported)" }</option>
                                }
                            </select>
                        </label>
                        <h2 id="scenario-title">{ &scenario.title }</h2>
                        <p id="lesson" class="lesson">{ &scenario.lesson }</p>
                    </section>
                    { self.controls(ctx, false) }
                    if let Some(guide) = &self.guide {
                        <LessonView guide={guide.clone()} progress={self.lesson.clone()} on_action={link.callback(Msg::Lesson)} />
                    }
                    <SharePanel
                        url={self.share_url.clone()}
                        copied={self.copied}
                        on_copy={link.callback(|_| Msg::CopyLink)}
                        snippet={self.embed_snippet.clone()}
                        on_embed={link.callback(|_| Msg::MakeEmbed)}
                    />
                    <TopologyView
                        topology={self.topology.clone()}
                        layout={self.layout.clone()}
                        snapshot={self.snapshot.clone()}
                        selected={match &self.selection { Some(Selection::Node(id)) => Some(id.clone()), _ => None }}
                        on_select={link.callback(Msg::SelectNode)}
                        moving={self.moving.clone()}
                        on_select_message={link.callback(Msg::SelectMessage)}
                        highlighted={self.highlighted()}
                    />
                    <div class="columns">
                        <Injections targets={self.targets()} on_command={link.callback(Msg::Apply)} error={self.error.clone()} />
                        <Inspector
                            inspected={self.inspected()}
                            snapshot={self.snapshot.clone()}
                            queues={self.queue_names.clone()}
                            workers={self.worker_fleets.clone()}
                            groups={self.group_names.clone()}
                            error={self.error.clone()}
                            on_command={link.callback(Msg::Apply)}
                            on_close={link.callback(|_| Msg::CloseInspector)}
                            on_select_message={link.callback(Msg::SelectMessage)}
                        />
                    </div>
                    if !self.session.scenario().direct_calls.is_empty() {
                        <Comparison snapshot={self.snapshot.clone()} />
                    }
                    <MetricsView snapshot={self.snapshot.clone()} />
                    if !scenario.checks.is_empty() {
                        <ChecksView checks={self.check_lines()} finished={self.session.now() >= self.end()} />
                    }
                    <Charts series={self.chart_series.clone()} dead_letter_queues={self.dead_letter_queues.clone()} run={self.run_series.clone()} now={self.session.now()} end={self.end()} on_seek={link.callback(Msg::Seek)} />
                    <CompareView source={self.source.clone()} seed={self.session.seed()} />
                    <ScenarioForm source={self.source.clone()} on_apply={link.callback(Msg::ApplyScenario)} on_error={link.callback(Msg::ScenarioError)} />
                    <ScenarioEditor source={self.source.clone()} errors={self.scenario_errors.clone()} on_apply={link.callback(Msg::ApplyScenario)} />
                    <ExportPanel source={self.source.clone()} />
                    <EventLog
                        events={self.log.clone()}
                        queues={self.queue_names.clone()}
                        workers={self.worker_fleets.clone()}
                        groups={self.group_names.clone()}
                        on_select_message={link.callback(Msg::SelectMessage)}
                    />
                    if self.help {
                        { help_dialog() }
                    }
                </main>
            </>
        }
    }
}

/// The queues some queue's redrive policy targets.
fn dead_letter_queues(scenario: &Scenario) -> Vec<String> {
    scenario
        .queues
        .iter()
        .filter_map(|q| Some(q.redrive.as_ref()?.dead_letter_queue.clone()))
        .collect()
}

/// The page's document (the app only runs in a browser).
fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

fn help_dialog() -> Html {
    let mut keys = vec![
        ("Space", "play / pause"),
        ("→", "step to the next event"),
        ("?", "show or hide this help"),
    ];
    keys.extend(
        super::injections::INJECTIONS
            .iter()
            .map(|i| (i.key(), i.label())),
    );
    html! {
        <div id="help" class="help" role="dialog" aria-label="Keyboard shortcuts">
            <h2>{ "Keyboard shortcuts" }</h2>
            <dl>
                { for keys.into_iter().map(|(key, what)| html! { <><dt><kbd>{ key }</kbd></dt><dd>{ what }</dd></> }) }
            </dl>
            <p class="hint">{ "Press ? or Escape to close." }</p>
        </div>
    }
}
