//! What the app adds to leptos_router (its route table is in src/app.rs), and nothing more:
//!
//! - A followed link is handed to the router once the new page's code (its wasm chunk) and main data are
//!   in memory (`Navigation::follow`); until then the old page stays under a thin progress bar, and the
//!   new one draws from the cache in one go. Only same-origin link clicks the router would take are held;
//!   the router does the rest (matching, params, history, `<A>`). Holding before the router, rather than
//!   in an async route view, is the workaround for a leptos_router bug: a back during an async route
//!   change, to a page of the route on its way, leaves `FlatRoutes` drawing the old page for good
//!   (docs/upstream/leptos-router-back-during-async-route.md: reproduction, cause, a possible fix).
//! - A newer navigation, or back/forward, cancels the older one's preparation and its requests.
//! - A slow network does not hold the reader on the old page: after `PATIENCE_MS` the router gets the
//!   link anyway and the new page draws with its own loading state, joining the request under way.
//! - Scroll restoration on back/forward and focus on the new page's heading (`scroll.rs`).

pub mod scroll;

use crate::browser::listen;
use crate::pages;
use crate::routes::Route;
use crate::state::{
    memory::{here, Memory},
    Drawn,
};
use futures::channel::oneshot;
use futures::future::{abortable, select, AbortHandle, Either, FutureExt};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate, use_params_map},
    params::ParamsMap,
    NavigateOptions,
};
use wasm_bindgen::JsCast;

/// How long a navigation waits for the new page's code and data before drawing it anyway.
pub const PATIENCE_MS: u64 = 8000;

/// The navigation under way, in context.
#[derive(Clone, Copy)]
pub struct Navigation {
    /// A page is being prepared: the frame shows the progress bar.
    pub preparing: RwSignal<bool>,
    /// Dropping the sender stops the preparation that holds its receiver.
    current: StoredValue<Option<(u64, oneshot::Sender<()>)>>,
    /// What a preparation that ran out of patience left running for its page to join; the next
    /// navigation cancels it.
    leftover: StoredValue<Option<AbortHandle>>,
    /// Counts preparations, so one that finishes clears only its own state.
    count: StoredValue<u64>,
}

impl Navigation {
    /// Provides the navigation state and takes link clicks before the router does; inside `<Router>`.
    /// The listener belongs to the app and is removed with it.
    pub fn install() -> Navigation {
        let nav = Navigation {
            preparing: RwSignal::new(false),
            current: StoredValue::new(None),
            leftover: StoredValue::new(None),
            count: StoredValue::new(0),
        };
        provide_context(nav);
        let navigate = use_navigate();
        let Some(window) = crate::browser::window() else {
            return nav;
        };
        // Capture phase: before the router's own click listener, which leaves a prevented click alone.
        listen(&window, "click", true, move |ev: web_sys::MouseEvent| {
            if let Some(to) = nav.link_to_hold(&ev) {
                ev.prevent_default();
                nav.go(to, navigate.clone());
            }
        });
        // Back/forward: the reader left for another page; what was being prepared is not wanted.
        listen(&window, "popstate", false, move |_: web_sys::Event| {
            nav.cancel()
        });
        nav
    }

    /// Goes to `to` (path, query, fragment) as a followed link does: the router gets it once its page
    /// is prepared. For what the app sends the reader to itself (a submitted search).
    pub fn go(self, to: String, navigate: impl Fn(&str, NavigateOptions) + 'static) {
        leptos::task::spawn_local(async move {
            if self.prepare(&Route::parse(path_of(&to))).await {
                navigate(&to, NavigateOptions::default());
            }
        });
    }

    /// The address a click should go to after preparation: a same-origin link without modifier keys,
    /// target, download or rel=external (the router leaves those to the browser too), to another page
    /// (a link to a fragment of this page is the router's at once).
    fn link_to_hold(self, ev: &web_sys::MouseEvent) -> Option<String> {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return None;
        }
        let a = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())?;
        let target = a.target();
        if (!target.is_empty() && target != "_self")
            || a.has_attribute("download")
            || a.rel().split_whitespace().any(|r| r == "external")
        {
            return None;
        }
        let window = crate::browser::window()?;
        if a.origin() != window.location().origin().ok()? {
            return None;
        }
        let page = a.pathname() + &a.search();
        if page == here() {
            return None;
        }
        Some(page + &a.hash())
    }

    /// Brings `route`'s code and main data into memory, waiting at most `PATIENCE_MS` (then what is
    /// still under way goes on until the next navigation, for the new page to join). `false` if a newer
    /// navigation, or back/forward, took over: nothing is left running and nothing should be drawn.
    pub async fn prepare(self, route: &Route) -> bool {
        if let Some(leftover) = self.leftover.get_value() {
            leftover.abort();
        }
        let id = self.count.get_value() + 1;
        self.count.set_value(id);
        let (tx, superseded) = oneshot::channel::<()>();
        // Replacing the sender drops the older one: the older preparation stops.
        self.current.set_value(Some((id, tx)));
        self.preparing.set(true);
        let mut work = pages::prepare(route.clone()).boxed_local();
        let patience = std::pin::pin!(sleep(PATIENCE_MS));
        let outcome = select(select(&mut work, patience), superseded).await;
        if let Either::Right(_) = outcome {
            return false;
        }
        if let Either::Left((Either::Right(_), _)) = outcome {
            let (work, handle) = abortable(work);
            self.leftover.set_value(Some(handle));
            leptos::task::spawn_local(async move {
                let _ = work.await;
            });
        }
        self.done(id);
        true
    }

    /// Stops the preparation under way, if any.
    pub fn cancel(self) {
        let id = self.count.get_value();
        self.done(id);
    }

    fn done(self, id: u64) {
        if self
            .current
            .with_value(|c| c.as_ref().is_some_and(|(i, _)| *i == id))
        {
            self.current.set_value(None);
            self.preparing.set(false);
        }
    }
}

fn path_of(address: &str) -> &str {
    address.split(['?', '#']).next().unwrap_or_default()
}

async fn sleep(ms: u64) {
    let (tx, rx) = oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        std::time::Duration::from_millis(ms),
    );
    let _ = rx.await;
}

/// Holds followed links until their page is prepared (`Navigation`), around the frame and routes.
#[component]
pub fn Held(children: Children) -> impl IntoView {
    Navigation::install();
    announce_fragment_changes();
    crate::staged::later(children)
}

/// The router changes the address's `#fragment` with pushState, which fires no `hashchange`; parts that
/// a fragment names (`lazy.rs`: `#comments`) listen for it, so it is sent for them.
fn announce_fragment_changes() {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let hash = location.hash.get();
        if previous.is_some_and(|p| p != hash) {
            if let (Some(w), Ok(ev)) = (crate::browser::window(), web_sys::Event::new("hashchange"))
            {
                let _ = w.dispatch_event(&ev);
            }
        }
        hash
    });
}

/// A route's page in the table: `<RoutePage parse=Route::article/>` reads the route from the router's
/// params and draws its page, again when the params change (from the cache: the data was prepared).
#[component]
pub fn RoutePage(parse: fn(&ParamsMap) -> Route) -> impl IntoView {
    let params = use_params_map();
    let route = Memo::new(move |_| params.with(parse));
    on_drawn(route.into());
    // Drawn again (from the cache) when the reader switches language: views read texts once.
    let lang = use_context::<RwSignal<crate::i18n::Lang>>();
    move || {
        if let Some(lang) = lang {
            lang.track();
        }
        pages::view(route.get())
    }
}

/// The page for addresses outside the route table.
#[component]
pub fn NoRoute() -> impl IntoView {
    on_drawn(Signal::stored(Route::NotFound));
    pages::view(Route::NotFound)
}

/// After a page is drawn: it is the page drawn (for the frame), and the scroll position and focus are
/// set (restored after back/forward, the heading after a link).
fn on_drawn(route: Signal<Route>) {
    let location = use_location();
    let drawn = use_context::<Drawn>();
    let memory = use_context::<Memory>();
    Effect::new(move |_| {
        let route = route.get();
        if let Some(Drawn(drawn)) = drawn {
            if drawn.get_untracked() != route {
                drawn.set(route);
            }
        }
        // The router's address: the browser's changes only once the router has drawn the page.
        let search = location.search.get_untracked();
        let query = if search.is_empty() { "" } else { "?" };
        let path = location.pathname.get_untracked() + query + search.trim_start_matches('?');
        if let Some(memory) = memory {
            scroll::after_draw(memory, path);
        }
    });
}
