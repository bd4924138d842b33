//! "Build it on AWS": the scenario's queues as a boto3 script, an AWS CLI script or a
//! CloudFormation template (`crate::export`), shown, copied or downloaded.

use yew::prelude::*;

use super::page_io;
use crate::export::Format;
use crate::sim::Scenario;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    /// The scenario in use, as JSON (it parsed when it was applied).
    pub source: AttrValue,
}

fn label(format: Format) -> &'static str {
    match format {
        Format::Boto3 => "boto3 script",
        Format::AwsCli => "AWS CLI script",
        Format::CloudFormation => "CloudFormation template",
    }
}

#[function_component(ExportPanel)]
pub fn export_panel(props: &ExportProps) -> Html {
    let shown = use_state(|| None::<Format>);
    let copied = use_state(|| None::<bool>);
    // Written only when asked for, and again only when the scenario or the format changes.
    let code = use_memo((props.source.clone(), *shown), |(source, shown)| {
        let scenario = Scenario::from_json(source).ok()?;
        shown.map(|format| format.export(&scenario))
    });
    let show = |format: Format| {
        let (shown, copied) = (shown.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            shown.set(Some(format));
            copied.set(None);
        })
    };
    let tabs = Format::ALL.iter().map(|&format| {
        html! {
            <button type="button" id={format!("export-{}", format.name())} aria-pressed={(*shown == Some(format)).to_string()} onclick={show(format)}>
                { label(format) }
            </button>
        }
    });
    let output = match (*shown, (*code).clone()) {
        (Some(format), Some(code)) => {
            let on_copy = {
                let (code, copied) = (code.clone(), copied.clone());
                Callback::from(move |_: MouseEvent| {
                    let (code, copied) = (code.clone(), copied.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        copied.set(Some(page_io::copy_to_clipboard(code).await));
                    });
                })
            };
            let on_download = {
                let code = code.clone();
                Callback::from(move |_: MouseEvent| {
                    page_io::download(format.file_name(), "text/plain", &code)
                })
            };
            let status = match *copied {
                Some(true) => "Copied to the clipboard.",
                Some(false) => "The browser refused the clipboard: select the text and copy it.",
                None => "",
            };
            html! {
                <>
                    <textarea id="export-code" readonly=true rows="16" spellcheck="false" aria-label={label(format)} value={code} />
                    <p>
                        <button id="export-copy" type="button" onclick={on_copy}>{ "Copy" }</button>
                        <button id="export-download" type="button" onclick={on_download}>{ format!("Download {}", format.file_name()) }</button>
                        <span class="hint" role="status">{ " " }{ status }</span>
                    </p>
                </>
            }
        }
        _ => Html::default(),
    };
    html! {
        <section class="panel export" aria-label="Build it on AWS">
            <h2>{ "Build it on AWS" }</h2>
            <p class="hint">{ "The same queues, with their attributes, redrive policies and FIFO settings; the boto3 script adds a producer and a consumer loop like the seed article's." }</p>
            <p class="export-formats">{ for tabs }</p>
            { output }
        </section>
    }
}
