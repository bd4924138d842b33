//! The scenario as JSON: edit it, check it (errors listed with their JSON path), apply it,
//! import a file, export the current one. A scenario that does not validate is never applied,
//! so a bad import or edit keeps the current one running.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

pub struct EditorProps {
    /// The scenario in use, as JSON text.
    pub source: AttrValue,
    /// Why the last edit or import was refused ("path: reason" each).
    pub errors: Vec<String>,
    pub on_apply: Callback<String>,
}

/// The draft is the text area's own text: a new scenario in use (an edit on the diagram, a
/// preset, an import) replaces it, since Yew writes `value` when the source changes; typing
/// and a refused Apply leave it as typed.
pub fn scenario_editor(props: &EditorProps) -> Html {
    // Read when Apply is pressed.
    let area = NodeRef::default();
    let on_apply = {
        let (area, apply) = (area.clone(), props.on_apply.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                apply.emit(area.value());
            }
        })
    };
    let on_import = {
        let apply = props.on_apply.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let apply = apply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                match text.ok().and_then(|t| t.as_string()) {
                    Some(text) => apply.emit(text),
                    None => apply.emit(String::from("(the file could not be read as text)")),
                }
            });
            // Choosing the same file again must fire again.
            input.set_value("");
        })
    };
    let on_export = {
        let source = props.source.clone();
        Callback::from(move |_: MouseEvent| {
            super::page_io::download("scenario.json", "application/json", &source)
        })
    };
    html! {
        <section class="panel editor" aria-label="Scenario JSON">
            <h2>{ "Scenario JSON" }</h2>
            <textarea id="scenario-json" ref={area} spellcheck="false" aria-label="The scenario as JSON" rows="16" value={props.source.clone()} />
            if !props.errors.is_empty() {
                <ul id="scenario-errors" class="errors" role="alert">
                    { for props.errors.iter().map(|e| html! { <li>{ e }</li> }) }
                </ul>
            }
            <div class="buttons">
                <button id="apply-scenario" type="button" class="primary" onclick={on_apply}>{ "Apply" }</button>
                <label class="file-button">
                    { "Import…" }
                    <input id="import-scenario" type="file" accept=".json,application/json" onchange={on_import} />
                </label>
                <button id="export-scenario" type="button" onclick={on_export}>{ "Export" }</button>
            </div>
        </section>
    }
}
