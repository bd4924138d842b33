//! The root component: owns the model and the playback state, and drives the virtual clock
//! from animation frames.
//!
//! Frames are requested only while playing, so a paused page costs no CPU. Each frame's wall
//! timestamp goes through `Playback`, which says how much virtual time to run; a frame that
//! arrives after Pause advances nothing and requests no successor.

use std::rc::Rc;

use yew::prelude::*;

use super::controls::Controls;
use super::frames::FrameDriver;
use super::layout::{layout, Layout};
use super::playback::{Playback, Speed};
use super::topology_view::TopologyView;
use crate::sim::{SimTime, Topology};

/// What the app reacts to.
pub enum Msg {
    /// The play/pause button.
    TogglePlay,
    /// The speed control.
    SetSpeed(Speed),
    /// Back to t = 0, paused.
    Reset,
    /// An animation frame fired, with its wall timestamp in milliseconds.
    Frame(f64),
}

pub struct App {
    topology: Rc<Topology>,
    layout: Rc<Layout>,
    playback: Playback,
    now: SimTime,
    frames: FrameDriver,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let topology = Topology::order_processing();
        let layout = layout(&topology);
        App {
            topology: Rc::new(topology),
            layout: Rc::new(layout),
            playback: Playback::default(),
            now: SimTime::ZERO,
            frames: FrameDriver::new(ctx.link().callback(Msg::Frame)),
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::TogglePlay if self.playback.is_playing() => self.playback.pause(),
            Msg::TogglePlay => {
                self.playback.play();
                self.frames.request();
            }
            Msg::SetSpeed(speed) => self.playback.set_speed(speed),
            Msg::Reset => {
                self.playback.pause();
                self.now = SimTime::ZERO;
            }
            Msg::Frame(wall_ms) => {
                if !self.playback.is_playing() {
                    return false;
                }
                self.now += self.playback.on_frame(wall_ms);
                self.frames.request();
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <>
                <header class="app-header">
                    <h1>{ "sqs-sim" }</h1>
                    <p class="tagline">{ "Amazon SQS on a virtual clock: watch producers, queues, consumers and dead-letter queues at work." }</p>
                </header>
                <main class="app-main">
                    <Controls
                        playing={self.playback.is_playing()}
                        speed={self.playback.speed()}
                        now={self.now}
                        on_toggle_play={link.callback(|_| Msg::TogglePlay)}
                        on_speed={link.callback(Msg::SetSpeed)}
                        on_reset={link.callback(|_| Msg::Reset)}
                    />
                    <TopologyView topology={self.topology.clone()} layout={self.layout.clone()} />
                </main>
            </>
        }
    }
}
