//! The bottom area: tabs for what sits beside the diagram (charts, numbers, the log, checks,
//! the JSON, the exports, comparisons, sharing), and the bar above them that resizes it.
//!
//! The tab list follows the WAI-ARIA tabs pattern: arrow keys move between tabs, the active
//! tab is the one stop in the Tab order. The splitter is a focusable separator: drag it, or
//! press ↑ / ↓.

use web_sys::HtmlElement;
use yew::prelude::*;

/// One tab of the bottom area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Charts,
    Metrics,
    Log,
    Checks,
    Json,
    Export,
    Compare,
    Sweep,
    Share,
}

impl Tab {
    pub const ALL: [Tab; 9] = [
        Tab::Charts,
        Tab::Metrics,
        Tab::Log,
        Tab::Checks,
        Tab::Json,
        Tab::Export,
        Tab::Compare,
        Tab::Sweep,
        Tab::Share,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Charts => "Charts",
            Tab::Metrics => "Metrics",
            Tab::Log => "Log",
            Tab::Checks => "Checks",
            Tab::Json => "JSON",
            Tab::Export => "Build on AWS",
            Tab::Compare => "Compare",
            Tab::Sweep => "Sweep",
            Tab::Share => "Share",
        }
    }

    /// The tab's id stem: `tab-charts` is the tab, `panel-charts` its panel.
    pub fn id(self) -> &'static str {
        match self {
            Tab::Charts => "charts",
            Tab::Metrics => "metrics",
            Tab::Log => "log",
            Tab::Checks => "checks",
            Tab::Json => "json",
            Tab::Export => "export",
            Tab::Compare => "compare",
            Tab::Sweep => "sweep",
            Tab::Share => "share",
        }
    }
}

/// The bottom area's height limits, in CSS pixels.
const MIN_HEIGHT: f64 = 120.0;
const KEY_STEP: f64 = 32.0;

/// The splitter's state, kept by the app across renders: the area, and while a drag lasts
/// where it started (pointer y, height then).
#[derive(Clone, Default)]
pub struct Splitter {
    pub area: NodeRef,
    pub dragging: std::rc::Rc<std::cell::Cell<Option<(f64, f64)>>>,
}

impl Splitter {
    /// The area's height now.
    fn current(&self) -> f64 {
        self.area
            .cast::<HtmlElement>()
            .map_or(240.0, |e| f64::from(e.offset_height()))
    }

    /// Sets the area's height, within limits: at least `MIN_HEIGHT`, at most three quarters of
    /// the window.
    fn set_height(&self, wanted: f64) {
        let Some(element) = self.area.cast::<HtmlElement>() else {
            return;
        };
        let most = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .map_or(800.0, |h| h * 0.75);
        let clamped = wanted.clamp(MIN_HEIGHT, most.max(MIN_HEIGHT));
        // CSSOM: the page's CSP forbids style attributes. The height set here stays: the
        // area's markup sets none, so a render does not undo it.
        let _ = element
            .style()
            .set_property("height", &format!("{clamped:.0}px"));
    }
}

pub struct TabsProps<'a> {
    pub active: Tab,
    pub on_select: Callback<Tab>,
    pub splitter: &'a Splitter,
    /// The panels, one per tab, in `Tab::ALL`'s order; the app hides the inactive ones.
    pub children: Html,
}

/// The bottom area: a plain function of the app's state (a component of its own costs the
/// page's download for machinery it does not need).
pub fn tabs(props: &TabsProps) -> Html {
    let splitter = props.splitter;
    let on_down = {
        let splitter = splitter.clone();
        Callback::from(move |event: PointerEvent| {
            let target: web_sys::Element = event.target_unchecked_into();
            let _ = target.set_pointer_capture(event.pointer_id());
            splitter
                .dragging
                .set(Some((f64::from(event.client_y()), splitter.current())));
        })
    };
    let on_move = {
        let splitter = splitter.clone();
        Callback::from(move |event: PointerEvent| {
            if let Some((start, from)) = splitter.dragging.get() {
                splitter.set_height(from + start - f64::from(event.client_y()));
            }
        })
    };
    let on_up = {
        let splitter = splitter.clone();
        Callback::from(move |_: PointerEvent| splitter.dragging.set(None))
    };
    let on_splitter_key = {
        let splitter = splitter.clone();
        Callback::from(move |event: KeyboardEvent| {
            let change = match event.key().as_str() {
                "ArrowUp" => KEY_STEP,
                "ArrowDown" => -KEY_STEP,
                _ => return,
            };
            event.prevent_default();
            splitter.set_height(splitter.current() + change);
        })
    };
    let on_tab_key = {
        let (active, on_select) = (props.active, props.on_select.clone());
        Callback::from(move |event: KeyboardEvent| {
            let at = Tab::ALL.iter().position(|t| *t == active).unwrap_or(0);
            let count = Tab::ALL.len();
            let next = match event.key().as_str() {
                "ArrowRight" => (at + 1) % count,
                "ArrowLeft" => (at + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            event.prevent_default();
            on_select.emit(Tab::ALL[next]);
            // Focus follows the selection, as the pattern asks.
            if let Some(tab) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("tab-{}", Tab::ALL[next].id())))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok())
            {
                let _ = tab.focus();
            }
        })
    };
    html! {
        <section ref={splitter.area.clone()} class="bottom" aria-label="Charts, numbers and tools">
            <div class="splitter" role="separator" aria-orientation="horizontal" aria-label="Resize the bottom area (↑ / ↓)" tabindex="0"
                onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up} onkeydown={on_splitter_key}></div>
            <div class="tablist" role="tablist" aria-label="Views" onkeydown={on_tab_key}>
                { for Tab::ALL.into_iter().map(|tab| {
                    let selected = tab == props.active;
                    html! {
                        <button id={format!("tab-{}", tab.id())} type="button" role="tab" aria-selected={selected.to_string()}
                            aria-controls={format!("panel-{}", tab.id())} tabindex={if selected { "0" } else { "-1" }}
                            onclick={props.on_select.reform(move |_: MouseEvent| tab)}>{ tab.label() }</button>
                    }
                }) }
            </div>
            { props.children.clone() }
        </section>
    }
}
