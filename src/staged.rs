//! The app's first render in a page the server drew, spread over several tasks: `handover` draws the
//! app off-screen while the server's markup stays on view, and each part marked with [`later`] is drawn
//! in a task of its own, so that no one task holds the main thread long (a phone's CPU is several times
//! slower than a desktop's, and the first call of wasm code also compiles it). When every part has
//! drawn, `handover` shows the app in one go. Work that would compete with that for the CPU waits until
//! the app is shown ([`when_shown`]) or shown and the browser idle ([`when_settled`]: the service
//! worker's registration). Without a staging render (any render after the first, the server's, a
//! client-only start) `later` draws at once and `when_shown` runs at once.

use leptos::prelude::*;
use std::time::Duration;

/// The staging render in progress: provided as context by [`Staging::provide`], closed once done.
#[derive(Clone, Copy)]
pub struct Staging {
    open: StoredValue<bool>,
    pending: StoredValue<u32>,
    done: StoredValue<Option<Box<dyn FnOnce()>>, LocalStorage>,
    shown: StoredValue<Vec<Box<dyn FnOnce()>>, LocalStorage>,
}

impl Staging {
    /// Starts a staging render under the current owner: `done` runs in a task of its own once every
    /// part marked with [`later`] has drawn (parts drawn by parts included).
    pub fn provide(done: impl FnOnce() + 'static) {
        let staging = Staging {
            open: StoredValue::new(true),
            pending: StoredValue::new(0),
            done: StoredValue::new_local(Some(Box::new(done))),
            shown: StoredValue::new_local(Vec::new()),
        };
        provide_context(staging);
        // For a render that marks nothing: after the task that draws the app.
        staging.check_later();
    }

    fn check_later(self) {
        set_timeout(
            move || {
                if self.pending.try_get_value() == Some(0)
                    && self.open.try_get_value() == Some(true)
                {
                    self.open.set_value(false);
                    if let Some(done) = self.done.try_update_value(Option::take).flatten() {
                        done();
                    }
                    for work in self
                        .shown
                        .try_update_value(std::mem::take)
                        .unwrap_or_default()
                    {
                        work();
                    }
                }
            },
            Duration::ZERO,
        );
    }

    fn current() -> Option<Staging> {
        use_context::<Staging>().filter(|s| s.open.get_value())
    }

    /// Runs `work` in a task of its own, under the current owner. Boxed: one copy of this code serves
    /// every caller (each closure type would be a copy of its own in the wasm).
    fn queue(self, work: Box<dyn FnOnce()>) {
        self.pending.update_value(|n| *n += 1);
        let owner = Owner::current();
        set_timeout(
            move || {
                match owner {
                    Some(owner) => owner.with(work),
                    None => work(),
                }
                // A view's redraw runs in this task's reactive work, before the task ends.
                self.pending.try_update_value(|n| *n -= 1);
                self.check_later();
            },
            Duration::ZERO,
        );
    }
}

/// Whether a staging render is in progress: what is being drawn is the page the server drew.
pub fn taking_over() -> bool {
    Staging::current().is_some()
}

/// Runs `work` (start-up work of the app's that draws nothing) in a staging render in a task of its own,
/// queued now (so work runs in the order it was met, parts' and work alike); else at once.
pub fn soon(work: impl FnOnce() + 'static) {
    match Staging::current() {
        Some(staging) => staging.queue(Box::new(work)),
        None => work(),
    }
}

/// Runs `work` once a staging render is done (after `done`, the app on screen); else at once. For work
/// that would compete with the render for the CPU, not only for the main thread.
pub fn when_shown(work: impl FnOnce() + 'static) {
    match Staging::current() {
        Some(staging) => staging.shown.update_value(|w| w.push(Box::new(work))),
        None => work(),
    }
}

/// The longest [`when_settled`] waits for the browser to be idle once the app is shown, in ms.
const SETTLE_MAX_MS: u32 = 5000;

/// Runs `work` once the app is on screen ([`when_shown`]) and the browser is idle, at the latest
/// [`SETTLE_MAX_MS`] after: for what the reader does not need at first and that would compete with the
/// app's start for the CPU.
pub fn when_settled(work: impl FnOnce() + 'static) {
    when_shown(move || crate::browser::when_idle(work, SETTLE_MAX_MS));
}

/// Draws `draw`'s view: in a staging render in a task of its own, as [`soon`]; else at once.
pub fn later(draw: impl FnOnce() -> AnyView + 'static) -> AnyView {
    match Staging::current() {
        Some(staging) => staged_view(staging, Box::new(draw)),
        None => draw(),
    }
}

/// The view `later` puts in place: empty until its task has come, then `draw`'s view.
fn staged_view(staging: Staging, draw: Box<dyn FnOnce() -> AnyView>) -> AnyView {
    let ready = RwSignal::new(false);
    staging.queue(Box::new(move || {
        ready.try_set(true);
    }));
    let draw = StoredValue::new_local(Some(draw));
    (move || {
        ready
            .get()
            .then(|| draw.try_update_value(Option::take).flatten())
            .flatten()
            .map(|draw| draw())
    })
    .into_any()
}
