//! Scroll positions per URL, so going back or forward returns the reader to where they were.
//! The browser's own restoration runs before our cached page is drawn, so it is turned off.

use crate::router::here;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

thread_local! {
    static POSITIONS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
    static POPPED: Cell<bool> = const { Cell::new(false) };
    /// Bumped to stop a restoration under way: it reached its place, or the reader took over.
    static RESTORING: Cell<u64> = const { Cell::new(0) };
    /// The page drawn now was reached by back/forward and has a remembered position.
    static RETURNED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the page drawn now is being put back where the reader left it (back/forward): then nothing
/// else (such as a `#fragment`) should scroll it.
pub fn returned() -> bool {
    RETURNED.with(Cell::get)
}

fn stop_restoring() -> u64 {
    RESTORING.with(|r| {
        r.set(r.get() + 1);
        r.get()
    })
}

fn scroll_y() -> f64 {
    web_sys::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}

fn save(path: String, y: f64) {
    POSITIONS.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() > 100 {
            p.clear();
        }
        p.insert(path, y);
    });
}

/// Installs the listeners; call before the router so ours run first.
pub fn init() {
    let Some(w) = web_sys::window() else { return };
    if let Ok(h) = w.history() {
        let _ = js_sys::Reflect::set(&h, &"scrollRestoration".into(), &"manual".into());
    }
    CURRENT.with(|c| *c.borrow_mut() = here());
    // A link click: remember where we are on the page we leave (capture phase, before the router).
    let click = Closure::<dyn Fn()>::new(|| save(here(), scroll_y()));
    let _ =
        w.add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
    click.forget();
    // Back/forward: the address already changed, the old page is still drawn.
    let pop = Closure::<dyn Fn()>::new(|| {
        let left = CURRENT.with(|c| c.borrow().clone());
        save(left, scroll_y());
        POPPED.with(|p| p.set(true));
    });
    let _ = w.add_event_listener_with_callback("popstate", pop.as_ref().unchecked_ref());
    pop.forget();
    // A reader who scrolls, taps or types during a restoration has taken over: stop moving the page.
    let input = Closure::<dyn Fn()>::new(|| {
        stop_restoring();
    });
    for event in ["wheel", "touchstart", "keydown", "pointerdown"] {
        let _ = w.add_event_listener_with_callback_and_bool(
            event,
            input.as_ref().unchecked_ref(),
            true,
        );
    }
    input.forget();
}

/// Called when the router has drawn a new page; after back/forward, scrolls to the remembered position,
/// trying again a few times while the page is too short to reach it (parts still drawing), and never
/// after it got there or after the reader took over.
pub fn on_route() {
    let path = here();
    CURRENT.with(|c| *c.borrow_mut() = path.clone());
    let run = stop_restoring();
    let popped = POPPED.with(|p| p.replace(false));
    let remembered = POSITIONS.with(|p| p.borrow().get(&path).copied());
    RETURNED.with(|r| r.set(popped && remembered.is_some()));
    let (true, Some(y)) = (popped, remembered) else {
        return;
    };
    for delay in [0u64, 50, 150, 400, 800] {
        let path = path.clone();
        leptos::prelude::set_timeout(
            move || {
                if here() != path || RESTORING.with(Cell::get) != run {
                    return;
                }
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, y);
                    if (scroll_y() - y).abs() < 2.0 {
                        stop_restoring();
                    }
                }
            },
            std::time::Duration::from_millis(delay),
        );
    }
}
