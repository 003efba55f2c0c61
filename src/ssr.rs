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
use std::future::Future;
use std::sync::Arc;

/// An answer of the content API as the app asked for it: the body of a 2xx, else the status.
pub type Answer = (String, Result<String, u16>);

/// What a render made of a page, and what it still wanted (nothing drawn: `Default`).
#[derive(Default)]
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

/// Renders the app at `address` (path and query) from `answers`, in the language the reader chose
/// (`lang`, from their cookie; else the site's), with absolute URLs on `origin` (the server's public
/// origin). Views whose data is not among `answers` draw their loading state, and their URLs come back
/// in `missing`. The render reads through a store of answers of its own (`api::Answers` in its owner's
/// context), holding only these.
pub fn render(address: &str, answers: &[Answer], lang: Option<Lang>, origin: &str) -> Rendered {
    let (meta, output) = leptos_meta::ServerMetaContext::new();
    let app = move || {
        provide_context(RequestUrl::new(address));
        provide_context(PublicOrigin(origin.to_owned()));
        if let Some(lang) = lang {
            provide_context(ChosenLang(lang));
        }
        provide_context(meta);
        view! { <App/> }
    };
    render_with(answers, app, head_tags(output))
}

/// The head tags the drawn page gave leptos_meta (its `<title>` last), as leptos_meta writes them into
/// the `<head>` of the page it is handed.
async fn head_tags(output: leptos_meta::ServerMetaContextOutput) -> String {
    let shell = futures::stream::iter(["</head>".to_owned()]);
    let written = output
        .inject_meta_context(shell)
        .await
        .collect::<String>()
        .await;
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
        return Rendered::default();
    };
    let lang = crate::embed::lang_of(&embed);
    let widget = move || {
        provide_context(RwSignal::new(lang));
        view! { <crate::embed::widget::EmbedPage embed/> }
    };
    render_with(answers, widget, async { String::new() })
}

/// Renders the view `make` returns, and the head tags `head` then reads, under a fresh owner with a
/// store of its own holding `answers` only. The view goes through Leptos's in-order stream: a
/// `Suspense` is drawn once what it waits for is there (the synchronous `to_html` draws every
/// fallback), with the async executor started for the tasks that fill it. Runs on a thread that may
/// block (the server's `spawn_blocking`). The tasks Leptos spawns (a `Suspense`'s effect, a resource's
/// loader) run on a runtime of the render's own, on this one thread: on the server's worker threads,
/// one drew a lazy part whose thread-bound values this thread then dropped, a panic (the app shell
/// was served instead). What is left of them goes with the runtime, here too.
fn render_with<V: RenderHtml>(
    answers: &[Answer],
    make: impl FnOnce() -> V,
    head: impl Future<Output = String>,
) -> Rendered {
    let _ = any_spawner::Executor::init_tokio();
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return Rendered::default();
    };
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let (store, html, head) = owner.with(|| {
        let _entered = runtime.enter();
        let store = api::Answers::provide();
        api::seed(answers.iter().cloned());
        // The head is read before the owner is cleaned up: a page's title goes with it.
        let (html, head) = runtime.block_on(async {
            let html = make().to_html_stream_in_order().collect().await;
            (html, head.await)
        });
        (store, html, head)
    });
    owner.cleanup();
    drop(runtime);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A render on a thread that may block, inside a tokio runtime, as the server's `spawn_blocking`.
    fn on_the_servers_thread<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        let render = runtime.spawn_blocking(f);
        runtime.block_on(render).expect("the render finished")
    }

    #[test]
    fn a_suspense_is_drawn_with_what_it_waited_for() {
        let rendered = on_the_servers_thread(|| {
            render_with(
                &[],
                || {
                    // Ready only after the render has yielded once, as an answer fetched would be.
                    let headline = Resource::new(
                        || (),
                        |_| async {
                            tokio::task::yield_now().await;
                            "川渝合作".to_owned()
                        },
                    );
                    view! {
                        <Suspense fallback=|| view! { <p>"loading"</p> }>
                            <h1>{move || Suspend::new(async move { headline.await })}</h1>
                        </Suspense>
                    }
                },
                async { String::new() },
            )
        });
        assert!(
            rendered.html.contains("<h1>川渝合作"),
            "the resource's value, not the fallback: {}",
            rendered.html
        );
        assert!(!rendered.html.contains("loading"), "{}", rendered.html);
    }

    /// What a page draws once its resource is there is drawn on the render's own thread, which then
    /// cleans it up: thread-bound values (a lazy part's `LocalStorage`) must be made there too.
    #[test]
    fn a_suspense_draws_on_the_renders_own_thread() {
        let (render_thread, drawn_on) = on_the_servers_thread(|| {
            let drawn = Arc::new(std::sync::Mutex::new(Vec::new()));
            let noted = drawn.clone();
            render_with(
                &[],
                move || {
                    let headline = Resource::new(
                        || (),
                        |_| async {
                            tokio::task::yield_now().await;
                            "川渝合作".to_owned()
                        },
                    );
                    let shown = move || {
                        let noted = noted.clone();
                        Suspend::new(async move {
                            let text = headline.await;
                            noted.lock().unwrap().push(std::thread::current().id());
                            // Dropped by the render's cleanup: a panic on another thread.
                            let _kept = StoredValue::new_local(text.clone());
                            view! { <h1>{text}</h1> }
                        })
                    };
                    view! { <Suspense fallback=|| ()>{shown}</Suspense> }
                },
                async { String::new() },
            );
            let drawn_on = drawn.lock().unwrap().clone();
            (std::thread::current().id(), drawn_on)
        });
        assert!(!drawn_on.is_empty(), "the suspense was drawn");
        assert!(drawn_on.iter().all(|t| *t == render_thread), "{drawn_on:?}");
    }
}
