//! The clock bar: play/pause, step, reset, speed, the seed, the timeline scrubber and the
//! virtual-clock readout.

use std::time::Duration;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::playback::Speed;
use crate::sim::SimTime;

#[derive(PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub speed: Speed,
    pub now: SimTime,
    /// The end of the scenario (the scrubber's range).
    pub end: SimTime,
    pub seed: u64,
    pub on_toggle_play: Callback<()>,
    pub on_step: Callback<()>,
    pub on_speed: Callback<Speed>,
    pub on_reset: Callback<()>,
    pub on_seek: Callback<SimTime>,
    pub on_seed: Callback<u64>,
    /// The embed player's bar: play, step and the clock only.
    pub compact: bool,
}

pub fn controls(props: &ControlsProps) -> Html {
    let on_toggle = props.on_toggle_play.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_speed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            // Matched as the text `option_value` wrote, so no float is read back.
            let value = select.value();
            let chosen = Speed::CHOICES
                .into_iter()
                .find(|speed| option_value(*speed) == value);
            if let Some(speed) = chosen {
                on_speed.emit(speed);
            }
        })
    };
    // The scrubber counts tenths of a second; seeking happens as it moves.
    let on_scrub = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Ok(tenths) = input.value().parse::<u64>() {
                on_seek.emit(SimTime::ZERO + Duration::from_millis(tenths * 100));
            }
        })
    };
    let on_seed = {
        let on_seed = props.on_seed.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            // A seed that is not a whole number is ignored; the field shows the seed in use.
            if let Ok(seed) = input.value().trim().parse::<u64>() {
                on_seed.emit(seed);
            }
        })
    };
    let (play_label, play_icon) = if props.playing {
        ("Pause", "❚❚")
    } else {
        ("Play", "▶")
    };
    let tenths = |t: SimTime| (t.as_millis() / 100).to_string();

    html! {
        <section class="clock-bar" aria-label="Virtual clock">
            <button id="play-toggle" type="button" class="primary" aria-pressed={props.playing.to_string()} aria-keyshortcuts="Space" onclick={on_toggle}>
                <span aria-hidden="true">{ play_icon }</span>{ " " }{ play_label }
            </button>
            <button id="step" type="button" aria-keyshortcuts="ArrowRight" title="Run to the next instant that has events (→)" onclick={on_step}>{ "Step ▸" }</button>
            if !props.compact {
            <button id="reset" type="button" onclick={on_reset}>{ "Reset" }</button>
            <label class="speed">
                { "Speed " }
                <select id="speed" onchange={on_speed}>
                    { for Speed::CHOICES.iter().map(|speed| html! {
                        <option value={option_value(*speed)} selected={*speed == props.speed}>{ speed.label() }</option>
                    }) }
                </select>
            </label>
            <label class="seed">
                { "Seed " }
                <input id="seed" type="number" min="0" step="1" inputmode="numeric" value={props.seed.to_string()} onchange={on_seed} />
            </label>
            }
            <div class="clock">
                <span class="clock-caption">{ "virtual time" }</span>
                <output id="clock" aria-live="off" data-virtual-ms={props.now.as_millis().to_string()}>{ props.now.to_string() }</output>
            </div>
            <input id="scrubber" class="scrubber" type="range" min="0" max={tenths(props.end)} step="1"
                value={tenths(props.now)} aria-label="Timeline: seek to a moment of the run" oninput={on_scrub} />
        </section>
    }
}

/// A speed's `<option>` value: its factor ("10", "0.5"; "inf" for as fast as possible), which
/// tests and the benchmark select by.
fn option_value(speed: Speed) -> String {
    speed.factor().to_string()
}
