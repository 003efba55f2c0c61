//! The client-side router: which page is drawn, same-origin link clicks, back and forward.
//!
//! A navigation keeps the old page drawn, under a thin progress bar, until the new page's code and main
//! data are in memory (`prepare`); the new page then draws from the cache in one go, so there is no flash
//! of an empty page. A newer navigation cancels the older one's requests. Leptos's router does this too,
//! through its async transitions; dropping it (with `LocalResource` and `Suspense`, see `api::resource`)
//! took ≈ 42 KB brotli off the article route's first download, which its budget needs.

use crate::api::{self, ApiError};
use crate::routes::Route;
use leptos::prelude::*;
use model::paths;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// The router's state, in context.
#[derive(Clone, Copy)]
pub struct Nav {
    /// The path and query of the page drawn (it changes once the new page is ready).
    pub shown: RwSignal<String>,
    /// A navigation is waiting for its page.
    pub routing: RwSignal<bool>,
}

thread_local! {
    /// Counts navigations: a preparation that finishes after a newer navigation started is dropped.
    static SEQ: Cell<u64> = const { Cell::new(0) };
    /// The requests of the navigation under way, aborted by the next one.
    static PENDING: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
}

/// The current address's path and query.
pub fn here() -> String {
    web_sys::window()
        .map(|w| {
            let l = w.location();
            l.pathname().unwrap_or_default() + &l.search().unwrap_or_default()
        })
        .unwrap_or_default()
}

fn path_of(path_and_query: &str) -> &str {
    path_and_query.split('?').next().unwrap_or_default()
}

/// The route of a path and query.
pub fn route_of(path_and_query: &str) -> Route {
    Route::parse(path_of(path_and_query))
}

impl Nav {
    /// Starts at the current address and listens for link clicks and back/forward.
    pub fn install() -> Nav {
        let nav = Nav {
            shown: RwSignal::new(here()),
            routing: RwSignal::new(false),
        };
        let Some(window) = web_sys::window() else {
            return nav;
        };
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev| nav.on_click(ev));
        let pop = Closure::<dyn Fn()>::new(move || nav.go(here(), None, false));
        let _ = window.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        let _ = window.add_event_listener_with_callback("popstate", pop.as_ref().unchecked_ref());
        // The app lives as long as the page.
        click.forget();
        pop.forget();
        nav
    }

    /// A click on a same-origin link without modifier keys, target or download: navigate in the app.
    fn on_click(self, ev: web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let target = a.target();
        if (!target.is_empty() && target != "_self")
            || a.has_attribute("download")
            || a.rel().split_whitespace().any(|r| r == "external")
        {
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        if a.origin() != window.location().origin().unwrap_or_default() {
            return;
        }
        let to = a.pathname() + &a.search();
        let hash = a.hash();
        // A link to a fragment of this page: the browser scrolls, the page stays.
        if !hash.is_empty() && to == here() {
            return;
        }
        ev.prevent_default();
        let url = to.clone() + &hash;
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        self.go(to, Some(hash), true);
    }

    /// Shows the page for `to` once it is prepared. `hash` is the fragment of a clicked link; `pushed`
    /// says whether this is a new entry (scrolled to the top) or back/forward (scroll restored).
    fn go(self, to: String, hash: Option<String>, pushed: bool) {
        // Whatever happens next, a navigation still under way is over.
        let seq = SEQ.with(|s| {
            s.set(s.get() + 1);
            s.get()
        });
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        if let Some(old) = PENDING.with(|p| p.replace(controller)) {
            old.abort();
        }
        if !pushed && to == self.shown.get_untracked() {
            // Back/forward to the page drawn (another fragment of it, or back before a navigation
            // finished): it stays as it is.
            self.routing.set(false);
            return;
        }
        self.routing.set(true);
        leptos::task::spawn_local(async move {
            // A slow network must not hold the reader on the old page: after a while the new page
            // draws with its own loading state.
            let route = route_of(&to);
            let prepared = std::pin::pin!(prepare(&route, signal));
            futures::future::select(prepared, std::pin::pin!(sleep(PATIENCE_MS))).await;
            if SEQ.with(Cell::get) != seq {
                return;
            }
            PENDING.with(|p| p.take());
            if self.shown.get_untracked() != to {
                self.shown.set(to);
            }
            self.routing.set(false);
            crate::scroll::on_route();
            if pushed {
                scroll_after_push(hash.unwrap_or_default());
            }
        });
    }
}

/// How long a navigation waits for the new page's code and data before drawing it anyway.
const PATIENCE_MS: i32 = 8000;

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Brings the new page's code and main data into memory. Failures are left for the page to show.
async fn prepare(route: &Route, signal: Option<web_sys::AbortSignal>) {
    let data = match route {
        Route::Article(id) => Some(paths::article(*id)),
        Route::Channel(slug) => Some(paths::channel_articles(slug, None, None)),
        Route::Home => Some(crate::pages::home::trends_url()),
        Route::Place(_) | Route::NotFound => None,
    };
    let data = async move {
        if let Some(url) = data {
            let _: Result<String, ApiError> = api::get_text_with(&url, signal.as_ref()).await;
        }
    };
    futures::future::join(crate::pages::load_code(route), data).await;
}

/// A new page starts at its top, or at the element its fragment names.
fn scroll_after_push(hash: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let id = hash.trim_start_matches('#');
    if !id.is_empty() {
        // A lazily loaded part scrolls itself into view when it has loaded (src/lazy.rs).
        if let Some(el) = window.document().and_then(|d| d.get_element_by_id(id)) {
            el.scroll_into_view();
            return;
        }
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
