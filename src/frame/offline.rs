//! The frame's offline pieces: the banner while offline, the 有新版本 prompt when a new version waits,
//! the header's install entry (offered once the reader has read something), and sending the comment
//! outbox when asked. All but the install entry are a chunk of their own ("offline", which the service
//! worker keeps), loaded when one of them is needed: most visits need none.

use crate::i18n::lang_now;
use crate::lazy::{boxed, lazy_boxed, split_point, When};
use crate::offline::Offline;
use crate::routes;
use crate::state::toast::Toast;
use leptos::prelude::*;
use leptos_router::components::A;

split_point!(offline: fn banner_part() { view! { <OfflineBanner/> }.into_any() });
split_point!(offline: fn update_part(off: Offline) { view! { <UpdatePrompt off/> }.into_any() });
split_point!(offline: fn flush_part(off: Offline) {
    crate::offline::outbox::flush(off);
    ().into_any()
});

/// The slots the frame places (the banner above `<main>`, the prompt at the end), and the outbox sent
/// whenever the offline state asks.
#[component]
pub fn OfflineSlot(off: Offline, which: Slot) -> impl IntoView {
    match which {
        Slot::Banner => (move || {
            (!off.online.get()).then(|| lazy_boxed("offline-slot", When::Now, boxed(banner_part)))
        })
        .into_any(),
        Slot::Update => {
            // Once at start (the outbox may hold comments from before) and whenever asked.
            Effect::new(move |_| {
                off.flush.track();
                if crate::offline::outbox::has_queued() {
                    leptos::task::spawn_local(async move {
                        let _ = flush_part(off).await;
                    });
                }
            });
            (move || {
                off.update
                    .get()
                    .then(|| lazy_boxed("offline-slot", When::Now, boxed(move || update_part(off))))
            })
            .into_any()
        }
        // Drawn from the main module, not the chunk: Chromium offers installing on most visits of an
        // article, and the chunk's code comes in 15 files (it shares code with other parts), whose
        // requests made the longest task of the app's start on an article (about 10 ms of CPU).
        Slot::Install => (move || {
            (off.has_read.get() && (off.can_prompt.get() || off.ios))
                .then(|| view! { <InstallEntry off/> })
        })
        .into_any(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Banner,
    Update,
    Install,
}

#[component]
fn OfflineBanner() -> impl IntoView {
    let t = lang_now().o();
    view! {
        <p class="offline-banner" role="status" data-testid="offline-banner">
            <span>{t.banner}</span>" "
            <A href=routes::SAVED>{t.saved_link}</A>
        </p>
    }
}

/// 有新版本 with 重新加载: the waiting version takes over and the page reloads — unless a comment draft
/// is unsent, which the reader is told about instead.
#[component]
fn UpdatePrompt(off: Offline) -> impl IntoView {
    let t = lang_now().o();
    let toast = use_context::<Toast>();
    let reload = move |_| {
        if !off.apply_update() {
            if let Some(toast) = toast {
                toast.show(t.draft_blocks);
            }
        }
    };
    view! {
        <div class="update-toast" role="status" data-testid="update-toast">
            <span>{t.update}</span>
            <button type="button" class="btn" data-testid="update-reload" on:click=reload>{t.reload}</button>
            <button type="button" class="btn btn-quiet" data-testid="update-later"
                on:click=move |_| off.update.set(false)>{t.later}</button>
        </div>
    }
}

/// 安装 in the header: the browser's prompt (Chromium), or on iOS Safari a short how-to.
#[component]
fn InstallEntry(off: Offline) -> impl IntoView {
    let t = lang_now().o();
    let howto = RwSignal::new(false);
    let ios = off.ios && !off.can_prompt.get_untracked();
    let click = move |_| {
        if off.can_prompt.get_untracked() {
            off.prompt_install();
        } else if off.ios {
            howto.update(|h| *h = !*h);
        }
    };
    view! {
        <button type="button" class="ctl install" data-testid="install" aria-label=t.install_label
            aria-expanded=move || ios.then(|| howto.get().to_string())
            on:click=click>
            {t.install}
        </button>
        {move || howto.get().then(|| view! {
            <div class="install-howto" data-testid="install-howto">
                <p>{t.ios_howto}</p>
                <button type="button" class="btn btn-quiet" on:click=move |_| howto.set(false)>{t.close}</button>
            </div>
        })}
    }
}
