//! Reading without a network: the service worker (registration, the waiting new version), whether the
//! browser is online, the install prompt, the saved and recently read articles (`library`) and comments
//! waiting for the network (`outbox`). Provided once by the app root, which owns its listeners.

pub mod library;
pub mod outbox;
mod worker;

pub use worker::forget_pages;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The app's offline state, as context. Few signal types on purpose: each new one is generic code in
/// the main module, which every first visit downloads.
#[derive(Clone, Copy)]
pub struct Offline {
    /// `navigator.onLine`, kept current.
    pub online: RwSignal<bool>,
    /// A new version is installed and waits for the reader's reload (the 有新版本 toast).
    pub update: RwSignal<bool>,
    /// The browser offered to install the app (Chromium's `beforeinstallprompt`; the event is kept).
    pub can_prompt: RwSignal<bool>,
    /// The reader has opened an article here: only then is installing offered.
    pub has_read: RwSignal<bool>,
    /// Flipped when the outbox should be sent (`online`; the frame also sends it at start): the frame
    /// loads the outbox's code (a chunk) and sends it.
    pub flush: RwSignal<bool>,
    /// iOS Safari outside the installed app: no prompt there, a how-to instead.
    pub ios: bool,
    handles: StoredValue<Handles, LocalStorage>,
}

#[derive(Default)]
struct Handles {
    /// The kept `beforeinstallprompt` event.
    prompt: Option<JsValue>,
    registration: Option<web_sys::ServiceWorkerRegistration>,
    /// The reader took the new version: reload when it controls the page.
    reloading: bool,
    /// The outbox is being sent (one round at a time).
    flushing: bool,
}

/// Where index.html's inline script keeps a `beforeinstallprompt` that came before the app ran.
const EARLY_PROMPT: &str = "difangInstallPrompt";

fn navigator() -> Option<web_sys::Navigator> {
    crate::browser::window().map(|w| w.navigator())
}

/// True unless the browser says it is offline.
pub fn is_online() -> bool {
    navigator().is_none_or(|n| n.on_line())
}

fn ios_safari() -> bool {
    let Some(n) = navigator() else {
        return false;
    };
    let ua = n.user_agent().unwrap_or_default();
    let ios = ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod");
    // Inside the installed app `navigator.standalone` is true: nothing to offer there.
    let standalone = js_sys::Reflect::get(&n, &"standalone".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    ios && !standalone && !ua.contains("CriOS") && !ua.contains("FxiOS")
}

/// Provides the state, registers the service worker and starts the listeners; called once by the app.
pub fn provide() {
    let off = Offline {
        online: RwSignal::new(is_online()),
        update: RwSignal::new(false),
        can_prompt: RwSignal::new(false),
        has_read: RwSignal::new(!crate::history::load().is_empty()),
        flush: RwSignal::new(false),
        ios: ios_safari(),
        handles: StoredValue::new_local(Handles::default()),
    };
    provide_context(off);
    crate::browser::on_window::<web_sys::Event>("online", move |_| {
        off.online.set(true);
        off.request_flush();
    });
    crate::browser::on_window::<web_sys::Event>("offline", move |_| off.online.set(false));
    // An offer that came before the app ran, kept by index.html's inline script.
    if let Some(w) = crate::browser::window() {
        let early = js_sys::Reflect::get(&w, &EARLY_PROMPT.into()).unwrap_or(JsValue::UNDEFINED);
        if early.is_object() {
            let _ = js_sys::Reflect::set(&w, &EARLY_PROMPT.into(), &JsValue::NULL);
            off.handles.update_value(|h| h.prompt = Some(early));
            off.can_prompt.set(true);
        }
    }
    crate::browser::on_window::<web_sys::Event>("beforeinstallprompt", move |e| {
        // Kept for the header's entry instead of the browser's own mini-infobar.
        e.prevent_default();
        off.handles.update_value(|h| h.prompt = Some(e.into()));
        off.can_prompt.set(true);
    });
    crate::browser::on_window::<web_sys::Event>("appinstalled", move |_| {
        off.handles.update_value(|h| h.prompt = None);
        off.can_prompt.set(false);
    });
    // Once the app is on screen and the page is idle: installing the worker (its script, then every
    // precached file) on a phone's few cores slows the app's start. Registered during the takeover,
    // Lighthouse's TBT on /a/1001 was 271 ms (e2e/bench/lighthouse.mjs, median of 5).
    crate::staged::when_settled(move || worker::register(off));
}

impl Offline {
    /// Asks for the outbox to be sent (the frame does, when it holds anything).
    pub fn request_flush(self) {
        self.flush.update(|f| *f = !*f);
    }

    /// Shows the browser's install prompt (once: the browser gives a new event for the next time).
    pub fn prompt_install(self) {
        let Some(event) = self.handles.try_update_value(|h| h.prompt.take()).flatten() else {
            return;
        };
        self.can_prompt.set(false);
        if let Ok(f) = js_sys::Reflect::get(&event, &"prompt".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(&event);
            }
        }
    }

    /// Takes the waiting version and reloads, unless a comment draft is unsent (then says so and keeps
    /// the page). Returns whether it reloads.
    pub fn apply_update(self) -> bool {
        if outbox::unsent_draft() {
            return false;
        }
        worker::activate_waiting(self);
        true
    }
}
