//! Difang: the reader's site as a Leptos CSR app. `mount()` starts it; `main.rs` only calls it.

pub mod api;
pub mod app;
pub mod components;
pub mod history;
pub mod i18n;
pub mod json;
pub mod lazy;
pub mod pages;
pub mod prefs;
pub mod router;
pub mod routes;
pub mod scroll;
pub mod widgets;

/// Starts the app in <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    scroll::init();
    leptos::mount::mount_to_body(app::App);
}
