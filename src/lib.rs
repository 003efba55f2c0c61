//! Difang: the reader's site as a Leptos CSR app. `mount()` starts it; `main.rs` only calls it.

pub mod api;
pub mod app;
pub mod components;
pub mod history;
pub mod i18n;
pub mod pages;
pub mod prefs;
pub mod routes;
pub mod scroll;
pub mod widgets;

/// Starts the app in <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    remove_ssr_meta();
    scroll::init();
    leptos::mount::mount_to_body(app::App);
}

/// The server injects crawler meta tags (`data-ssr-meta`) for `/a/{id}`; from here on leptos_meta owns
/// the head, so they go, or there would be two titles and two og:title tags.
pub fn remove_ssr_meta() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    while let Ok(Some(el)) = doc.query_selector("[data-ssr-meta]") {
        el.remove();
    }
}
