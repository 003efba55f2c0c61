//! The browser, where there is one: the same views also render to HTML on the server (`ssr.rs`), where
//! `web_sys::window()` would panic. Code reaches the window and the clock only through here.

/// The window in a browser; `None` when the views are rendered on the server.
pub fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Milliseconds since the Unix epoch (`Date.now()` in a browser).
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    }
}

/// Sends a small `POST` to `url` that goes out even if the page is left at once (`navigator.sendBeacon`).
/// Nothing in a server render.
pub fn beacon(url: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().send_beacon(url);
    }
}

/// Runs `f` once the browser is idle (`requestIdleCallback`), at the latest `max_wait_ms` from now; after
/// a timer of `max_wait_ms` where there is no such thing (Safari). Nothing in a server render.
pub fn when_idle(f: impl FnOnce() + 'static, max_wait_ms: u32) {
    let Some(w) = window() else {
        return;
    };
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let f: &js_sys::Function = wasm_bindgen::JsCast::unchecked_ref(&f);
    let has_idle = js_sys::Reflect::has(&w, &"requestIdleCallback".into()).unwrap_or(false);
    if has_idle {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(max_wait_ms);
        if w.request_idle_callback_with_options(f, &options).is_ok() {
            return;
        }
    }
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f, max_wait_ms as i32);
}

/// Calls `handler` with each `event` at `target` (in the capture phase if `capture`) for as long as the
/// current owner lives: the listener is removed when it is cleaned up. The app's listeners all go
/// through here (the events arrive as `E`, e.g. `web_sys::MouseEvent`).
pub fn listen<E: wasm_bindgen::JsCast>(
    target: &web_sys::EventTarget,
    event: &'static str,
    capture: bool,
    mut handler: impl FnMut(E) + 'static,
) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
        move |ev: web_sys::Event| handler(ev.unchecked_into()),
    );
    add_listener(target.clone(), event, capture, f);
}

/// [`listen`] on the window (nothing in a server render).
pub fn on_window<E: wasm_bindgen::JsCast>(event: &'static str, handler: impl FnMut(E) + 'static) {
    if let Some(w) = window() {
        listen(&w, event, false, handler);
    }
}

/// `listen`'s part that does not depend on the handler's type: one copy in the wasm for every listener.
fn add_listener(
    target: web_sys::EventTarget,
    event: &'static str,
    capture: bool,
    f: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
) {
    use wasm_bindgen::JsCast;
    let _ = target.add_event_listener_with_callback_and_bool(
        event,
        f.as_ref().unchecked_ref(),
        capture,
    );
    let keep = send_wrapper::SendWrapper::new((target, f));
    leptos::prelude::on_cleanup(move || {
        let (target, f) = keep.take();
        let _ = target.remove_event_listener_with_callback_and_bool(
            event,
            f.as_ref().unchecked_ref(),
            capture,
        );
    });
}

/// Calls `changed` whenever one of `targets` changes size (`ResizeObserver`), for as long as the current
/// owner lives: the observer is disconnected when it is cleaned up.
pub fn on_resize(targets: &[&web_sys::Element], changed: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::<dyn Fn()>::new(changed);
    let Ok(observer) = web_sys::ResizeObserver::new(f.as_ref().unchecked_ref()) else {
        return;
    };
    for t in targets {
        observer.observe(t);
    }
    let keep = send_wrapper::SendWrapper::new((observer, f));
    leptos::prelude::on_cleanup(move || keep.take().0.disconnect());
}

/// Calls `seen` with whether `target` is within `margin` (CSS, e.g. `"300px"`) of the viewport each
/// time that changes (`IntersectionObserver`), for as long as the current owner lives: the observer is
/// disconnected when it is cleaned up.
pub fn on_intersect(target: &web_sys::Element, margin: &str, seen: impl Fn(bool) + 'static) {
    use wasm_bindgen::JsCast;
    let f = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            seen(entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            }))
        },
    );
    let init = web_sys::IntersectionObserverInit::new();
    init.set_root_margin(margin);
    let Ok(observer) =
        web_sys::IntersectionObserver::new_with_options(f.as_ref().unchecked_ref(), &init)
    else {
        return;
    };
    observer.observe(target);
    let keep = send_wrapper::SendWrapper::new((observer, f));
    leptos::prelude::on_cleanup(move || keep.take().0.disconnect());
}
