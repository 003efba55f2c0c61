//! The on-demand part slot (src/lazy.rs) in a real browser: loads at once or when scrolled near, and a
//! part whose code cannot be fetched shows an error box whose retry loads it again.

use difang::api::ApiError;
use difang::lazy::{lazy_part, Part, When};
use difang::state::memory::Memory;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod support;

use support::{frames, mount, until};

wasm_bindgen_test_configure!(run_in_browser);

fn has(root: &HtmlElement, sel: &str) -> bool {
    root.query_selector(sel).unwrap().is_some()
}

/// The `data-state` of the slot `sel` (waiting, loading, ready, failed).
fn state(root: &HtmlElement, sel: &str) -> String {
    root.query_selector(sel)
        .unwrap()
        .unwrap()
        .get_attribute("data-state")
        .unwrap_or_default()
}

/// Frames enough for a slot drawn or moved to have looked whether it is near (it looks in the
/// animation frame after it is drawn, and on the scroll events the browser sends with a frame).
const LOOKED: u32 = 3;

async fn ok_part() -> Part {
    Ok(view! { <p class="loaded">"part"</p> }.into_any())
}

#[wasm_bindgen_test]
async fn a_part_wanted_now_is_shown() {
    let root = mount(|| lazy_part("part", When::Now, ok_part));
    until("the part is shown", || has(&root, ".part .loaded")).await;
    assert_eq!(state(&root, ".part"), "ready");
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_an_error_and_retry_loads_it() {
    let calls = Rc::new(Cell::new(0u32));
    let c = calls.clone();
    let root = mount(move || {
        lazy_part("part", When::Now, move || {
            let n = c.get() + 1;
            c.set(n);
            async move {
                if n == 1 {
                    Err(ApiError::Network("failed to load split module".into()))
                } else {
                    ok_part().await
                }
            }
        })
    });
    until("the error box is shown", || {
        has(&root, "[data-testid=error]")
    })
    .await;
    assert_eq!(state(&root, ".part"), "failed");
    assert!(!has(&root, ".loaded"));
    root.query_selector("[data-testid=retry]")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    until("retry loaded the part", || has(&root, ".loaded")).await;
    assert_eq!(calls.get(), 2);
    assert!(has(&root, ".loaded"), "retry loaded the part");
    assert!(!has(&root, "[data-testid=error]"));
}

#[wasm_bindgen_test]
async fn a_part_below_the_fold_loads_when_scrolled_near() {
    let calls = Rc::new(Cell::new(0u32));
    let c = calls.clone();
    let root = mount(move || {
        view! {
            <div style="height:6000px"></div>
            {lazy_part("part far", When::Near, move || {
                c.set(c.get() + 1);
                ok_part()
            })}
        }
    });
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    frames(LOOKED).await;
    assert_eq!(calls.get(), 0, "not loaded while far below the viewport");
    assert_eq!(state(&root, ".far"), "waiting");
    let far = root.query_selector(".far").unwrap().unwrap();
    far.scroll_into_view();
    until("the part loads when near", || {
        calls.get() > 0 && has(&root, ".far .loaded")
    })
    .await;
    frames(LOOKED).await;
    assert_eq!(calls.get(), 1, "loaded once when near");
    assert!(has(&root, ".far .loaded"));
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn a_slot_drawn_off_screen_waits_until_shown_then_loads_if_near() {
    // As the app draws over the server's page (`staged`): off-screen a slot has no position, and
    // taking its zero rectangle for "near" would load every part below the fold at once.
    let calls = Rc::new(Cell::new(0u32));
    let c = calls.clone();
    let d = web_sys::window().unwrap().document().unwrap();
    let off_screen: HtmlElement = d.create_element("div").unwrap().unchecked_into();
    std::mem::forget(leptos::mount::mount_to(off_screen.clone(), move || {
        lazy_part("part", When::Near, move || {
            c.set(c.get() + 1);
            ok_part()
        })
    }));
    frames(LOOKED).await;
    assert_eq!(calls.get(), 0, "not loaded while off-screen");
    assert_eq!(state(&off_screen, ".part"), "waiting");
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    d.body().unwrap().prepend_with_node_1(&off_screen).unwrap();
    difang::lazy::relayout();
    until("the part loads once shown near the viewport", || {
        has(&off_screen, ".part .loaded")
    })
    .await;
    assert_eq!(calls.get(), 1, "loaded once shown near the viewport");
    assert!(has(&off_screen, ".part .loaded"));
}

#[wasm_bindgen_test]
async fn a_part_named_by_the_url_fragment_loads_at_once_and_carries_the_id() {
    let window = web_sys::window().unwrap();
    window.location().set_hash("talk").unwrap();
    let root = mount(|| {
        view! {
            <div style="height:6000px"></div>
            {lazy_part("part", When::Anchor("talk"), ok_part)}
        }
    });
    until(
        "the part named by the fragment loads although far below",
        || has(&root, "#talk .loaded"),
    )
    .await;
    assert_eq!(
        root.query_selector("#talk")
            .unwrap()
            .unwrap()
            .get_attribute("data-state")
            .as_deref(),
        Some("ready")
    );
    window.location().set_hash("").unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn a_part_the_reader_jumped_past_still_loads() {
    let calls = Rc::new(Cell::new(0u32));
    let c = calls.clone();
    let root = mount(move || {
        view! {
            <div style="height:6000px"></div>
            {lazy_part("part passed", When::Near, move || {
                c.set(c.get() + 1);
                ok_part()
            })}
            <div class="after" style="height:6000px"></div>
        }
    });
    let window = web_sys::window().unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    frames(LOOKED).await;
    assert_eq!(calls.get(), 0);
    assert_eq!(state(&root, ".passed"), "waiting");
    // Straight to the end, as the End key does: the slot is never within the margin below the viewport.
    let end = root.query_selector(".after").unwrap().unwrap();
    end.unchecked_ref::<web_sys::Element>()
        .scroll_into_view_with_bool(false);
    until("the part loads although it was jumped past", || {
        has(&root, ".passed .loaded")
    })
    .await;
    assert_eq!(calls.get(), 1, "loaded although it was jumped past");
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn a_part_shown_before_on_the_same_page_shows_at_once_another_pages_waits() {
    // One app's memory, shared by the mounts below as it is by the pages of one app.
    let memory = Memory::new();
    let far_part = move || {
        provide_context(memory);
        view! {
            <div style="height:6000px"></div>
            {lazy_part("part again", When::Near, ok_part)}
        }
    };
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let start = window.location().href().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/lazy-test/first"))
        .unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    let first = mount(far_part);
    frames(LOOKED).await;
    assert!(!has(&first, ".loaded"), "far below: waits");
    assert_eq!(state(&first, ".part"), "waiting");
    first
        .query_selector(".part")
        .unwrap()
        .unwrap()
        .scroll_into_view();
    until("the part loads when near", || has(&first, ".loaded")).await;
    window.scroll_to_with_x_and_y(0.0, 0.0);
    // The same part on the same page drawn again (back navigation): its code is at hand, so it shows
    // at once and the page has its full height before its scroll position is restored.
    let second = mount(far_part);
    // Wanted as it is drawn, not after looking whether it is near.
    assert_ne!(
        state(&second, ".part"),
        "waiting",
        "shown without waiting to be near"
    );
    until("the part is shown again", || has(&second, ".loaded")).await;
    // The same part on another page (another article) waits until the reader comes near it.
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/lazy-test/second"))
        .unwrap();
    let third = mount(far_part);
    frames(LOOKED).await;
    assert_eq!(state(&third, ".part"), "waiting");
    assert!(
        !has(&third, ".loaded"),
        "another page's part waits to be near"
    );
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&start))
        .unwrap();
}

#[wasm_bindgen_test]
async fn only_a_waiting_slot_holds_room_an_empty_part_takes_none() {
    let d = web_sys::window().unwrap().document().unwrap();
    if d.get_element_by_id("lazy-css").is_none() {
        let style = d.create_element("style").unwrap();
        style.set_id("lazy-css");
        style.set_text_content(Some(include_str!("../style/main.css")));
        d.head().unwrap().append_child(&style).unwrap();
    }
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, 0.0);
    let root = mount(|| {
        view! {
            {lazy_part("part empty", When::Now, || async { Ok(().into_any()) })}
            <div style="height:6000px"></div>
            {lazy_part("part held", When::Near, ok_part)}
        }
    });
    until("the empty part has loaded", || {
        state(&root, ".empty") == "ready"
    })
    .await;
    frames(LOOKED).await;
    assert_eq!(state(&root, ".held"), "waiting");
    let height = |sel: &str| {
        root.query_selector(sel)
            .unwrap()
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .offset_height()
    };
    assert_eq!(
        height(".empty"),
        0,
        "a loaded part with nothing to show takes no room"
    );
    assert!(
        height(".held") > 100,
        "a waiting slot holds room below the fold"
    );
}

#[wasm_bindgen_test]
async fn a_link_to_the_fragment_on_the_page_loads_the_part_and_keeps_it() {
    let window = web_sys::window().unwrap();
    let root = mount(|| {
        view! {
            <div style="height:6000px"></div>
            // A class no other test used: a part shown before (by class) would show at once.
            {lazy_part("part said", When::Anchor("said"), ok_part)}
        }
    });
    window.scroll_to_with_x_and_y(0.0, 0.0);
    frames(LOOKED).await;
    assert!(
        !has(&root, "#said .loaded"),
        "far below and not named: waits"
    );
    assert_eq!(state(&root, "#said"), "waiting");
    // Counts the fragment's changes as the page hears them: the slot's listener, added before this
    // one, has heard each one counted.
    let changes = Rc::new(Cell::new(0u32));
    let counted = changes.clone();
    let count =
        wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || counted.set(counted.get() + 1));
    window
        .add_event_listener_with_callback("hashchange", count.as_ref().unchecked_ref())
        .unwrap();
    window.location().set_hash("said").unwrap();
    until("named by the fragment: loaded", || {
        has(&root, "#said .loaded")
    })
    .await;
    // Following the link again (and any later event) leaves the drawn part as it is.
    window.location().set_hash("").unwrap();
    until("the fragment is gone", || changes.get() == 2).await;
    window.location().set_hash("said").unwrap();
    window
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    until("the fragment is back", || changes.get() == 3).await;
    // The slot lands on it in the frame after.
    frames(LOOKED).await;
    assert!(has(&root, "#said .loaded"), "still drawn");
    assert_eq!(state(&root, "#said"), "ready");
    window
        .remove_event_listener_with_callback("hashchange", count.as_ref().unchecked_ref())
        .unwrap();
    window.location().set_hash("").unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
