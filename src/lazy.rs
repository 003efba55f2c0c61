//! Parts of the app whose code loads on demand, and the slot that loads a part when it is needed.
//!
//! Built with the `split` feature (index.html turns it on; build.rs sets `--cfg difang_split`), every
//! `split_point!` function is cut out into a wasm chunk of its own that the browser fetches the first
//! time the part is shown: the article route then downloads only the shell and the article. In every other build (wasm
//! tests, clippy, `cargo check`) the same functions are plain calls, so tests see the same views.

mod anchor;
mod near;

use crate::api::ApiError;
use crate::components::{error_box::ErrorBox, loading::Loading};
use crate::state::memory::{here, Memory};
use anchor::{follow_anchor, is_target, land, location_hash};
use leptos::prelude::*;
use near::on_near;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::rc::Rc;

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
///
/// Only the boxing of `load` is generic (a copy per loader type in the main module); the slot itself
/// is [`lazy_boxed`], one copy for all.
pub fn lazy_part<F, Fut>(class: &'static str, when: When, load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Part> + 'static,
{
    lazy_boxed(class, when, boxed(load))
}

/// A part's loader behind one pointer type, so one copy of the slot's code serves every loader.
pub type BoxedLoad = Rc<dyn Fn() -> std::pin::Pin<Box<dyn Future<Output = Part>>>>;

/// Boxes a loader for [`lazy_boxed`].
pub fn boxed<Fut: Future<Output = Part> + 'static>(load: impl Fn() -> Fut + 'static) -> BoxedLoad {
    Rc::new(move || Box::pin(load()))
}

/// [`lazy_part`] with a boxed loader.
pub fn lazy_boxed(class: &'static str, when: When, load: BoxedLoad) -> impl IntoView {
    let slot = Slot::new(class, when);
    // The part's view is made under an owner of the slot's (not of the redrawn closure below, whose
    // owner is cleaned up when it redraws), once its code is there; the closure then takes it and draws it.
    let parent = Owner::current().unwrap_or_default();
    let load = SendWrapper::new(load);
    view! {
        <div class=class id=slot.anchor data-state=move || slot.phase() node_ref=slot.node>
            {move || slot.content(&parent, &load)}
        </div>
    }
}

/// A slot's state: arena handles only, so it is `Copy` and each step below takes it whole.
#[derive(Clone, Copy)]
struct Slot {
    /// With `page`, what the app's memory keeps of a drawn part; only the browser draws parts later.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    class: &'static str,
    anchor: Option<&'static str>,
    memory: Option<Memory>,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    page: StoredValue<String>,
    node: NodeRef<leptos::html::Div>,
    wanted: RwSignal<bool>,
    ready: RwSignal<bool>,
    failed: RwSignal<Option<ApiError>>,
    /// The reader's input count when the slot last landed on its anchor (`anchor.rs`).
    pinned: StoredValue<Option<u64>>,
    /// The part's view once made, until the slot's content takes it.
    loaded: RwSignal<Option<SendWrapper<AnyView>>>,
    loading: StoredValue<bool>,
    /// The owner the part's view was made under lives as long as the slot: dropped with the task, it
    /// would dispose the part's own signals and callbacks (those nothing else keeps alive) once drawn.
    kept: StoredValue<Option<Owner>, LocalStorage>,
}

impl Slot {
    /// A slot's state, watching for the moment its part is wanted (near, or its anchor followed).
    fn new(class: &'static str, when: When) -> Slot {
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
        let slot = Slot {
            class,
            anchor,
            memory,
            page,
            node: NodeRef::new(),
            wanted,
            ready: RwSignal::new(false),
            failed: RwSignal::new(None),
            pinned: StoredValue::new(None),
            loaded: RwSignal::new(None),
            loading: StoredValue::new(false),
            kept: StoredValue::new_local(None),
        };
        // Only a change is sent: the slot's content is taken once, so it must not be redrawn for nothing.
        if !wanted.get_untracked() {
            on_near(slot.node, move || {
                if !wanted.get_untracked() {
                    wanted.set(true);
                }
            });
        }
        if let Some(anchor) = anchor {
            follow_anchor(anchor, slot.node, memory, wanted, slot.ready, slot.pinned);
        }
        slot
    }

    /// The slot's content; redrawn when the part becomes wanted, when it has loaded, and when a load
    /// fails or is retried.
    fn content(self, parent: &Owner, load: &BoxedLoad) -> AnyView {
        if !self.wanted.get() {
            return ().into_any();
        }
        if let Some(error) = self.failed.get() {
            let failed = self.failed;
            let retry = move |_| failed.set(None);
            return view! { <ErrorBox error on_retry=retry/> }.into_any();
        }
        self.loaded.track();
        if let Some(view) = self.loaded.try_update_untracked(Option::take).flatten() {
            self.ready.set(true);
            if is_target(self.anchor) && !self.memory.is_some_and(|m| m.returned()) {
                land(self.node, self.memory, self.pinned);
            }
            return view.take();
        }
        if !self.ready.get_untracked() {
            self.start(parent, load);
            #[cfg(any(not(target_arch = "wasm32"), feature = "hydrate"))]
            if let Some(view) = self.loaded.try_update_untracked(Option::take).flatten() {
                #[cfg(feature = "hydrate")]
                self.ready.set(true);
                return view.take();
            }
        }
        view! { <Loading/> }.into_any()
    }

    /// Fetches the part's code and makes its view, once at a time.
    fn start(self, parent: &Owner, load: &BoxedLoad) {
        if self.loading.get_value() {
            return;
        }
        self.loading.set_value(true);
        let owner = parent.child();
        let mut future = owner.with(|| load());
        // Rendered on the server (`ssr.rs`): no chunks there, so a wanted part is ready at once.
        #[cfg(not(target_arch = "wasm32"))]
        {
            use futures::FutureExt;
            if let Some(Ok(view)) = owner.with(|| future.as_mut().now_or_never()) {
                self.loaded.set(Some(SendWrapper::new(view)));
            }
            self.kept.set_value(Some(owner));
        }
        // Hydrating, a part whose code is already here must draw in this render, as the server's did.
        #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
        {
            use futures::FutureExt;
            if let Some(Ok(view)) = owner.with(|| future.as_mut().now_or_never()) {
                self.loading.set_value(false);
                self.kept.set_value(Some(owner));
                self.loaded
                    .update_untracked(|l| *l = Some(SendWrapper::new(view)));
                return;
            }
        }
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(async move {
            let result = std::future::poll_fn(|cx| owner.with(|| future.as_mut().poll(cx))).await;
            self.loading.try_set_value(false);
            self.kept.try_set_value(Some(owner));
            match result {
                Ok(view) => {
                    if let (Some(memory), Some(page)) = (self.memory, self.page.try_get_value()) {
                        memory.part_drawn(page, self.class);
                    }
                    self.loaded.try_set(Some(SendWrapper::new(view)));
                    // The page grew or shrank: slots still waiting look again whether they are near.
                    request_animation_frame(relayout);
                }
                Err(e) => {
                    self.failed.try_set(Some(e));
                }
            }
        });
    }

    /// The slot's `data-state`.
    fn phase(self) -> &'static str {
        match (
            self.wanted.get(),
            self.failed.with(Option::is_some),
            self.ready.get(),
        ) {
            (false, _, _) => "waiting",
            (true, true, _) => "failed",
            (true, false, true) => "ready",
            (true, false, false) => "loading",
        }
    }
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
