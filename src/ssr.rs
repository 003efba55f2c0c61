//! The first screen rendered to HTML on the server, from the app's own views (the same `App`, router
//! and pages the browser runs): the server sends it inside index.html, so a reader sees the page before
//! the wasm has loaded, and a crawler or a browser without JavaScript reads it. The server hands over
//! the API answers the render asked for; the browser's app starts its cache from the same answers
//! (inlined in the page) and draws the same screen again without a request.

use crate::components::meta::PublicOrigin;
pub use crate::i18n::Lang;
use crate::state::prefs::ChosenLang;
pub use crate::state::prefs::LANG_COOKIE;
use crate::{api, app::App};
use futures::StreamExt;
use hydration_context::SsrSharedContext;
use leptos::{prelude::*, tachys::view::RenderHtml};
use leptos_router::location::RequestUrl;
use std::sync::Arc;

/// An answer of the content API as the app asked for it: the body of a 2xx, else the status.
pub type Answer = (String, Result<String, u16>);

/// What a render made of a page, and what it still wanted.
pub struct Rendered {
    /// The app's markup (what `mount` puts in `<div id="app">`).
    pub html: String,
    /// API URLs the views asked for and were not given: fetch them and render again.
    pub missing: Vec<String>,
    /// The page's head tags (leptos_meta's), for the server to write into its `<head>`; marked
    /// `data-ssr-meta` (but the `<title>`), so the app knows them for the server's.
    pub head: String,
}

/// Whether the server draws `address`'s first screen: not for a page whose content lives in the
/// reader's browser (`/saved`: the server would draw it empty, and the app would then fill it in).
pub fn draws(address: &str) -> bool {
    let path = address.split(['?', '#']).next().unwrap_or_default();
    !matches!(
        crate::routes::Route::parse(path),
        crate::routes::Route::Saved
    )
}

/// Renders the app at `address` (path and query) from `answers`, synchronously, in the language the
/// reader chose (`lang`, from their cookie; else the site's), with absolute URLs on `origin` (the
/// server's public origin). Views whose data is not among `answers` draw their loading state, and their
/// URLs come back in `missing`. The render reads through a store of answers of its own (`api::Answers`
/// in its owner's context), holding only these.
pub fn render(address: &str, answers: &[Answer], lang: Option<Lang>, origin: &str) -> Rendered {
    render_with(answers, || {
        provide_context(RequestUrl::new(address));
        provide_context(PublicOrigin(origin.to_owned()));
        if let Some(lang) = lang {
            provide_context(ChosenLang(lang));
        }
        let (meta, output) = leptos_meta::ServerMetaContext::new();
        provide_context(meta);
        let html = view! { <App/> }.to_html();
        // Read before the owner is cleaned up: a page's title goes with it.
        (html, head_tags(output))
    })
}

/// The head tags the drawn page gave leptos_meta (its `<title>` last), as leptos_meta writes them into
/// the `<head>` of the page it is handed.
fn head_tags(output: leptos_meta::ServerMetaContextOutput) -> String {
    // leptos_meta waits for one tick of the async executor before it writes.
    let _ = any_spawner::Executor::init_tokio();
    let written = futures::executor::block_on(async {
        let shell = futures::stream::iter(["</head>".to_owned()]);
        output
            .inject_meta_context(shell)
            .await
            .collect::<String>()
            .await
    });
    written.trim_end_matches("</head>").to_owned()
}

/// A read-only partner widget's page as the server sends it: drawn here in full, with no wasm (its
/// `frame.js` sizes it and follows the theme). What goes in its head.
pub struct WidgetPage {
    pub title: String,
    /// `<html lang>`: the widget's `lang` parameter.
    pub lang: &'static str,
}

/// Whether the server draws the widget at `address` (`/embed/{kind}?…`) and the head of its page:
/// `None` for the comment widget, which posts, and for the partners' page (both are the widgets' wasm).
/// A widget set up wrongly is drawn too: its error box.
pub fn widget_page(address: &str) -> Option<WidgetPage> {
    let embed = widget_at(address)?;
    if matches!(&embed, Ok(e) if e.kind == model::embed::EmbedKind::Comments) {
        return None;
    }
    let lang = crate::embed::lang_of(&embed);
    Some(WidgetPage {
        title: crate::embed::widget::title(&embed, lang),
        lang: lang.tag(),
    })
}

/// The widget `address` (path and query) asks for; `None` for the partners' page.
fn widget_at(address: &str) -> Option<Result<model::embed::Embed, model::embed::EmbedError>> {
    let (path, query) = address.split_once('?').unwrap_or((address, ""));
    crate::embed::widget_of(path, query)
}

/// Renders the read-only widget at `address` from `answers` (as `render` does the app).
pub fn render_widget(address: &str, answers: &[Answer]) -> Rendered {
    let Some(embed) = widget_at(address) else {
        return Rendered {
            html: String::new(),
            missing: Vec::new(),
            head: String::new(),
        };
    };
    let lang = crate::embed::lang_of(&embed);
    render_with(answers, move || {
        provide_context(RwSignal::new(lang));
        let html = view! { <crate::embed::widget::EmbedPage embed/> }.to_html();
        (html, String::new())
    })
}

/// Renders `view` (its markup and head tags) under a fresh owner with a store of its own holding
/// `answers` only.
fn render_with(answers: &[Answer], view: impl FnOnce() -> (String, String)) -> Rendered {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let (store, (html, head)) = owner.with(|| {
        let store = api::Answers::provide();
        api::seed(answers.iter().cloned());
        (store, view())
    });
    owner.cleanup();
    let missing = store.take_missed();
    Rendered {
        html,
        missing,
        head,
    }
}

/// The answers as the JSON object the page inlines for the app (`{"answers":{url: body},"failed":{url:
/// status}}`), safe inside `<script type="application/json">`: `<` is escaped (only strings can hold it in
/// JSON), so no text closes the element.
pub fn answers_json(answers: &[Answer]) -> String {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for (url, answer) in answers {
        let key = serde_json::to_string(url).unwrap_or_default();
        match answer {
            Ok(body) => ok.push(format!("{key}:{body}")),
            Err(status) => failed.push(format!("{key}:{status}")),
        }
    }
    format!(
        "{{\"answers\":{{{}}},\"failed\":{{{}}}}}",
        ok.join(","),
        failed.join(",")
    )
    .replace('<', "\\u003c")
}
