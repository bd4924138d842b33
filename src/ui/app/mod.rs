//! The root component: owns the design (the scenario document and its history), the session
//! (the run of it on a seed) and the playback state, drives the virtual clock from animation
//! frames, and hands snapshots to the views.
//!
//! The page is a workspace (`static/style.css` lays it out): the clock bar on top, the palette,
//! the canvas and the inspector in the middle, tabs below. Every change to the design goes
//! through the document: the canvas, the inspector and the JSON tab are three views of it, and
//! undo walks back over all of them. A change restarts the run from 0 on the same seed, unless
//! a running world can take it as a command at the current moment (`design::live_changes`: a
//! fleet's size, a producer's rate, a queue's attributes), which the notice under the bar says.
//!
//! ```text
//! mod.rs     the component: its state, messages, the clock, the workspace's view
//! design     design edits, undo and redo, and how a change carries the run over
//! lesson     the guided lesson: where the clock stops, the learner's moves
//! host       what a subscribed host page is told (postMessage protocol)
//! ```
//!
//! Frames are requested only while playing, so a paused page costs no CPU. Each frame's wall
//! timestamp goes through `Playback`, which says how much virtual time to run; a frame that
//! arrives after Pause advances nothing and requests no successor.

mod comparing;
mod design;
mod host;
mod lesson;
mod planner;
mod shortcuts;
use comparing::{CompareMsg, Comparing};
use planner::{Planner, SweepMsg};
use shortcuts::help_dialog;
pub use shortcuts::Shortcut;

use std::rc::Rc;
use std::time::Duration;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::html::Scope;
use yew::prelude::*;

use super::canvas::{Canvas, ConnectRequest, Refusal};
use super::charts::{charts, ChartCache, ConsumerSeries};
use super::checks_view::{checks_view, CheckLine, ChecksProps};
use super::comparison::{comparison, ComparisonProps};
use super::controls::{controls, ControlsProps};
use super::document::Document;
use super::embed::{self, EmbedOptions, Panel};
use super::event_log::{event_log, EventLogProps, Filter};
use super::export_panel::{export_panel, ExportProps, Shown};
use super::fields::{self, Field};
use super::frames::{self, FrameDriver};
use super::injections::{injections, InjectionsProps, Targets};
use super::inspector::{inspector, FieldError, Inspected, InspectorProps};
use super::layout::{layout_with, Flow, Layout, Point};
use super::lesson::LessonProgress;
use super::lesson_view::LessonAction;
use super::metrics_view::{metrics_view, MetricsProps};
use super::page_io;
use super::palette::{palette, PaletteProps};
use super::playback::{Playback, Speed};
use super::presets::{Preset, BLANK, PRESETS};
use super::protocol::{self, EventKind, Post, Request, Subscription};
use super::scenario_editor::{scenario_editor, EditorProps};
use super::session::Session;
use super::share;
use super::share_panel::{self, link_banner, share_panel, LinkBannerProps, ShareProps};
use super::shared::Shared;
use super::storage::{self, Saved};
use super::tabs::{tabs, Splitter, Tab, TabsProps};
use super::tokens::{moving, MovingToken, Routes};
use crate::sim::command::Command;
use crate::sim::design::PaletteItem;
use crate::sim::guide::Guide;
use crate::sim::metrics::{QueueSeries, RunSample};
use crate::sim::scaling::ScalingActivity;
use crate::sim::snapshot::ConsumerActivity;
use crate::sim::trace::TraceEvent;
use crate::sim::{Edge, NodeId, NodeKind, Scenario, SimTime, Snapshot, Topology};
use crate::worker::client::Workers;
use crate::worker::jobs::{Job, Outcome};

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
/// Autosave waits for the design to rest this long (a burst of edits saves once).
const AUTOSAVE_MS: u32 = 400;

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
    /// The scenario picker: a preset (its index), or a recent scenario (`recent-N`).
    Pick(String),
    /// A preset's text came (the picker's value to pick it again), or why it did not.
    PresetLoaded(Result<String, String>),
    /// An animation frame fired, with its wall timestamp in milliseconds.
    Frame(f64),
    /// A node of the diagram, or nothing (the scenario itself).
    Select(Option<NodeId>),
    SelectEdge(Edge),
    SelectMessage(String),
    /// A live command (the break-things buttons and keys).
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
    /// A host page's request (`postMessage`): who asked, its `id`, and the request or what
    /// is wrong with it.
    Host(
        web_sys::Window,
        wasm_bindgen::JsValue,
        Result<Request, String>,
    ),
    /// Time for a subscribed host's tick.
    Tick,
    /// Scenario JSON from the JSON tab or an imported file.
    ApplyScenario(String),
    /// The learner's move in the guided lesson.
    Lesson(LessonAction),
    /// Design edits.
    Add(PaletteItem),
    Connect(ConnectRequest),
    /// "Connect to…" in the inspector (the keyboard's way).
    ConnectTo(NodeId, NodeId),
    Move(NodeId, Point),
    Field(Field, String),
    /// Delete the selected node or connection.
    Delete,
    Undo,
    Redo,
    NewBlank,
    Duplicate,
    SetTab(Tab),
    /// Show the design as this export format.
    Export(crate::export::Format),
    /// The worker wrote an export of this document text, or could not.
    Exported(
        AttrValue,
        crate::export::Format,
        Result<AttrValue, AttrValue>,
    ),
    ExportCopied(bool),
    FilterLog(Filter),
    /// The design has rested: save it.
    Autosave,
    /// A refused connection's explanation has been read.
    ClearRefusal,
    /// "Compare two variants".
    Compare(CompareMsg),
    /// The capacity planner's form, sweep and report.
    Sweep(SweepMsg),
}

/// What the inspector is looking at (its content is rebuilt from the design on every view).
#[derive(Clone, Debug, PartialEq)]
enum Selection {
    Node(NodeId),
    Edge(Edge),
    Message(String),
}

pub struct App {
    /// The design: the scenario as JSON and parsed, with undo and redo.
    document: Document,
    /// The text the running session was made from: what a share link carries. It differs
    /// from the document after a change applied live (the run keeps its past).
    run_source: AttrValue,
    /// Why the last JSON edit or import was refused.
    scenario_errors: Vec<String>,
    session: Session,
    topology: Shared<Topology>,
    layout: Shared<Layout>,
    snapshot: Shared<Snapshot>,
    events: Rc<Vec<TraceEvent>>,
    /// What the event log shows: `events`, refreshed at most every `LOG_REFRESH_MS` of wall
    /// time while playing (nobody reads a log that changes 60 times a second, and redrawing it
    /// costs frames).
    log: Rc<Vec<TraceEvent>>,
    log_refreshed_ms: f64,
    routes: Routes,
    moving: Shared<Vec<MovingToken>>,
    chart_series: Rc<Vec<QueueSeries>>,
    /// The scenario's dead-letter queues, for their own chart.
    dead_letter_queues: Rc<Vec<String>>,
    run_series: Rc<Vec<RunSample>>,
    /// Autoscaled fleets' sizes and Lambda functions' concurrency, and every scaling decision
    /// so far.
    consumer_series: Rc<ConsumerSeries>,
    scaling: Rc<Vec<(SimTime, String, String)>>,
    queue_names: Rc<Vec<String>>,
    worker_fleets: Rc<Vec<String>>,
    group_names: Rc<Vec<String>>,
    playback: Playback,
    frames: FrameDriver,
    /// The scenario's guided lesson, and the learner's place in it once started.
    guide: Option<Rc<Guide>>,
    lesson: Option<LessonProgress>,
    selection: Option<Selection>,
    /// Why the last command or edit was refused.
    error: Option<String>,
    /// A refused field value, shown at its field.
    field_error: Option<FieldError>,
    /// A refused connection, shown where the pointer let go, and the timer that clears it.
    refusal: Option<Rc<Refusal>>,
    refusal_timer: Option<Timeout>,
    /// What the last change to the design did to the run ("restarted", "applied live").
    notice: Option<AttrValue>,
    tab: Tab,
    log_filter: Filter,
    /// The export format shown, with its code for the document as it is once the worker has
    /// written it.
    export: Option<Shown>,
    /// The page's Web Worker (started when first given a job).
    workers: Workers,
    comparing: Comparing,
    planner: Planner,
    chart_cache: ChartCache,
    splitter: Splitter,
    export_copied: Option<bool>,
    /// The picker's titles: the presets', and the recent work's (by its place in the list).
    /// Read once, not on every frame: each title costs a parse.
    preset_titles: Rc<Vec<String>>,
    recent_titles: Rc<Vec<(usize, String)>>,
    /// Bumped when another scenario is opened: the canvas fits it.
    fit_key: u32,
    /// The pending autosave (dropping it cancels it), and what it will save: the page's
    /// `pagehide` saves it at once if the page goes first.
    autosave: Option<Timeout>,
    unsaved: Rc<std::cell::RefCell<Option<Saved>>>,
    _pagehide: EventListener,
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
    /// The host page that subscribed to events, and the timer of its ticks.
    host: Option<(web_sys::Window, Subscription, Interval)>,
    /// Each check's last verdict told to the host (passed or not; `None` before it can be judged).
    told_checks: Vec<Option<bool>>,
    scope: Scope<App>,
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

/// The titles of the recent work, with their places in the list.
fn recent_titles() -> Vec<(usize, String)> {
    storage::recent()
        .iter()
        .enumerate()
        .filter_map(|(i, saved)| Some((i, Scenario::from_json(&saved.scenario).ok()?.title)))
        .collect()
}

/// The first preset with the default seed: a first visit's page (a blank one if the preset
/// could not be fetched).
fn first_preset() -> (AttrValue, Scenario, u64) {
    let json = PRESETS[0].text().unwrap_or(BLANK);
    let scenario = Scenario::from_json(json).expect("presets are valid");
    (AttrValue::Static(json), scenario, DEFAULT_SEED)
}

/// Below this window width (CSS pixels) the diagram flows down instead of across, and the
/// workspace stacks.
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

    /// The preset the document is, if it is one unchanged.
    fn preset(&self) -> Option<usize> {
        Preset::of(self.document.source())
    }

    /// Opens another scenario (a preset, a recent one, a new or duplicated one, an opened
    /// link): the design is replaced (undo brings it back; recent work keeps it after a
    /// reload), the run starts at 0 paused, and the canvas fits it.
    fn open(&mut self, source: AttrValue, scenario: Scenario, seed: u64) {
        let replaced = self.document.source().clone();
        if Preset::of(&replaced).is_none() && replaced != source {
            storage::remember(Saved {
                scenario: replaced.to_string(),
                seed: self.session.seed(),
            });
            self.recent_titles = Rc::new(recent_titles());
        }
        self.document.replace(source, scenario);
        self.scenario_errors.clear();
        self.selection = None;
        self.notice = None;
        self.fit_key += 1;
        self.playback.pause();
        self.rebuild_diagram();
        self.restart(seed);
        self.save_soon();
    }

    /// The diagram's shape from the document: topology, positions, token routes; and the
    /// export shown, written again for it.
    fn rebuild_diagram(&mut self) {
        let scenario = self.document.scenario().clone();
        if self.export.is_some() {
            self.write_export();
        }
        let topology = Topology::from_scenario(&scenario);
        self.layout = Shared::new(layout_with(&topology, window_flow(), &scenario.layout));
        self.routes = Routes::new(&scenario, &topology);
        self.dead_letter_queues = Rc::new(dead_letter_queues(&scenario));
        self.topology = Shared::new(topology);
        // A selection the change took away goes.
        let gone = match &self.selection {
            Some(Selection::Node(id)) => self.topology.node(id).is_none(),
            Some(Selection::Edge(edge)) => !self.topology.edges.contains(edge),
            _ => false,
        };
        if gone {
            self.selection = None;
        }
    }

    /// Asks the worker to write the export shown, for the document as it is.
    fn write_export(&mut self) {
        let Some((format, code)) = &mut self.export else {
            return;
        };
        let format = *format;
        *code = None;
        self.export_copied = None;
        let (scope, source) = (self.scope.clone(), self.document.source().clone());
        let job = Job::Export {
            scenario: source.to_string(),
            format,
        };
        self.workers.submit(job, move |answer| {
            let code = match answer {
                Ok(Outcome::Export { code }) => Ok(AttrValue::from(code)),
                Ok(Outcome::Refused { why }) => Err(AttrValue::from(why)),
                Ok(_) => Err(AttrValue::from("The worker answered with something else.")),
                Err(why) => Err(AttrValue::from(format!(
                    "The export could not be written: {why}."
                ))),
            };
            scope.send_message(Msg::Exported(source, format, code));
        });
    }

    /// A run of the document from t = 0 on `seed`; playing goes on if it was.
    fn restart(&mut self, seed: u64) {
        let scenario = (**self.document.scenario()).clone();
        self.guide = scenario.guide.clone().map(Rc::new);
        self.lesson = None;
        self.session = Session::new(scenario, seed);
        self.run_source = self.document.source().clone();
        self.error = None;
        self.refresh();
        if self.playback.is_playing() {
            self.request_frame();
        }
    }

    /// The charts of the run so far, cursors at the clock.
    fn charts(&self, ctx: &Context<Self>, compact: bool) -> Html {
        let data = self.chart_cache.get(
            &self.chart_series,
            &self.dead_letter_queues,
            &self.run_series,
            &self.consumer_series,
            self.end(),
        );
        let on_seek = ctx.link().callback(Msg::Seek);
        charts(&data, self.session.now(), self.end(), &on_seek, compact)
    }

    /// Saves the design once it has rested (a burst of edits saves once), or when the page
    /// goes away before that.
    fn save_soon(&mut self) {
        // A link being looked at, or a player embedded in someone's page, saves nothing.
        if self.viewing_link || self.embed.is_some() {
            return;
        }
        *self.unsaved.borrow_mut() = Some(Saved {
            scenario: self.document.source().to_string(),
            seed: self.session.seed(),
        });
        let scope = self.scope.clone();
        self.autosave = Some(Timeout::new(AUTOSAVE_MS, move || {
            scope.send_message(Msg::Autosave)
        }));
    }

    /// Saves the design as it stands now.
    fn save_now(&mut self) {
        self.autosave = None;
        self.unsaved.borrow_mut().take();
        if self.viewing_link || self.embed.is_some() {
            return;
        }
        storage::save(&Saved {
            scenario: self.document.source().to_string(),
            seed: self.session.seed(),
        });
    }

    /// Re-reads the session after the clock moved or a command changed the world.
    fn refresh(&mut self) {
        self.snapshot = Shared::new(self.session.snapshot());
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
            self.consumer_series = Rc::new(ConsumerSeries {
                fleets: metrics.fleet_series.clone(),
                functions: (metrics.lambdas.iter())
                    .filter(|f| !f.function.is_empty())
                    .cloned()
                    .collect(),
            });
        }
        if metrics.scaling.len() != self.scaling.len() {
            let consumers = &self.session.simulation().scenario().consumers;
            let line = |a: &ScalingActivity| {
                let fleet = &consumers[a.consumer];
                let target = fleet
                    .autoscaling
                    .as_ref()
                    .map_or(0.0, |p| p.target_backlog_per_instance);
                (a.at, fleet.name.clone(), a.describe(target))
            };
            self.scaling = Rc::new(metrics.scaling.iter().map(line).collect());
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
        self.moving = Shared::new(if speed.is_unpaced() {
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

    /// The clock bar: the whole of it, or the embed player's (play, step, clock, timeline).
    fn controls(&self, ctx: &Context<Self>, compact: bool) -> Html {
        let link = ctx.link();
        controls(&ControlsProps {
            compact,
            playing: self.playback.is_playing(),
            speed: self.playback.speed(),
            now: self.session.now(),
            end: self.end(),
            seed: self.session.seed(),
            on_toggle_play: link.callback(|_| Msg::TogglePlay),
            on_step: link.callback(|_| Msg::Step),
            on_speed: link.callback(Msg::SetSpeed),
            on_reset: link.callback(|_| Msg::Reset),
            on_seek: link.callback(Msg::Seek),
            on_seed: link.callback(Msg::SetSeed),
        })
    }

    /// The share link's fragment for the run as it stands: the scenario the run was made
    /// from, with the live commands, so that the link opens this very run.
    fn share_fragment(&self) -> String {
        share::encode(
            &self.run_source,
            self.session.seed(),
            self.session.now(),
            self.session.commands(),
        )
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
        let dead_letter_queues: Vec<&str> =
            self.dead_letter_queues.iter().map(String::as_str).collect();
        let queue = selected
            .filter(|n| n.kind == NodeKind::Queue || n.kind == NodeKind::DeadLetterQueue)
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

    /// What the inspector shows, and its fields.
    fn inspected(&self) -> (Inspected, Rc<Vec<Field>>) {
        let design = self.document.scenario();
        match &self.selection {
            Some(Selection::Message(id)) => (
                Inspected::Message {
                    id: id.clone(),
                    history: self.session.history(id),
                },
                Rc::default(),
            ),
            Some(Selection::Node(id)) => match design.spot(id) {
                Some(spot) => (
                    Inspected::Node {
                        id: id.clone(),
                        spot,
                        targets: design.connection_targets(id),
                    },
                    Rc::new(fields::fields(design, Some(spot))),
                ),
                None => (Inspected::Scenario, Rc::new(fields::fields(design, None))),
            },
            Some(Selection::Edge(edge)) => {
                // A redrive edits its queue's maxReceiveCount.
                let fields = design
                    .spot(&edge.from)
                    .filter(|_| edge.kind == crate::sim::EdgeKind::Redrive)
                    .map(|spot| {
                        fields::fields(design, Some(spot))
                            .into_iter()
                            .filter(|f| f.label == "max_receive_count")
                            .collect()
                    })
                    .unwrap_or_default();
                (Inspected::Edge(edge.clone()), Rc::new(fields))
            }
            None => (Inspected::Scenario, Rc::new(fields::fields(design, None))),
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
            Some(shared) => shared.session(scenario.clone()),
            None => Session::new(scenario.clone(), seed),
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
        let unsaved: Rc<std::cell::RefCell<Option<Saved>>> = Rc::default();
        let mut app = App {
            layout: Shared::new(layout_with(&topology, window_flow(), &scenario.layout)),
            document: Document::new(source.clone(), scenario),
            run_source: source,
            scenario_errors: Vec::new(),
            topology: Shared::new(topology),
            snapshot: Shared::new(session.snapshot()),
            session,
            events: Rc::default(),
            log: Rc::default(),
            log_refreshed_ms: f64::NEG_INFINITY,
            routes,
            moving: Shared::default(),
            chart_series: Rc::default(),
            dead_letter_queues: dead_letters,
            run_series: Rc::default(),
            consumer_series: Rc::default(),
            scaling: Rc::default(),
            queue_names: Rc::default(),
            worker_fleets: Rc::default(),
            group_names: Rc::default(),
            playback: Playback::default(),
            frames: FrameDriver::new(ctx.link().callback(Msg::Frame)),
            guide,
            lesson: None,
            selection: None,
            error: None,
            field_error: None,
            refusal: None,
            refusal_timer: None,
            notice: None,
            tab: Tab::Charts,
            log_filter: Filter::default(),
            export: None,
            workers: Workers::default(),
            comparing: Comparing::default(),
            chart_cache: ChartCache::default(),
            splitter: Splitter::default(),
            planner: Planner::default(),
            export_copied: None,
            preset_titles: Rc::new(PRESETS.iter().map(|p| p.title.to_owned()).collect()),
            recent_titles: Rc::new(recent_titles()),
            fit_key: 0,
            autosave: None,
            _pagehide: {
                let unsaved = unsaved.clone();
                let window = web_sys::window().expect("a page has a window");
                EventListener::new(&window, "pagehide", move |_| {
                    if let Some(saved) = unsaved.borrow_mut().take() {
                        storage::save(&saved);
                    }
                })
            },
            unsaved,
            help: false,
            viewing_link: opened.is_some() && embed.is_none(),
            link_error,
            share_url: None,
            copied: None,
            embed_snippet: None,
            embed,
            embed_error,
            host: None,
            told_checks: Vec::new(),
            scope: ctx.link().clone(),
            _keys: keys,
            _messages: {
                let link = ctx.link().clone();
                let window = web_sys::window().expect("a page has a window");
                EventListener::new(&window, "message", move |event| {
                    if let Some((host, id, request)) = event.dyn_ref().and_then(protocol::receive) {
                        link.send_message(Msg::Host(host, id, request));
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
        protocol::announce();
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
                self.playback.pause();
                self.notice = None;
                self.restart(self.session.seed());
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
                self.playback.pause();
                self.restart(seed);
                self.save_soon();
            }
            Msg::Pick(value) => {
                let seed = self.session.seed();
                if let Some(index) = value.strip_prefix("recent-") {
                    let recent = storage::recent();
                    let Some(saved) = index.parse::<usize>().ok().and_then(|i| recent.get(i))
                    else {
                        return false;
                    };
                    let Ok(scenario) = Scenario::from_json(&saved.scenario) else {
                        return false;
                    };
                    self.open(
                        AttrValue::from(saved.scenario.clone()),
                        scenario,
                        saved.seed,
                    );
                } else {
                    let Some(preset) = value.parse::<usize>().ok().and_then(|i| PRESETS.get(i))
                    else {
                        return false;
                    };
                    let Some(text) = preset.text() else {
                        // Fetched the first time, then picked again.
                        let (link, preset) = (ctx.link().clone(), *preset);
                        wasm_bindgen_futures::spawn_local(async move {
                            let fetched = preset.fetch().await.map(|_| value);
                            link.send_message(Msg::PresetLoaded(fetched));
                        });
                        return false;
                    };
                    match Scenario::from_json(text) {
                        Ok(scenario) => self.open(AttrValue::Static(text), scenario, seed),
                        Err(errors) => {
                            self.notice =
                                Some(AttrValue::from(format!("{}: {}", preset.file, errors[0])))
                        }
                    }
                }
            }
            Msg::PresetLoaded(Ok(value)) => return Component::update(self, ctx, Msg::Pick(value)),
            Msg::PresetLoaded(Err(why)) => self.notice = Some(AttrValue::from(why)),
            Msg::Compare(msg) => return self.compare_update(msg),
            Msg::Sweep(msg) => return self.planner_update(msg),
            Msg::ApplyScenario(text) => match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let old = self.document.scenario().clone();
                    self.scenario_errors.clear();
                    self.document.replace(AttrValue::from(text), scenario);
                    self.after_change(&old);
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
                        None => {
                            self.playback.pause();
                            self.tell(EventKind::Ended, || Post::Ended(self.state()));
                        }
                    }
                } else {
                    self.request_frame();
                }
                self.tell_checks();
            }
            Msg::Host(host, id, request) => {
                let reply = match request {
                    Err(error) => Post::Error { error },
                    Ok(Request::Read) => Post::State(self.state()),
                    Ok(request) => {
                        let kind = match request {
                            Request::Play => {
                                if !self.playback.is_playing() {
                                    ctx.link().send_message(Msg::TogglePlay);
                                }
                                protocol::Kind::Play
                            }
                            Request::Pause => {
                                self.playback.pause();
                                protocol::Kind::Pause
                            }
                            Request::Seek(at) => {
                                ctx.link().send_message(Msg::Seek(at));
                                protocol::Kind::Seek
                            }
                            Request::Subscribe(subscription) => {
                                let scope = self.scope.clone();
                                let ticks = Interval::new(subscription.tick_ms, move || {
                                    scope.send_message(Msg::Tick)
                                });
                                self.told_checks.clear();
                                self.host = Some((host.clone(), subscription, ticks));
                                protocol::Kind::Subscribe
                            }
                            Request::Unsubscribe => {
                                self.host = None;
                                protocol::Kind::Unsubscribe
                            }
                            Request::Read => unreachable!("answered above"),
                        };
                        Post::Done { request: kind }
                    }
                };
                protocol::post(&host, &id, &reply);
            }
            Msg::Tick => {
                if self.playback.is_playing() {
                    self.tell(EventKind::Tick, || Post::Tick(self.state()));
                }
                return false;
            }
            Msg::Select(id) => {
                self.error = None;
                self.field_error = None;
                self.selection = id.map(Selection::Node);
            }
            Msg::SelectEdge(edge) => {
                self.error = None;
                self.field_error = None;
                self.selection = Some(Selection::Edge(edge));
            }
            Msg::SelectMessage(id) => {
                self.error = None;
                self.selection = Some(Selection::Message(id));
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
                self.save_now();
                share_panel::forget_fragment();
            }
            Msg::LeaveLink => {
                self.viewing_link = false;
                share_panel::forget_fragment();
                let (source, scenario, seed) = saved_work().unwrap_or_else(first_preset);
                self.open(source, scenario, seed);
            }
            Msg::Resized => {
                let flow = window_flow();
                if flow == self.layout.flow {
                    return false;
                }
                self.rebuild_diagram();
            }
            Msg::SetTab(tab) => self.tab = tab,
            Msg::FilterLog(filter) => self.log_filter = filter,
            Msg::Export(format) => {
                self.export = Some((format, None));
                self.write_export();
            }
            Msg::Exported(source, format, code) => {
                // An answer for a scenario or a format no longer shown is dropped.
                let current = self.export.as_ref().map(|(f, _)| *f) == Some(format);
                if !current || source != *self.document.source() {
                    return false;
                }
                self.export = Some((format, Some(code)));
            }
            Msg::ExportCopied(copied) => self.export_copied = Some(copied),
            Msg::Autosave => {
                self.save_now();
                return false;
            }
            Msg::ClearRefusal => {
                self.refusal = None;
                self.refusal_timer = None;
            }
            Msg::Key(Shortcut::TogglePlay) => ctx.link().send_message(Msg::TogglePlay),
            Msg::Key(Shortcut::Step) => ctx.link().send_message(Msg::Step),
            Msg::Key(Shortcut::ToggleHelp) => self.help = !self.help,
            Msg::Key(Shortcut::CloseHelp) => self.help = false,
            // A player embedded in someone's page is not a workspace.
            Msg::Key(Shortcut::Undo | Shortcut::Redo | Shortcut::Delete)
                if self.embed.is_some() =>
            {
                return false
            }
            Msg::Key(Shortcut::Undo) => return self.design_update(Msg::Undo),
            Msg::Key(Shortcut::Redo) => return self.design_update(Msg::Redo),
            Msg::Key(Shortcut::Delete) => return self.design_update(Msg::Delete),
            // A read-only player takes no live commands.
            Msg::Key(Shortcut::Inject(_)) if self.embed.as_ref().is_some_and(|e| e.read_only) => {
                return false
            }
            Msg::Key(Shortcut::Inject(injection)) => {
                if let Some(command) = injection.command(&self.targets()) {
                    self.apply(command);
                }
            }
            design => return self.design_update(design),
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        if let Some(options) = &self.embed {
            return self.embed_view(ctx, options);
        }
        let link = ctx.link();
        let scenario = self.session.scenario();
        let on_pick = link.callback(|event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            Msg::Pick(select.value())
        });
        let (inspected, fields) = self.inspected();
        let selected_node = match &self.selection {
            Some(Selection::Node(id)) => Some(id.clone()),
            _ => None,
        };
        let selected_edge = match &self.selection {
            Some(Selection::Edge(edge)) => Some(edge.clone()),
            _ => None,
        };
        let narrow = self.layout.flow == Flow::Down;
        let panel = |tab: Tab, content: Html| {
            html! {
                <div id={format!("panel-{}", tab.id())} role="tabpanel" aria-labelledby={format!("tab-{}", tab.id())}
                    class="tab-panel" hidden={tab != self.tab}>{ content }</div>
            }
        };
        // Live views render only when shown; the others keep what a person typed.
        let live = |tab: Tab, content: &dyn Fn() -> Html| {
            panel(
                tab,
                if tab == self.tab {
                    content()
                } else {
                    Html::default()
                },
            )
        };
        html! {
            <div class={classes!("workspace", narrow.then_some("narrow"))}>
                <header class="bar">
                    <h1>{ "sqs-sim" }</h1>
                    <div class="scenario-picker">
                        <label for="preset" class="visually-hidden">{ "Scenario" }</label>
                        <select id="preset" onchange={on_pick} title={scenario.title.clone()}>
                            <optgroup label="Built-in scenarios">
                                { for self.preset_titles.iter().enumerate().map(|(i, title)| html! {
                                    <option value={i.to_string()} selected={Some(i) == self.preset()}>{ title }</option>
                                }) }
                            </optgroup>
                            if !self.recent_titles.is_empty() {
                                <optgroup label="Recent work">
                                    { for self.recent_titles.iter().map(|(i, title)| html! { <option value={format!("recent-{i}")}>{ title }</option> }) }
                                </optgroup>
                            }
                            if self.preset().is_none() {
                                <option value="custom" selected=true disabled=true>{ format!("{} (yours)", self.document.scenario().title) }</option>
                            }
                        </select>
                        <button id="new-scenario" type="button" onclick={link.callback(|_| Msg::NewBlank)} title="A blank scenario to build on the diagram">{ "New" }</button>
                        <button id="duplicate-scenario" type="button" onclick={link.callback(|_| Msg::Duplicate)} title="A copy of this scenario to change">{ "Duplicate" }</button>
                    </div>
                    <div class="history" role="group" aria-label="History">
                        <button id="undo" type="button" disabled={!self.document.can_undo()} aria-keyshortcuts="Control+Z" onclick={link.callback(|_| Msg::Undo)}>{ "↶ Undo" }</button>
                        <button id="redo" type="button" disabled={!self.document.can_redo()} aria-keyshortcuts="Control+Shift+Z" onclick={link.callback(|_| Msg::Redo)}>{ "↷ Redo" }</button>
                    </div>
                    <span id="scenario-title" class="scenario-title">{ &self.document.scenario().title }</span>
                    { self.controls(ctx, false) }
                </header>
                <div class="banners">
                    { link_banner(&LinkBannerProps {
                        viewing: self.viewing_link,
                        error: self.link_error.clone(),
                        on_keep: link.callback(|_| Msg::KeepLink),
                        on_leave: link.callback(|_| Msg::LeaveLink),
                    }) }
                    if let Some(notice) = &self.notice {
                        <p id="notice" class="notice" role="status">{ notice }</p>
                    }
                </div>
                { palette(&PaletteProps { on_add: link.callback(Msg::Add) }) }
                <main class="stage">
                    <Canvas
                        topology={self.topology.clone()}
                        layout={self.layout.clone()}
                        snapshot={self.snapshot.clone()}
                        moving={self.moving.clone()}
                        highlighted={self.highlighted()}
                        {selected_node}
                        {selected_edge}
                        design={Some(Shared::from(self.document.scenario().clone()))}
                        on_select={link.callback(Msg::Select)}
                        on_select_edge={link.callback(Msg::SelectEdge)}
                        on_select_message={link.callback(Msg::SelectMessage)}
                        on_move={link.callback(|(id, to)| Msg::Move(id, to))}
                        on_connect={link.callback(Msg::Connect)}
                        refusal={self.refusal.clone()}
                        fit_key={self.fit_key}
                        fill={!narrow}
                    />
                </main>
                <aside class="side-column">
                    { self.lesson_panel(ctx) }
                    { inspector(&InspectorProps {
                        inspected,
                        fields,
                        topology: self.topology.clone(),
                        snapshot: self.snapshot.clone(),
                        queues: self.queue_names.clone(),
                        workers: self.worker_fleets.clone(),
                        groups: self.group_names.clone(),
                        field_error: self.field_error.clone(),
                        error: self.error.clone(),
                        running: self.session.now() > SimTime::ZERO,
                        on_field: link.callback(|(field, text)| Msg::Field(field, text)),
                        on_connect: link.callback(|(from, to)| Msg::ConnectTo(from, to)),
                        on_delete: link.callback(|_| Msg::Delete),
                        on_select_node: link.callback(Msg::Select),
                        on_select_edge: link.callback(Msg::SelectEdge),
                        on_select_message: link.callback(Msg::SelectMessage),
                    }) }
                    { injections(&InjectionsProps { targets: self.targets(), on_command: link.callback(Msg::Apply), error: self.error.clone() }) }
                </aside>
                { tabs(&TabsProps {
                    active: self.tab,
                    on_select: link.callback(Msg::SetTab),
                    splitter: &self.splitter,
                    children: html! { <>
                    { live(Tab::Charts, &|| html! {
                        { self.charts(ctx, false) }
                    }) }
                    { live(Tab::Metrics, &|| html! {
                        <>
                            if !scenario.direct_calls.is_empty() {
                                { comparison(&ComparisonProps { snapshot: self.snapshot.clone() }) }
                            }
                            { metrics_view(&MetricsProps { snapshot: self.snapshot.clone() }) }
                        </>
                    }) }
                    { live(Tab::Log, &|| html! {
                        { event_log(&EventLogProps {
                            events: self.log.clone(),
                            queues: self.queue_names.clone(),
                            workers: self.worker_fleets.clone(),
                            groups: self.group_names.clone(),
                            on_select_message: link.callback(Msg::SelectMessage),
                            scaling: self.scaling.clone(),
                            filter: self.log_filter.clone(),
                            on_filter: link.callback(Msg::FilterLog),
                        }) }
                    }) }
                    { live(Tab::Checks, &|| if scenario.checks.is_empty() {
                        html! { <p class="hint">{ "This scenario states no checks. Add some in the JSON: {\"metric\": \"moved_to_dlq\", \"equals\": 0}." }</p> }
                    } else {
                        checks_view(&ChecksProps { checks: self.check_lines(), finished: self.session.now() >= self.end() })
                    }) }
                    { panel(Tab::Json, html! {
                        { scenario_editor(&EditorProps {
                            source: self.document.source().clone(),
                            errors: self.scenario_errors.clone(),
                            on_apply: link.callback(Msg::ApplyScenario),
                        }) }
                    }) }
                    { panel(Tab::Export, export_panel(&ExportProps {
                        shown: self.export.clone(),
                        copied: self.export_copied,
                        on_show: link.callback(Msg::Export),
                        on_copied: link.callback(Msg::ExportCopied),
                    })) }
                    { live(Tab::Compare, &|| self.compare_view(ctx)) }
                    { live(Tab::Sweep, &|| self.planner_view(ctx)) }
                    { panel(Tab::Share, html! {
                        { share_panel(&ShareProps {
                            url: self.share_url.clone(),
                            copied: self.copied,
                            on_copy: link.callback(|_| Msg::CopyLink),
                            snippet: self.embed_snippet.clone(),
                            on_embed: link.callback(|_| Msg::MakeEmbed),
                        }) }
                    }) }
                    </> },
                }) }
                if self.help {
                    { help_dialog() }
                }
            </div>
        }
    }
}

impl App {
    /// The embed player: the panels its options ask for, in their order, and nothing else.
    fn embed_view(&self, ctx: &Context<Self>, options: &EmbedOptions) -> Html {
        let full_app = format!("./#{}", self.share_fragment());
        let panel = |panel: &Panel| match panel {
            Panel::Controls => self.controls(ctx, true),
            Panel::Topology => html! {
                <Canvas
                    topology={self.topology.clone()}
                    layout={self.layout.clone()}
                    snapshot={self.snapshot.clone()}
                    moving={self.moving.clone()}
                    highlighted={self.highlighted()}
                />
            },
            Panel::Lesson => self.lesson_panel(ctx),
            Panel::Chart => html! {
                { self.charts(ctx, true) }
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
}

/// The queues some queue's redrive policy targets.
fn dead_letter_queues(scenario: &Scenario) -> Vec<String> {
    scenario
        .queues
        .iter()
        .filter_map(|q| Some(q.dead_letter_target()?.0))
        .collect()
}

/// The page's document (the app only runs in a browser).
fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}
