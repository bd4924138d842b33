//! "Build it on AWS": the scenario's queues as a boto3 script, an AWS CLI script or a
//! CloudFormation template (`crate::export`), shown, copied or downloaded.

use yew::prelude::*;

use super::page_io;
use crate::export::Format;

/// An export being shown: its format and, once the worker has written it, its code or why
/// there is none.
pub type Shown = (Format, Option<Result<AttrValue, AttrValue>>);

pub struct ExportProps {
    /// The format shown and its code for the scenario in use (the worker writes it once per
    /// scenario and format).
    pub shown: Option<Shown>,
    /// Whether the code reached the clipboard (`None` until asked).
    pub copied: Option<bool>,
    pub on_show: Callback<Format>,
    pub on_copied: Callback<bool>,
}

fn label(format: Format) -> &'static str {
    match format {
        Format::Boto3 => "boto3 script",
        Format::AwsCli => "AWS CLI script",
        Format::CloudFormation => "CloudFormation template",
    }
}

pub fn export_panel(props: &ExportProps) -> Html {
    let tabs = Format::ALL.iter().map(|&format| {
        let pressed = props.shown.as_ref().is_some_and(|(f, _)| *f == format);
        html! {
            <button type="button" id={format!("export-{}", format.name())} aria-pressed={pressed.to_string()}
                onclick={props.on_show.reform(move |_: MouseEvent| format)}>
                { label(format) }
            </button>
        }
    });
    let output = match &props.shown {
        Some((format, None)) => html! {
            <p id="export-writing" class="hint" role="status">{ format!("Writing the {}…", label(*format)) }</p>
        },
        Some((_, Some(Err(why)))) => html! {
            <p id="export-error" class="error" role="alert">{ why }</p>
        },
        Some((format, Some(Ok(code)))) => {
            let format = *format;
            let on_copy = {
                let (code, copied) = (code.clone(), props.on_copied.clone());
                Callback::from(move |_: MouseEvent| {
                    let (code, copied) = (code.to_string(), copied.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        copied.emit(page_io::copy_to_clipboard(code).await);
                    });
                })
            };
            let on_download = {
                let code = code.clone();
                Callback::from(move |_: MouseEvent| {
                    page_io::download(format.file_name(), "text/plain", &code)
                })
            };
            let status = match props.copied {
                Some(true) => "Copied to the clipboard.",
                Some(false) => "The browser refused the clipboard: select the text and copy it.",
                None => "",
            };
            html! {
                <>
                    <textarea id="export-code" readonly=true rows="16" spellcheck="false" aria-label={label(format)} value={code.clone()} />
                    <p>
                        <button id="export-copy" type="button" onclick={on_copy}>{ "Copy" }</button>
                        <button id="export-download" type="button" onclick={on_download}>{ format!("Download {}", format.file_name()) }</button>
                        <span class="hint" role="status">{ " " }{ status }</span>
                    </p>
                </>
            }
        }
        None => Html::default(),
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
