//! Difang: the reader's site as a Leptos CSR app. `mount()` starts it; `main.rs` only calls it.
//!
//! Data flows one way: `app` (route table) → `routing` → `pages` → `widgets` / `components`; app-wide
//! state lives in `state`, the API client in `api`, and nothing below imports what is above it.

pub mod api;
pub mod app;
pub mod components;
pub mod frame;
pub mod history;
pub mod i18n;
pub mod json;
pub mod lazy;
pub mod offline;
pub mod pages;
pub mod routes;
pub mod routing;
pub mod state;
pub mod widgets;

/// Starts the app in <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
