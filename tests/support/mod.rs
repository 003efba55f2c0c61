//! What the component tests share: mounting a view into the page and waiting for later tasks.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Mounts `f`'s view into a new `<div>` at the end of `<body>`, kept for the rest of the test run.
#[allow(dead_code)] // tests/browser.rs mounts no view
pub fn mount<F, N>(f: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let d = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = d.create_element("div").unwrap().unchecked_into();
    d.body().unwrap().append_child(&el).unwrap();
    // Each view reads through a store of answers of its own, as the app's page does.
    difang::api::hold_answers();
    std::mem::forget(leptos::mount::mount_to(el.clone(), f));
    el
}

/// Resolves after `ms` milliseconds (a timer task).
#[allow(dead_code)] // not every test binary waits on a timer
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Resolves at the browser's next animation frame: after the tasks and microtasks queued before it
/// (effects, spawned futures that do not wait on the network) and before that frame's rendering.
#[allow(dead_code)] // not every test binary waits on frames
pub async fn frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Waits until `cond` holds, looking at each animation frame, for at most 300 frames (about 5 s);
/// fails the test, saying `what`, if it never does.
#[allow(dead_code)] // not every test binary waits on a condition
pub async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..300 {
        if cond() {
            return;
        }
        frame().await;
    }
    panic!("timed out waiting until {what}");
}

/// Waits for `n` animation frames: for proving that something did not happen, after the frames in
/// which it would have (a slot looks whether it is near in an animation frame after it is drawn).
#[allow(dead_code)] // not every test binary waits on frames
pub async fn frames(n: u32) {
    for _ in 0..n {
        frame().await;
    }
}
