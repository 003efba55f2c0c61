//! `/saved`: the articles readable offline — those the reader saved (with 移除) and the recently read.
//! Drawn from localStorage alone, so it works offline (its code is in a chunk the service worker keeps).

use crate::components::meta::PageMeta;
use crate::components::offline_notice::EntryList;
use crate::i18n::lang_now;
use crate::offline::library;
use crate::routes;
use leptos::prelude::*;
use model::ArticleId;

#[component]
pub fn SavedPage() -> impl IntoView {
    let t = lang_now().o();
    let saved = RwSignal::new(library::saved());
    let recent = library::recent();
    let remove = Callback::new(move |id: u64| {
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            library::remove(ArticleId(id)).await;
            saved.try_set(library::saved());
        });
    });
    let saved_list = move || {
        let list = saved.get();
        if list.is_empty() {
            view! { <p class="muted offline-empty">{t.saved_empty}</p> }.into_any()
        } else {
            view! { <EntryList entries=list on_remove=remove/> }.into_any()
        }
    };
    let recent_list = if recent.is_empty() {
        view! { <p class="muted offline-empty">{t.recent_empty}</p> }.into_any()
    } else {
        view! { <EntryList entries=recent/> }.into_any()
    };
    view! {
        <PageMeta title=t.page_title.to_owned() description=String::new() path=routes::SAVED.to_owned()/>
        <div class="saved-page" data-testid="saved-page">
            <h1 class="page-title">{t.page_title}</h1>
            <section aria-labelledby="saved-heading" data-testid="saved-list">
                <h2 class="section-title" id="saved-heading">{t.saved_heading}</h2>
                {saved_list}
            </section>
            <section aria-labelledby="recent-heading" data-testid="recent-list">
                <h2 class="section-title" id="recent-heading">{t.recent_heading}</h2>
                {recent_list}
            </section>
        </div>
    }
}
