//! How the app starts in a page the server already drew (`ssr.rs` on the server): the API answers the
//! server drew it from are inlined in the page; the app starts its cache from them, brings in the
//! route's code, draws its own markup off-screen over several short tasks (`staged`), then replaces
//! the server's markup with it in one task, so the reader sees no change: the same markup from the
//! same data (no layout shift, no flash), scroll untouched, focus kept on the same control. A page without them (plain static hosting of dist/) starts client-only.

// The hydration variant (`hydrate`, measured only) does not swap: the swap's helpers go unused there.
#![cfg_attr(feature = "hydrate", allow(dead_code))]

use crate::app::App;
use crate::browser;
use crate::pages;
use crate::routes::Route;
use crate::state::memory::here;
use wasm_bindgen::JsCast;

/// The element the app is drawn into, and the inlined answers' element (both in index.html / the server).
pub const ROOT_ID: &str = "app";
pub const ANSWERS_ID: &str = "difang-answers";

/// What can take focus, in document order: the focused control is found again by its position.
const FOCUSABLE: &str = "a[href], button, input, textarea, select, [tabindex]";

/// Starts the app in `#app` (or `<body>` for an index.html without it).
pub fn start() {
    crate::api::hold_answers();
    let Some(doc) = browser::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc
        .get_element_by_id(ROOT_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        leptos::mount::mount_to_body(App);
        return;
    };
    let seeded = take_answers(&doc);
    if !seeded || root.first_element_child().is_none() {
        root.replace_children_with_node_0();
        leptos::mount::mount_to(root, App).forget();
        return live(&doc);
    }
    // The server's first screen stays on view while the route's code (a wasm chunk) loads; its data is
    // in the cache now, so `prepare` only fetches code. That starts in a task of its own, after a paint:
    // a chunk comes in up to 15 files, and starting their requests in the task that started the wasm
    // made that the longest task of a channel page's start. The app's start owns this task: nothing
    // can cancel it but leaving the page (and no reactive executor runs before the first mount).
    wasm_bindgen_futures::spawn_local(async move {
        after_a_paint().await;
        pages::prepare(Route::parse(&here())).await;
        #[cfg(feature = "hydrate")]
        {
            // The measured alternative: Leptos takes over the server's markup node for node.
            pages::ready_for_hydration(Route::parse(&here())).await;
            // Hydration starts a root owner of its own: the page's answers are handed to it.
            let answers = leptos::prelude::use_context::<crate::api::Answers>();
            leptos::mount::hydrate_from(root, move || {
                if let Some(answers) = answers {
                    leptos::prelude::provide_context(answers);
                }
                App()
            })
            .forget();
            live(&doc);
        }
        #[cfg(not(feature = "hydrate"))]
        swap(&doc, root);
    });
}

/// Resolves once the browser has painted a frame: the wasm is often ready before the browser's first
/// paint, and drawing the app then (a long task) would hold back the server's first screen, the very
/// thing sent so that the reader sees the page early.
async fn after_a_paint() {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    // A frame's callbacks run before its paint; a task queued from there runs after it.
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(
            move || {
                let _ = tx.send(());
            },
            std::time::Duration::ZERO,
        );
    });
    let _ = rx.await;
}

/// Draws the app off-screen, part by part (`staged`: a task each, the server's markup on view all the
/// while), then replaces the server's markup with it in one task (nothing is painted in between).
fn swap(doc: &web_sys::Document, root: web_sys::HtmlElement) {
    let Some(stage) = doc
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let shown = {
        let (doc, stage) = (doc.clone(), stage.clone());
        move || {
            let focused = focus_position(&doc, &root);
            let drawn = doc.create_document_fragment();
            while let Some(node) = stage.first_child() {
                let _ = drawn.append_child(&node);
            }
            root.replace_children_with_node_1(&drawn);
            live(&doc);
            // Parts below the fold had no position off-screen: they look now whether they are near.
            crate::lazy::relayout();
            if let Some(index) = focused {
                // Before the next paint, with the moved markup in the document.
                leptos::prelude::request_animation_frame(move || refocus(&root, index));
            }
        }
    };
    leptos::mount::mount_to(stage, move || {
        crate::staged::Staging::provide(shown);
        App()
    })
    .forget();
}

/// Marks the page as run by the app (`<html data-app="live">`): tests and scripts wait for it.
fn live(doc: &web_sys::Document) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-app", "live");
    }
}

fn focus_position(doc: &web_sys::Document, root: &web_sys::HtmlElement) -> Option<u32> {
    let active = doc.active_element()?;
    if !root.contains(Some(&active)) {
        return None;
    }
    let all = root.query_selector_all(FOCUSABLE).ok()?;
    (0..all.length()).find(|i| all.get(*i).is_some_and(|n| n.is_same_node(Some(&active))))
}

fn refocus(root: &web_sys::HtmlElement, index: u32) {
    let target = root
        .query_selector_all(FOCUSABLE)
        .ok()
        .and_then(|all| all.get(index))
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

/// Reads the answers the server inlined (`ssr::answers_json`) into the cache and removes them from the
/// page. `false` if there are none, or they do not parse.
pub fn take_answers(doc: &web_sys::Document) -> bool {
    let Some(el) = doc.get_element_by_id(ANSWERS_ID) else {
        return false;
    };
    let text = el.text_content().unwrap_or_default();
    el.remove();
    let Ok(value) = js_sys::JSON::parse(&text) else {
        return false;
    };
    let field = |name: &str| {
        js_sys::Reflect::get(&value, &name.into())
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::Object>().ok())
    };
    let (Some(answers), Some(failed)) = (field("answers"), field("failed")) else {
        return false;
    };
    let mut seed = Vec::new();
    for entry in js_sys::Object::entries(&answers).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (Some(url), Ok(body)) = (
            pair.get(0).as_string(),
            js_sys::JSON::stringify(&pair.get(1)),
        ) else {
            continue;
        };
        seed.push((url, Ok(String::from(body))));
    }
    for entry in js_sys::Object::entries(&failed).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(url), Some(status)) = (pair.get(0).as_string(), pair.get(1).as_f64()) {
            seed.push((url, Err(status as u16)));
        }
    }
    crate::api::seed(seed);
    true
}
