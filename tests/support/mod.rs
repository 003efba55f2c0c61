//! What the component tests share: mounting a view into the page and waiting for later tasks.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Mounts `f`'s view into a new `<div>` at the end of `<body>`, kept for the rest of the test run.
pub fn mount<F, N>(f: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let d = web_sys::window().unwrap().document().unwrap();
    let el: HtmlElement = d.create_element("div").unwrap().unchecked_into();
    d.body().unwrap().append_child(&el).unwrap();
    std::mem::forget(leptos::mount::mount_to(el.clone(), f));
    el
}

/// Resolves after `ms` milliseconds (a timer task).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}
