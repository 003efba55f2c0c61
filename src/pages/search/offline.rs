//! Search without the server: the articles on this device (saved, and recently read), whose JSON the
//! service worker answers offline, matched and marked the way the server does (`model::search::hit_of`).

use super::{results::HitList, texts, Wanted};
use crate::api;
use crate::components::loading::Loading;
use crate::i18n::lang_now;
use crate::offline::library;
use leptos::prelude::*;
use model::{paths, search, Article, ArticleId};

#[component]
pub fn OfflineResults(wanted: Wanted) -> impl IntoView {
    let t = texts(lang_now());
    let found = RwSignal::new(None::<Vec<model::search::SearchHit>>);
    let terms = search::terms(&wanted.q).unwrap_or_default();
    let q = wanted.q.clone();
    // Belongs to this view: leaving the page (or searching again) drops it.
    leptos::task::spawn_local_scoped_with_cancellation(async move {
        let mut ids: Vec<u64> = library::saved().into_iter().map(|e| e.id).collect();
        ids.extend(library::recent().into_iter().map(|e| e.id));
        let mut seen = Vec::new();
        let mut hits = Vec::new();
        for id in ids {
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            // Not on this device after all (evicted): skipped, as the server skips nothing it has.
            let Ok(a) = api::get_json::<Article>(&paths::article(ArticleId(id))).await else {
                continue;
            };
            // The server's filters: the channel, and the day in the site's time (`YYYY-MM-DD` compares
            // as text).
            let offset = time::UtcOffset::from_hms(search::SITE_OFFSET_HOURS, 0, 0)
                .unwrap_or(time::UtcOffset::UTC);
            let day = a.published_at.to_offset(offset).date().to_string();
            if wanted
                .channel
                .as_deref()
                .is_some_and(|c| c != a.channel.slug)
                || wanted.from.as_deref().is_some_and(|f| day.as_str() < f)
                || wanted.to.as_deref().is_some_and(|t| day.as_str() > t)
            {
                continue;
            }
            let text = search::text_of(&a.body);
            hits.extend(search::hit_of(a.summary(), &text, &terms));
        }
        // Titles first, then bodies; each newest first (as the server orders them).
        hits.sort_by(|(ta, a), (tb, b)| {
            tb.cmp(ta)
                .then(b.article.published_at.cmp(&a.article.published_at))
        });
        found.try_set(Some(hits.into_iter().map(|(_, h)| h).collect()));
    });
    move || match found.get() {
        None => view! { <Loading/> }.into_any(),
        Some(hits) => {
            let summary = super::results::count(t, hits.len() as u32, &q);
            view! {
                <p class="notice" data-testid="search-offline">{t.offline}</p>
                <HitList hits summary/>
            }
            .into_any()
        }
    }
}
