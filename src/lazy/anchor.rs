//! The anchor's side of a slot (`When::Anchor`): whether the address names it, landing on it, and
//! following links to it. Not generic, so one copy serves every slot.

use super::LAYOUT;
use crate::state::memory::Memory;
use leptos::prelude::*;

/// Whether the address's fragment is the slot's anchor (`#comments`) or a place inside the part
/// (`#comments-12`, one comment).
pub(super) fn is_target(anchor: Option<&str>) -> bool {
    anchor.is_some_and(|id| {
        let hash = location_hash();
        hash.strip_prefix('#')
            .and_then(|h| h.strip_prefix(id))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
    })
}

/// The reader's input count (`routing/scroll.rs` counts wheel, touch, key and pointer presses).
fn input_count(memory: Option<Memory>) -> Option<u64> {
    memory.map(|m| m.scroll.with_value(|b| b.run))
}

/// Scrolls to the fragment's element once the part has drawn it (one comment), else to the slot, and
/// pins it there: see [`follow_anchor`].
pub(super) fn land(
    slot: NodeRef<leptos::html::Div>,
    memory: Option<Memory>,
    pinned: StoredValue<Option<u64>>,
) {
    pinned.set_value(input_count(memory));
    request_animation_frame(move || {
        let hash = location_hash();
        let inner = crate::browser::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(hash.trim_start_matches('#')));
        if let Some(el) = inner.or_else(|| slot.get_untracked().map(Into::into)) {
            el.scroll_into_view();
        }
    });
}

/// A link to the slot's fragment on this page loads the part at once and lands on it once loaded.
/// While pinned (the reader's input count when it landed), parts drawn above it push it down: it lands
/// again each time, until the reader scrolls, taps or types.
pub(super) fn follow_anchor(
    anchor: &'static str,
    slot: NodeRef<leptos::html::Div>,
    memory: Option<Memory>,
    wanted: RwSignal<bool>,
    ready: RwSignal<bool>,
    pinned: StoredValue<Option<u64>>,
) {
    let Some(window) = crate::browser::window() else {
        return;
    };
    let window: web_sys::EventTarget = window.into();
    crate::browser::listen(&window, LAYOUT, false, move |_: web_sys::Event| {
        let held = pinned.get_value();
        if held.is_some() && held == input_count(memory) && is_target(Some(anchor)) {
            land(slot, memory, pinned);
        }
    });
    crate::browser::listen(&window, "hashchange", false, move |_: web_sys::Event| {
        if !is_target(Some(anchor)) {
            return;
        }
        if ready.get_untracked() {
            land(slot, memory, pinned);
        } else if !wanted.get_untracked() {
            wanted.set(true);
        }
    });
}

pub(super) fn location_hash() -> String {
    crate::browser::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}
