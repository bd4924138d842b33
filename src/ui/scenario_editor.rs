//! The scenario as JSON: edit it, check it (errors listed with their JSON path), apply it,
//! import a file, export the current one. A scenario that does not validate is never applied,
//! so a bad import or edit keeps the current one running.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The scenario in use, as JSON text.
    pub source: AttrValue,
    /// Why the last edit or import was refused ("path: reason" each).
    pub errors: Vec<String>,
    pub on_apply: Callback<String>,
}

#[function_component(ScenarioEditor)]
pub fn scenario_editor(props: &EditorProps) -> Html {
    let draft = use_state(|| props.source.to_string());
    {
        // A new scenario in use (a preset, an import) replaces the draft.
        let draft = draft.clone();
        use_effect_with(props.source.clone(), move |source| {
            draft.set(source.to_string());
        });
    }
    let on_input = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            draft.set(area.value());
        })
    };
    let on_apply = {
        let (draft, apply) = (draft.clone(), props.on_apply.clone());
        Callback::from(move |_: MouseEvent| apply.emit((*draft).clone()))
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
            <textarea id="scenario-json" spellcheck="false" aria-label="The scenario as JSON" rows="16" value={(*draft).clone()} oninput={on_input} />
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
