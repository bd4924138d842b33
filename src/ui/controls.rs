//! The clock bar: play/pause, speed, reset and the virtual-clock readout.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::playback::Speed;
use crate::sim::SimTime;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub speed: Speed,
    pub now: SimTime,
    pub on_toggle_play: Callback<()>,
    pub on_speed: Callback<Speed>,
    pub on_reset: Callback<()>,
}

#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let on_toggle = props.on_toggle_play.reform(|_: MouseEvent| ());
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_speed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let chosen = select.value().parse().ok().and_then(Speed::from_factor);
            if let Some(speed) = chosen {
                on_speed.emit(speed);
            }
        })
    };
    let (play_label, play_icon) = if props.playing {
        ("Pause", "❚❚")
    } else {
        ("Play", "▶")
    };

    html! {
        <section class="clock-bar" aria-label="Virtual clock">
            <button id="play-toggle" type="button" class="primary" aria-pressed={props.playing.to_string()} onclick={on_toggle}>
                <span aria-hidden="true">{ play_icon }</span>{ " " }{ play_label }
            </button>
            <button id="reset" type="button" onclick={on_reset}>{ "Reset" }</button>
            <label class="speed">
                { "Speed " }
                <select id="speed" onchange={on_speed}>
                    { for Speed::CHOICES.iter().map(|speed| html! {
                        <option value={speed.factor().to_string()} selected={*speed == props.speed}>{ speed.label() }</option>
                    }) }
                </select>
            </label>
            <div class="clock">
                <span class="clock-caption">{ "virtual time" }</span>
                <output id="clock" aria-live="off" data-virtual-ms={props.now.as_millis().to_string()}>{ props.now.to_string() }</output>
            </div>
        </section>
    }
}
