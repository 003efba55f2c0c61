//! The service worker (`/sw.js`, written by scripts/service-worker.mjs): registered once the app has
//! started, and a new version that is installed and waiting reported, so the reader can take it. The
//! page reloads only when the reader asked (after `SKIP_WAITING`, on `controllerchange`); the first time
//! the worker takes control, what was read before goes through it once (`library::warm`, and the pages
//! themselves: `keep_pages`).

use super::Offline;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

pub(super) fn container() -> Option<ServiceWorkerContainer> {
    let navigator = crate::browser::window()?.navigator();
    // Absent outside secure contexts (plain http on another host than localhost).
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

fn reload() {
    if let Some(w) = crate::browser::window() {
        let _ = w.location().reload();
    }
}

/// Registers `/sw.js`; `off.update` turns true when a new version waits while an older one runs this
/// page. The listeners live as long as the document, like the registration.
pub fn register(off: Offline) {
    let Some(c) = container() else {
        return;
    };
    let handles = off.handles;
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if handles.try_with_value(|h| h.reloading) == Some(true) {
            reload();
        } else {
            super::library::warm();
            keep_pages();
        }
    });
    c.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    let c = SendWrapper::new(c);
    leptos::task::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(c.register("/sw.js")).await else {
            return;
        };
        // Something that stubs `register` (Playwright's blocked workers) answers nothing.
        if reg.is_undefined() || reg.is_null() {
            return;
        }
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        if reg.waiting().is_some() && c.controller().is_some() {
            off.update.try_set(true);
        }
        let found_reg = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = found_reg.installing() else {
                return;
            };
            let worker = installing.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                // With no controller this is the first install, not an update.
                let controlled = container().and_then(|c| c.controller()).is_some();
                if worker.state() == ServiceWorkerState::Installed && controlled {
                    off.update.try_set(true);
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        off.handles.try_update_value(|h| h.registration = Some(reg));
    });
}

/// Asks the worker that has just taken control to keep this page and the last articles opened: their
/// HTML came before it did, and a kept page answers a repeat visit without the network's round trip.
fn keep_pages() {
    let Some(controller) = container().and_then(|c| c.controller()) else {
        return;
    };
    let urls = js_sys::Array::new();
    if let Some(path) = crate::browser::window().and_then(|w| w.location().pathname().ok()) {
        urls.push(&path.into());
    }
    for e in super::library::recent().into_iter().take(5) {
        urls.push(&crate::routes::article(model::ArticleId(e.id)).into());
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"KEEP_PAGES".into());
    let _ = js_sys::Reflect::set(&message, &"urls".into(), &urls);
    let _ = controller.post_message(&message);
}

/// Deletes the pages the worker keeps (`difang-pages-<build>`): they were drawn in the language the
/// reader has just left. The next visit fetches them again.
pub fn forget_pages() {
    let Some(caches) = crate::browser::window().and_then(|w| w.caches().ok()) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(names) = wasm_bindgen_futures::JsFuture::from(caches.keys()).await else {
            return;
        };
        for name in js_sys::Array::from(&names)
            .iter()
            .filter_map(|n| n.as_string())
        {
            if name.starts_with("difang-pages-") {
                let _ = wasm_bindgen_futures::JsFuture::from(caches.delete(&name)).await;
            }
        }
    });
}

/// Asks the waiting version to take over; the page reloads once it has.
pub fn activate_waiting(off: Offline) {
    let waiting = off
        .handles
        .try_with_value(|h| h.registration.as_ref().and_then(|r| r.waiting()))
        .flatten();
    let Some(waiting) = waiting else {
        // Nothing waits any more (another tab took it): a reload shows the version that runs.
        reload();
        return;
    };
    off.handles.update_value(|h| h.reloading = true);
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
    let _ = waiting.post_message(&message);
}
