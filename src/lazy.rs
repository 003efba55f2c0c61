//! Parts of the app whose code loads on demand, and the slot that loads a part when it is needed.
//!
//! Built with the `split` feature (index.html turns it on; build.rs sets `--cfg difang_split`), every
//! `split_point!` function is cut out into a wasm chunk of its own that the browser fetches the first
//! time the part is shown: the article route then downloads only the shell and the article. In every other build (wasm
//! tests, clippy, `cargo check`) the same functions are plain calls, so tests see the same views.

use crate::api::ApiError;
use crate::components::{error_box::ErrorBox, loading::Loading};
use crate::state::memory::{here, Memory};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::{closure::Closure, JsCast};

/// A part's view, or why its code could not be fetched (offline, server gone): a network error.
pub type Part = Result<AnyView, ApiError>;

#[cfg(difang_split)]
impl From<wasm_split_helpers::SplitLoaderError> for ApiError {
    fn from(e: wasm_split_helpers::SplitLoaderError) -> Self {
        ApiError::Network(e.to_string())
    }
}

/// `split_point!(chunk: fn name(args) -> view)` defines `async fn name(args) -> Part`. Functions naming
/// the same chunk share it. A failed fetch is an `Err` (retried on the next call), never a panic.
///
/// A split point is an export, which the linker keeps whether or not the binary calls it, and with it
/// everything it reaches. So each binary cuts out only its own chunks: the partner widgets' binary
/// (src/bin/embed.rs, `--features split,embed`: `--cfg difang_embed`) `comments` and `partner`, the app
/// every chunk but `partner`; elsewhere a split point is a plain function.
macro_rules! split_point {
    ($(#[$meta:meta])* $chunk:ident: fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $crate::lazy::split_point!(@chunk $chunk; $(#[$meta])* $chunk: fn $name($($arg: $ty),*) $body);
    };
    // The comment thread and live updates are chunks in the widgets' binary too.
    (@chunk comments; $($t:tt)*) => { $crate::lazy::split_point!(@define [difang_split] $($t)*); };
    (@chunk live; $($t:tt)*) => { $crate::lazy::split_point!(@define [difang_split] $($t)*); };
    // The partners' page exists only in the widgets' binary; in the app it is a plain function that
    // nothing calls, so it is not linked.
    (@chunk partner; $($t:tt)*) => {
        $crate::lazy::split_point!(@define [all(difang_split, difang_embed)] $($t)*);
    };
    (@chunk $other:ident; $($t:tt)*) => {
        $crate::lazy::split_point!(@define [all(difang_split, not(difang_embed))] $($t)*);
    };
    (@define [$($split:tt)*] $(#[$meta:meta])* $chunk:ident: fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        $(#[$meta])*
        #[cfg($($split)*)]
        pub async fn $name($($arg: $ty),*) -> $crate::lazy::Part {
            // Shadows the outer function: the split-off code is this inner one.
            #[wasm_split_helpers::wasm_split($chunk, fallible)]
            fn $name($($arg: $ty),*) -> $crate::lazy::Part {
                let view: ::leptos::prelude::AnyView = $body;
                Ok(view)
            }
            $name($($arg),*).await
        }
        $(#[$meta])*
        #[cfg(not($($split)*))]
        pub async fn $name($($arg: $ty),*) -> $crate::lazy::Part {
            let view: ::leptos::prelude::AnyView = $body;
            Ok(view)
        }
    };
}
pub(crate) use split_point;

/// When a slot starts loading its part.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At once (a page's own code).
    Now,
    /// When the slot comes within about a screen of the viewport (parts below the fold).
    Near,
    /// As `Near`, and the slot is the target of `#id`: a link to it, or a URL with that fragment, loads
    /// it at once and scrolls to it.
    Anchor(&'static str),
}

/// Shows the part `load` makes: a placeholder until it is wanted and loaded, an error box with retry
/// if its code cannot be fetched. `class` sizes the placeholder so the page does not jump. The slot's
/// `data-state` (waiting, loading, ready, failed) says where it is.
pub fn lazy_part<F, Fut>(class: &'static str, when: When, load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Part> + 'static,
{
    let anchor = match when {
        When::Anchor(id) => Some(id),
        _ => None,
    };
    let targeted = is_target(anchor);
    // A part shown before on this page has its code at hand: show it at once, so a page the reader
    // comes back to has its full height again before its scroll position is restored. Another page's
    // parts load when near, as usual.
    let memory = use_context::<Memory>();
    let page = StoredValue::new(here());
    let seen = memory.is_some_and(|m| m.part_was_drawn(&page.get_value(), class));
    let wanted = RwSignal::new(when == When::Now || targeted || seen);
    let ready = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    let slot = NodeRef::<leptos::html::Div>::new();
    // Only a change is sent: the view below is taken once, so it must not be redrawn for nothing.
    let want = move || {
        if !wanted.get_untracked() {
            wanted.set(true);
        }
    };
    if !wanted.get_untracked() {
        on_near(slot, want);
    }
    let pinned = StoredValue::new(None::<u64>);
    if let Some(anchor) = anchor {
        follow_anchor(anchor, slot, memory, wanted, ready, pinned);
    }
    // The part's view is made under an owner of the slot's (not of the redrawn closure below, whose
    // owner is cleaned up when it redraws), once its code is there; the closure then takes it and draws it.
    let parent = Owner::current().unwrap_or_default();
    let loaded = RwSignal::new(None::<SendWrapper<AnyView>>);
    let loading = StoredValue::new(false);
    // The owner the part's view was made under lives as long as the slot: dropped with the task, it
    // would dispose the part's own signals and callbacks (those nothing else keeps alive) once drawn.
    let kept = StoredValue::new_local(None::<Owner>);
    let load = SendWrapper::new(load);
    let start = move || {
        if loading.get_value() {
            return;
        }
        loading.set_value(true);
        let owner = parent.child();
        let mut future = Box::pin(owner.with(&*load));
        // Rendered on the server (`ssr.rs`): no chunks there, so a wanted part is ready at once.
        #[cfg(not(target_arch = "wasm32"))]
        {
            use futures::FutureExt;
            if let Some(Ok(view)) = owner.with(|| future.as_mut().now_or_never()) {
                loaded.set(Some(SendWrapper::new(view)));
            }
            kept.set_value(Some(owner));
        }
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(async move {
            let result = std::future::poll_fn(|cx| owner.with(|| future.as_mut().poll(cx))).await;
            loading.try_set_value(false);
            kept.try_set_value(Some(owner));
            match result {
                Ok(view) => {
                    if let (Some(memory), Some(page)) = (memory, page.try_get_value()) {
                        memory.part_drawn(page, class);
                    }
                    loaded.try_set(Some(SendWrapper::new(view)));
                    // The page grew or shrank: slots still waiting look again whether they are near.
                    request_animation_frame(relayout);
                }
                Err(e) => {
                    failed.try_set(Some(e));
                }
            }
        });
    };
    // Redrawn when the part becomes wanted, when it has loaded, and when a load fails or is retried.
    let content = move || {
        if !wanted.get() {
            return ().into_any();
        }
        if let Some(error) = failed.get() {
            let retry = move |_| failed.set(None);
            return view! { <ErrorBox error on_retry=retry/> }.into_any();
        }
        loaded.track();
        if let Some(view) = loaded.try_update_untracked(Option::take).flatten() {
            ready.set(true);
            if is_target(anchor) && !memory.is_some_and(|m| m.returned()) {
                land(slot, memory, pinned);
            }
            return view.take();
        }
        if !ready.get_untracked() {
            start();
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(view) = loaded.try_update_untracked(Option::take).flatten() {
                return view.take();
            }
        }
        view! { <Loading/> }.into_any()
    };
    let phase = move || match (wanted.get(), failed.with(Option::is_some), ready.get()) {
        (false, _, _) => "waiting",
        (true, true, _) => "failed",
        (true, false, true) => "ready",
        (true, false, false) => "loading",
    };
    view! {
        <div class=class id=anchor data-state=phase node_ref=slot>
            {content}
        </div>
    }
}

// The anchor's side of a slot, in functions of their own: `lazy_part` is generic (a copy per loader
// type), these are not.

/// Whether the address's fragment is the slot's anchor (`#comments`) or a place inside the part
/// (`#comments-12`, one comment).
fn is_target(anchor: Option<&str>) -> bool {
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
fn land(
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
fn follow_anchor(
    anchor: &'static str,
    slot: NodeRef<leptos::html::Div>,
    memory: Option<Memory>,
    wanted: RwSignal<bool>,
    ready: RwSignal<bool>,
    pinned: StoredValue<Option<u64>>,
) {
    let layout = window_event_listener_untyped(LAYOUT, move |_| {
        let held = pinned.get_value();
        if held.is_some() && held == input_count(memory) && is_target(Some(anchor)) {
            land(slot, memory, pinned);
        }
    });
    let hash = window_event_listener(leptos::ev::hashchange, move |_| {
        if !is_target(Some(anchor)) {
            return;
        }
        if ready.get_untracked() {
            land(slot, memory, pinned);
        } else if !wanted.get_untracked() {
            wanted.set(true);
        }
    });
    on_cleanup(move || {
        layout.remove();
        hash.remove();
    });
}

/// A part's loader behind one pointer type: every slot drawn with [`lazy_boxed`] shares one copy of
/// `lazy_part`'s code (each distinct loader type is a copy of its own in the main module).
pub type BoxedLoad = Rc<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = Part>>>>;

/// Boxes a loader for [`lazy_boxed`].
pub fn boxed<Fut: Future<Output = Part> + 'static>(load: impl Fn() -> Fut + 'static) -> BoxedLoad {
    Rc::new(move || Box::pin(load()))
}

/// `lazy_part` with a boxed loader.
pub fn lazy_boxed(class: &'static str, when: When, load: BoxedLoad) -> impl IntoView {
    lazy_part(class, when, move || load())
}

/// Sent on the window when a part has been drawn (the page's height changed without a scroll).
const LAYOUT: &str = "difang-layout";

/// Tells slots still waiting that the page's layout changed without a scroll (a part drew, the app
/// replaced the server's markup): each looks again whether it is near.
pub fn relayout() {
    if let (Some(w), Ok(ev)) = (crate::browser::window(), web_sys::Event::new(LAYOUT)) {
        let _ = w.dispatch_event(&ev);
    }
}

/// The comment the address's fragment names (`#comments-12` → 12), if any.
pub fn linked_comment() -> Option<u64> {
    location_hash().strip_prefix("#comments-")?.parse().ok()
}

fn location_hash() -> String {
    crate::browser::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Calls `near` once `slot` is within 800 px below the viewport, or above it (a reader who jumps to the
/// end with the End key or the scrollbar passes parts without ever seeing them near). Looked at on scroll,
/// resize and when another part has been drawn above it.
fn on_near(slot: NodeRef<leptos::html::Div>, near: impl Fn() + 'static) {
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
        let listener = Closure::<dyn Fn()>::new(check.clone());
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(true);
        for event in ["scroll", "resize", LAYOUT] {
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                event,
                listener.as_ref().unchecked_ref(),
                &options,
            );
        }
        // After the first layout, for a slot that is near from the start.
        request_animation_frame(check);
        let keep = SendWrapper::new((window, listener));
        on_cleanup(move || {
            let (window, listener) = keep.take();
            for event in ["scroll", "resize", LAYOUT] {
                let _ = window
                    .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
        });
    });
}
