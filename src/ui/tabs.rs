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
    Share,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Charts,
        Tab::Metrics,
        Tab::Log,
        Tab::Checks,
        Tab::Json,
        Tab::Export,
        Tab::Compare,
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
            Tab::Share => "share",
        }
    }
}

/// The bottom area's height limits, in CSS pixels.
const MIN_HEIGHT: f64 = 120.0;
const KEY_STEP: f64 = 32.0;

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub active: Tab,
    pub on_select: Callback<Tab>,
    /// The panels, one per tab, in `Tab::ALL`'s order; the app hides the inactive ones.
    pub children: Html,
}

#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let area = use_node_ref();
    // The height chosen by dragging the splitter (none: the stylesheet's).
    let height = use_mut_ref(|| None::<f64>);
    let dragging = use_mut_ref(|| None::<(f64, f64)>);
    let set_height = {
        let (area, height) = (area.clone(), height.clone());
        move |wanted: f64| {
            let Some(element) = area.cast::<HtmlElement>() else {
                return;
            };
            let most = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .map_or(800.0, |h| h * 0.75);
            let clamped = wanted.clamp(MIN_HEIGHT, most.max(MIN_HEIGHT));
            *height.borrow_mut() = Some(clamped);
            // CSSOM: the page's CSP forbids style attributes.
            let _ = element
                .style()
                .set_property("height", &format!("{clamped:.0}px"));
        }
    };
    let current = {
        let (area, height) = (area.clone(), height.clone());
        move || {
            height.borrow().unwrap_or_else(|| {
                area.cast::<HtmlElement>()
                    .map_or(240.0, |e| f64::from(e.offset_height()))
            })
        }
    };
    let on_down = {
        let (dragging, current) = (dragging.clone(), current.clone());
        Callback::from(move |event: PointerEvent| {
            let target: web_sys::Element = event.target_unchecked_into();
            let _ = target.set_pointer_capture(event.pointer_id());
            *dragging.borrow_mut() = Some((f64::from(event.client_y()), current()));
        })
    };
    let on_move = {
        let (dragging, set_height) = (dragging.clone(), set_height.clone());
        Callback::from(move |event: PointerEvent| {
            if let Some((start, from)) = *dragging.borrow() {
                set_height(from + start - f64::from(event.client_y()));
            }
        })
    };
    let on_up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = None)
    };
    let on_splitter_key = Callback::from(move |event: KeyboardEvent| {
        let change = match event.key().as_str() {
            "ArrowUp" => KEY_STEP,
            "ArrowDown" => -KEY_STEP,
            _ => return,
        };
        event.prevent_default();
        set_height(current() + change);
    });
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
        <section ref={area} class="bottom" aria-label="Charts, numbers and tools">
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
