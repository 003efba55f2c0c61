//! Offline reading's pieces: the list of articles readable offline, and the notice a page shows offline
//! when its content is not on this device (with what is instead).

use crate::i18n::lang_now;
use crate::offline::{library, library::Entry};
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::A;
use model::ArticleId;

/// Links to articles readable offline; with `on_remove`, each has a 移除 button.
#[component]
pub fn EntryList(
    entries: Vec<Entry>,
    #[prop(optional)] on_remove: Option<Callback<u64>>,
) -> impl IntoView {
    let t = lang_now().o();
    view! {
        <ul class="offline-list">
            {entries
                .into_iter()
                .map(|e| {
                    let id = e.id;
                    let label = format!("{} {}", t.remove, e.title);
                    view! {
                        <li data-testid="offline-entry" data-id=id>
                            <A href=routes::article(ArticleId(id))>{e.title}</A>
                            <span class="offline-channel">{e.channel}</span>
                            {on_remove.map(|cb| view! {
                                <button type="button" class="btn btn-quiet offline-remove" data-testid="offline-remove"
                                    aria-label=label
                                    on:click=move |_| cb.run(id)>
                                    {t.remove}
                                </button>
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A page whose content is not on this device, offline: says so, lists what can be read (saved
/// first, then recently read) and offers a retry for when the network is back.
#[component]
pub fn OfflineNotice(#[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let lang = lang_now();
    let t = lang.o();
    let mut entries = library::saved();
    for e in library::recent() {
        if !entries.iter().any(|x| x.id == e.id) {
            entries.push(e);
        }
    }
    entries.truncate(10);
    let available = (!entries.is_empty()).then(|| {
        view! {
            <h2 class="section-title">{t.available_heading}</h2>
            <EntryList entries/>
        }
    });
    view! {
        <div class="offline-notice" data-testid="offline-unavailable">
            <h1 class="page-title">{t.unavailable_title}</h1>
            <p role="alert">{t.unavailable_text}</p>
            {available}
            <p class="offline-actions">
                <A href=routes::SAVED attr:class="btn btn-quiet">{t.saved_link}</A>
                <button type="button" class="btn" data-testid="retry" on:click=move |_| on_retry.run(())>
                    {lang.t().retry}
                </button>
            </p>
        </div>
    }
}
