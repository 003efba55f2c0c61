//! Where the page is scrolled and what has focus when a page is drawn: back/forward return the reader to
//! where they were; a followed link starts at the top (the router scrolls) with focus on the new page's
//! heading, so a screen reader announces it. The browser's own restoration runs before our page is drawn,
//! so it is turned off.

use crate::browser::on_window;
use crate::state::memory::{here, Memory};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Installs the listeners for the app's lifetime (removed with it); call before the router, so ours run
/// before its own and see the page that is being left.
pub fn install(memory: Memory) {
    let Some(w) = crate::browser::window() else {
        return;
    };
    if let Ok(h) = w.history() {
        let _ = js_sys::Reflect::set(&h, &"scrollRestoration".into(), &"manual".into());
    }
    // A followed link: remember where we are on the page we leave, and this is no back/forward.
    on_window("click", move |ev: web_sys::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .is_some();
        if on_link {
            memory.save_scroll(here(), scroll_y());
            memory.scroll.update_value(|b| b.popped_to = None);
        }
    });
    // Back/forward: the address already changed, the old page is still drawn.
    on_window("popstate", move |_: web_sys::Event| {
        let left = memory.scroll.with_value(|b| b.current.clone());
        memory.save_scroll(left, scroll_y());
        memory.scroll.update_value(|b| b.popped_to = Some(here()));
    });
    // A reader who scrolls, taps or types during a restoration has taken over: stop moving the page.
    for event in ["wheel", "touchstart", "keydown", "pointerdown"] {
        on_window(event, move |_: web_sys::Event| {
            memory.scroll.update_value(|b| b.run += 1)
        });
    }
}

fn scroll_y() -> f64 {
    crate::browser::window()
        .and_then(|w| w.scroll_y().ok())
        .unwrap_or(0.0)
}

/// Called when the page for `path` has been drawn. After back/forward to it, scrolls to the remembered
/// position, trying again a few times while the page is too short to reach it (parts still drawing),
/// and never after it got there or after the reader took over. After a followed link, moves focus to
/// the page's heading. The first page of the app's life is left as the browser drew it.
pub fn after_draw(memory: Memory, path: String) {
    let (first, popped, run, remembered) = memory.scroll.with_value(|b| {
        (
            b.current.is_empty(),
            b.popped_to.as_deref() == Some(path.as_str()),
            b.run + 1,
            b.positions.get(&path).copied(),
        )
    });
    memory.scroll.update_value(|b| {
        b.current = path.clone();
        b.popped_to = None;
        b.run = run;
        b.returned = popped && remembered.is_some();
    });
    if first {
        return;
    }
    let Some(y) = remembered.filter(|_| popped) else {
        if !popped {
            request_animation_frame(focus_heading);
        }
        return;
    };
    for delay in [0u64, 50, 150, 400, 800] {
        let path = path.clone();
        set_timeout(
            move || {
                let current = memory
                    .scroll
                    .try_with_value(|b| b.run == run && b.current == path);
                if current != Some(true) {
                    return;
                }
                if let Some(w) = crate::browser::window() {
                    w.scroll_to_with_x_and_y(0.0, y);
                    if (scroll_y() - y).abs() < 2.0 {
                        memory.scroll.update_value(|b| b.run += 1);
                    }
                }
            },
            std::time::Duration::from_millis(delay),
        );
    }
}

/// Focus on the page's field marked `autofocus` (the search page's box when there is no search yet:
/// a browser honours the attribute only on a page it loads), else its `<h1>` (made focusable by script
/// only), without scrolling: the router or the `#fragment` decides where the page is.
fn focus_heading() {
    let Some(doc) = crate::browser::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(target) = doc
        .query_selector("main [autofocus]")
        .ok()
        .flatten()
        .or_else(|| doc.query_selector("main h1").ok().flatten())
        .or_else(|| doc.get_element_by_id("main"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = target.focus_with_options(&options);
}
