//! Difang: the reader's site as a Leptos app, drawn in the browser; the server renders its first screen
//! from the same views (`ssr`, feature `ssr`). `mount()` starts it; `main.rs` only calls it.
//!
//! Data flows one way: `app` (route table) → `routing` → `pages` → `widgets` / `components`; app-wide
//! state lives in `state`, the API client in `api`, and nothing below imports what is above it.

// Natively (the server renders these views) component types are not erased and nest deeply.
#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod desk;
pub mod embed;
pub mod frame;
pub mod handover;
pub mod history;
pub mod i18n;
pub mod json;
pub mod lazy;
pub mod offline;
pub mod pages;
pub mod routes;
pub mod routing;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod staged;
pub mod state;
pub mod widgets;

/// Starts the app: in the first screen the server drew, or on its own (`handover`).
pub fn mount() {
    console_error_panic_hook::set_once();
    handover::start();
}
