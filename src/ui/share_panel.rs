//! Sharing: the "Copy link" button with the link it made, and the banners of an opened link
//! (one being viewed, or one that could not be opened).

use yew::prelude::*;

#[derive(PartialEq)]
pub struct ShareProps {
    /// The link made by the last "Copy link", if any.
    pub url: Option<AttrValue>,
    /// Whether that link reached the clipboard (`None` while the browser is asked).
    pub copied: Option<bool>,
    pub on_copy: Callback<()>,
    /// The `<iframe>` snippet made by the last "Embed", if any.
    pub snippet: Option<AttrValue>,
    pub on_embed: Callback<()>,
}

pub fn share_panel(props: &ShareProps) -> Html {
    let on_copy = props.on_copy.reform(|_: MouseEvent| ());
    let status = match props.copied {
        Some(true) => "Copied to the clipboard.",
        Some(false) => "The browser refused the clipboard: copy the link from the box.",
        None => "",
    };
    html! {
        <section class="panel share" aria-label="Share">
            <button id="copy-link" type="button" onclick={on_copy}>{ "Copy link" }</button>
            <button id="make-embed" type="button" onclick={props.on_embed.reform(|_: MouseEvent| ())}>{ "Embed" }</button>
            <span class="hint">{ " the scenario, the seed, the commands given and this moment of the clock" }</span>
            if let Some(url) = &props.url {
                <input id="share-link" type="text" readonly=true value={url.clone()} aria-label="Link to this run" />
                <p class="hint" role="status">{ status }</p>
            }
            if let Some(snippet) = &props.snippet {
                <textarea id="embed-snippet" readonly=true rows="3" aria-label="HTML to embed this run in a page" value={snippet.clone()} />
                <p class="hint">{ "Paste into a page. Options go after ?embed: autoplay, loop, start=, stop=, speed=, panels=, readonly." }</p>
            }
        </section>
    }
}

#[derive(PartialEq)]
pub struct LinkBannerProps {
    /// True while the page shows an opened link that has not been kept.
    pub viewing: bool,
    /// Why the link in the address could not be opened.
    pub error: Option<AttrValue>,
    pub on_keep: Callback<()>,
    pub on_leave: Callback<()>,
}

pub fn link_banner(props: &LinkBannerProps) -> Html {
    html! {
        <>
            if props.viewing {
                <div id="link-banner" class="banner" role="status">
                    { "You are looking at a shared link. Your own saved work is kept until you choose: " }
                    <button id="keep-link" type="button" onclick={props.on_keep.reform(|_: MouseEvent| ())}>{ "Keep this scenario" }</button>
                    <button id="leave-link" type="button" onclick={props.on_leave.reform(|_: MouseEvent| ())}>{ "Back to my work" }</button>
                </div>
            }
            if let Some(error) = &props.error {
                <div id="link-error" class="banner error" role="alert">
                    { format!("This link could not be opened: {error}. Showing your saved work instead.") }
                </div>
            }
        </>
    }
}

/// The address bar's fragment (`#...`), empty if none.
pub fn current_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without its fragment: what a link is built on.
pub fn page_address() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let part = |value: Result<String, _>| value.unwrap_or_default();
    format!(
        "{}{}{}",
        part(location.origin()),
        part(location.pathname()),
        part(location.search())
    )
}

/// Takes the fragment out of the address bar (without a reload or a history entry), once the
/// link it carried has been dealt with: a reload then opens the saved work.
pub fn forget_fragment() {
    if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
        let address = page_address();
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The address bar's query string (`?...`), empty if none.
pub fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}
