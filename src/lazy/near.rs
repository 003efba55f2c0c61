//! When a waiting slot comes near the viewport (`When::Near`): looked at on scroll, resize and layout,
//! by listeners the slot's effect owns.

use super::LAYOUT;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Calls `near` once `slot` is within 800 px below the viewport, or above it (a reader who jumps to the
/// end with the End key or the scrollbar passes parts without ever seeing them near). Looked at on scroll,
/// resize and when another part has been drawn above it.
pub(super) fn on_near(slot: NodeRef<leptos::html::Div>, near: impl Fn() + 'static) {
    let near = Rc::new(near);
    Effect::new(move |_| {
        let Some(el) = slot.get() else { return };
        let Some(window) = crate::browser::window() else {
            return near();
        };
        let done = Rc::new(Cell::new(false));
        let check = {
            let (near, window) = (near.clone(), window.clone());
            move || {
                let height = window
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                // A slot drawn off-screen (`staged`) has no position yet: it looks once shown.
                if !done.get()
                    && el.is_connected()
                    && el.get_bounding_client_rect().top() < height + 800.0
                {
                    done.set(true);
                    near();
                }
            }
        };
        // Scroll and resize cannot be cancelled, so the listeners need no `passive` flag.
        let target: &web_sys::EventTarget = &window;
        for event in ["scroll", "resize", LAYOUT] {
            let check = check.clone();
            crate::browser::listen(target, event, false, move |_: web_sys::Event| check());
        }
        // After the first layout, for a slot that is near from the start.
        request_animation_frame(check);
    });
}
