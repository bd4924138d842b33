//! The palette: what can be added to the design. Each item arrives named, with defaults, and
//! connected where it must be (to the selected node when that fits, see `sim::design`).

use yew::prelude::*;

use crate::sim::design::PaletteItem;

/// The id of an item's button (`add-fifo-queue`), for people who script the page and tests.
pub fn button_id(item: PaletteItem) -> &'static str {
    match item {
        PaletteItem::Producer => "add-producer",
        PaletteItem::Queue => "add-queue",
        PaletteItem::FifoQueue => "add-fifo-queue",
        PaletteItem::DeadLetterQueue => "add-dead-letter-queue",
        PaletteItem::Topic => "add-topic",
        PaletteItem::ConsumerFleet => "add-consumer-fleet",
        PaletteItem::LambdaFunction => "add-lambda-function",
        PaletteItem::Service => "add-service",
        PaletteItem::DirectCaller => "add-direct-caller",
    }
}

/// The short mark shown on the button beside its label.
fn mark(item: PaletteItem) -> &'static str {
    match item {
        PaletteItem::Producer => "P",
        PaletteItem::Queue => "Q",
        PaletteItem::FifoQueue => "F",
        PaletteItem::DeadLetterQueue => "D",
        PaletteItem::Topic => "T",
        PaletteItem::ConsumerFleet => "C",
        PaletteItem::LambdaFunction => "λ",
        PaletteItem::Service => "S",
        PaletteItem::DirectCaller => "O",
    }
}

#[derive(PartialEq)]
pub struct PaletteProps {
    pub on_add: Callback<PaletteItem>,
}

pub fn palette(props: &PaletteProps) -> Html {
    html! {
        <nav class="palette" aria-label="Add to the design">
            { for PaletteItem::ALL.into_iter().map(|item| {
                let onclick = props.on_add.reform(move |_: MouseEvent| item);
                html! {
                    <button id={button_id(item)} type="button" title={format!("Add: {}", item.label())} {onclick}>
                        <span class="mark" aria-hidden="true">{ mark(item) }</span>{ item.label() }
                    </button>
                }
            }) }
        </nav>
    }
}
