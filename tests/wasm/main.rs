//! Tests that run inside headless Chromium through wasm-bindgen-test: the same code the page
//! runs, compiled to wasm32.
//!
//! `cargo test --target wasm32-unknown-unknown --test wasm` (with CHROMEDRIVER set) runs them;
//! natively this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use sqs_sim::sim::{SimTime, Topology};
use sqs_sim::ui::canvas::{Canvas, CanvasProps};
use sqs_sim::ui::layout::{layout, Flow};
use sqs_sim::ui::playback::{Playback, Speed};
use sqs_sim::ui::shared::Shared;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Virtual time must come out the same in wasm32 as natively: the same frames give the same
/// milliseconds (the native unit tests assert the same figures).
#[wasm_bindgen_test]
fn playback_turns_frames_into_the_same_virtual_time_as_natively() {
    let mut playback = Playback::default();
    playback.play();
    playback.set_speed(Speed::from_factor(0.1).unwrap());
    playback.on_frame(0.0);
    let total: Duration = (1..=600)
        .map(|i| playback.on_frame(f64::from(i) * 1000.0 / 60.0))
        .sum();
    assert!((999..=1000).contains(&total.as_millis()), "{total:?}");
    assert_eq!(
        (SimTime(3_723_045) + total).to_string()[..5].to_owned(),
        "01:02"
    );
}

/// The diagram (read-only, as an embed shows it), mounted into a real DOM, draws one labelled
/// group per node, with the queue's live counts from a snapshot.
#[wasm_bindgen_test]
async fn the_canvas_draws_one_labelled_group_per_node() {
    use sqs_sim::sim::{Scenario, Simulation};
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let text = include_str!("../../static/scenarios/order-processing.json");
    let scenario = Scenario::from_json(text).unwrap();
    let topology = Topology::from_scenario(&scenario);
    let mut sim = Simulation::new(scenario, 42);
    sim.run_for(Duration::from_secs(60));
    let snapshot = sim.snapshot();
    let in_flight = snapshot.queues[0].approximate_number_of_messages_not_visible;
    let props = CanvasProps {
        layout: Shared::new(layout(&topology, Flow::Across)),
        topology: Shared::new(topology),
        snapshot: Shared::new(snapshot),
        moving: Shared::default(),
        highlighted: Default::default(),
        selected_node: None,
        selected_edge: None,
        design: None,
        on_select: yew::Callback::noop(),
        on_select_edge: yew::Callback::noop(),
        on_select_message: yew::Callback::noop(),
        on_move: yew::Callback::noop(),
        on_connect: yew::Callback::noop(),
        refusal: None,
        fit_key: 0,
        fill: false,
    };
    yew::Renderer::<Canvas>::with_root_and_props(root.clone(), props).render();
    // Rendering is scheduled on the microtask queue; a zero timeout runs after it.
    gloo_timers::future::TimeoutFuture::new(0).await;

    let nodes = root.query_selector_all("[data-node-kind]").unwrap();
    assert_eq!(nodes.length(), 4);
    let labels: Vec<String> = (0..nodes.length())
        .map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default())
        .collect();
    for expected in ["checkout", "orders", "order-processor", "orders-dlq"] {
        assert!(
            labels.iter().any(|label| label.contains(expected)),
            "{expected} missing from {labels:?}"
        );
    }
    assert_eq!(
        root.query_selector_all("[data-edge-kind]")
            .unwrap()
            .length(),
        3
    );
    let orders = root
        .query_selector("[data-node-id='queue:orders']")
        .unwrap()
        .expect("the orders queue");
    let state = orders.get_attribute("aria-label").unwrap_or_default();
    assert!(state.contains(&format!("{in_flight} in flight")), "{state}");
    // Read-only: no ports to drag connections from.
    assert_eq!(root.query_selector_all("[data-port]").unwrap().length(), 0);
}

/// The postMessage protocol's requests and posts cross the JavaScript boundary as the
/// README documents them: plain objects in, plain objects out.
#[wasm_bindgen_test]
fn protocol_messages_are_plain_javascript_objects() {
    use sqs_sim::ui::protocol::{object, read, Kind, Post, Request};
    let message =
        js_sys::JSON::parse(r#"{"sqs-sim": 1, "type": "seek", "seconds": 12.5, "id": [1, "a"]}"#)
            .unwrap();
    assert_eq!(
        read(&message),
        Ok(Request::Seek(SimTime::from_seconds(12.5).unwrap()))
    );
    let bad = js_sys::JSON::parse(r#"{"sqs-sim": 1, "type": "fly"}"#).unwrap();
    let error = read(&bad).unwrap_err();
    assert!(error.contains("unknown variant `fly`"), "{error}");
    let posted = object(&Post::Done {
        request: Kind::Seek,
    })
    .unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&posted)
            .unwrap()
            .as_string()
            .unwrap(),
        r#"{"type":"done","request":"seek"}"#
    );
}

/// The same simulation in wasm32 as natively, to the bit: the fingerprint the native test
/// `simulation::a_run_has_the_same_fingerprint_on_every_platform` asserts.
#[wasm_bindgen_test]
fn a_simulation_runs_exactly_as_natively() {
    use sha2::{Digest, Sha256};
    use sqs_sim::sim::{Scenario, Simulation};
    let text = include_str!("../../static/scenarios/order-processing.json");
    let mut sim = Simulation::new(Scenario::from_json(text).unwrap(), 42);
    sim.run_for(Duration::from_secs(300));
    let digest = Sha256::digest(serde_json::to_string(&sim.summary()).unwrap().as_bytes());
    let fingerprint: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        fingerprint,
        "ea046f30995dabede49ef9fb692cb2540e0b7be39313656460ee0e1307cce2fa"
    );
}

/// A panic replaces the dead page with a banner that says what happened.
#[wasm_bindgen_test]
fn a_panic_shows_a_readable_banner() {
    let document = web_sys::window().unwrap().document().unwrap();
    sqs_sim::ui::show_panic("index out of bounds at src/sim/simulation.rs:1:1");
    let banner = document.get_element_by_id("panic").expect("a banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap_or_default();
    assert!(
        text.starts_with("sqs-sim stopped: index out of bounds"),
        "{text}"
    );
    assert!(text.contains("Reload the page"), "{text}");
}
