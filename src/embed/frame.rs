//! The widget's side of the iframe: it tells the partner's page its height (a ResizeObserver on <body>,
//! posted to the parent as `{difang: "height", height}`) and takes theme changes from the parent
//! (`{difang: "theme", theme}`, accepted only from `window.parent`). The loader (`src/embed/embed.js`)
//! is the other side. Everything here belongs to the widget's root and is removed on cleanup.

use leptos::prelude::*;
use model::embed::EmbedTheme;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

fn html() -> Option<web_sys::Element> {
    crate::browser::window()?.document()?.document_element()
}

fn system_dark() -> bool {
    crate::browser::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The window that frames this one, if any.
fn parent() -> Option<web_sys::Window> {
    let w = crate::browser::window()?;
    let p = w.parent().ok().flatten()?;
    // A top-level page is its own parent.
    (!js_sys::Object::is(&p, &w)).then_some(p)
}

/// Posts `{difang: kind, [key]: value}` to the parent. The target origin is "*": a read-only widget
/// may sit on any partner's page and a height is no secret; the loader checks who sent it.
fn post(kind: &str, key: &str, value: JsValue) {
    let Some(p) = parent() else { return };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"difang".into(), &kind.into());
    let _ = js_sys::Reflect::set(&msg, &key.into(), &value);
    let _ = p.post_message(&msg, "*");
}

/// Keeps `<html data-theme>` on the requested theme (`auto`: the reader's system setting, followed
/// live), marks a framed widget (`data-framed`: no scrollbar of its own, see style/embed.css), reports
/// the height and listens to the parent. Call once, from an effect of the widget's root (it touches the
/// browser), which then owns the listeners and the observer.
pub fn install(theme: EmbedTheme) {
    let requested = RwSignal::new(theme);
    let system = RwSignal::new(system_dark());
    Effect::new(move |_| {
        let dark = match requested.get() {
            EmbedTheme::Dark => true,
            EmbedTheme::Light => false,
            EmbedTheme::Auto => system.get(),
        };
        if let Some(h) = html() {
            let _ = h.set_attribute("data-theme", if dark { "dark" } else { "light" });
        }
    });
    follow_system(system);
    if parent().is_none() {
        return;
    }
    if let Some(h) = html() {
        let _ = h.set_attribute("data-framed", "");
    }
    report_height();
    let handle = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let from_parent = match (ev.source(), parent()) {
            (Some(src), Some(p)) => js_sys::Object::is(&src, &p),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let data = ev.data();
        let field = |k: &str| {
            js_sys::Reflect::get(&data, &k.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        if field("difang").as_deref() == Some("theme") {
            if let Some(t) = field("theme").as_deref().and_then(EmbedTheme::parse) {
                requested.try_set(t);
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// `system` follows `prefers-color-scheme` while the widget lives.
fn follow_system(system: RwSignal<bool>) {
    let Some(mql) = crate::browser::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
    else {
        return;
    };
    let cb = Closure::<dyn Fn()>::new(move || {
        system.try_set(system_dark());
    });
    let _ = mql.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    let keep = SendWrapper::new((mql, cb));
    on_cleanup(move || {
        let (mql, cb) = keep.take();
        let _ = mql.remove_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
    });
}

/// Posts the body's height (whole CSS pixels, rounded up) whenever it changes.
fn report_height() {
    let Some(body) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let last = StoredValue::new(0u32);
    let measure = {
        let body = SendWrapper::new(body.clone());
        move || {
            let h = body.get_bounding_client_rect().height().ceil() as u32;
            if last.try_get_value() != Some(h) {
                last.try_set_value(h);
                post("height", "height", h.into());
            }
        }
    };
    let cb = Closure::<dyn Fn()>::new(measure);
    let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) else {
        return;
    };
    observer.observe(&body);
    let keep = SendWrapper::new((observer, cb));
    on_cleanup(move || {
        let (observer, _cb) = keep.take();
        observer.disconnect();
    });
}
