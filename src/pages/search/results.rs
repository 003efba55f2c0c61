//! A page of search results: how many, each article with its matches marked (`<mark>`, drawn from the
//! answer's spans: no markup from an article or a query is ever parsed), and links to the next page.
//! Offline, the saved and recently read articles are searched instead (`offline.rs`).

use super::{offline::OfflineResults, texts, Wanted};
use crate::api::{self, ApiError};
use crate::components::{error_box::ErrorBox, loading::Loading, time::Time};
use crate::i18n::lang_now;
use leptos::prelude::*;
use model::search::{SearchHit, SearchPage, Span};

/// The results of `wanted`, read through a `Resource` under `Suspense`: the placeholder until they are
/// there (on the server, the page is drawn with them), then the hits, the offline search, or an error
/// box whose retry fetches again.
#[component]
pub fn Results(wanted: Wanted) -> impl IntoView {
    let url = wanted.api_url();
    let page = api::resource(url);
    let results = move || {
        let wanted = wanted.clone();
        Suspend::new(async move {
            match page.await.and_then(|b| b.decode::<SearchPage>()) {
                Ok(page) => view! { <Found wanted page/> }.into_any(),
                Err(ApiError::Network(_) | ApiError::Timeout) if !crate::offline::is_online() => {
                    view! { <OfflineResults wanted/> }.into_any()
                }
                Err(error) => {
                    view! { <ErrorBox error on_retry=move |_| page.refetch()/> }.into_any()
                }
            }
        })
    };
    view! { <Suspense fallback=|| view! { <Loading/> }>{results}</Suspense> }
}

/// The server's page of results.
#[component]
fn Found(wanted: Wanted, page: SearchPage) -> impl IntoView {
    let t = texts(lang_now());
    let next = page.next_cursor.map(|cursor| Wanted {
        cursor: Some(cursor),
        ..wanted.clone()
    });
    let first = wanted.cursor.is_some().then(|| Wanted {
        cursor: None,
        ..wanted.clone()
    });
    view! {
        <HitList hits=page.items summary=count(t, page.total, &page.query)/>
        <nav class="search-pages" aria-label=t.results>
            {first.map(|w| view! { <a class="btn" href=w.address() data-testid="search-first">{t.first}</a> })}
            {next.map(|w| view! { <a class="btn" rel="next" href=w.address() data-testid="search-next">{t.next}</a> })}
        </nav>
    }
}

/// "N results for q", or that there are none.
pub fn count(t: &super::texts::SearchTexts, n: u32, q: &str) -> String {
    let template = if n == 0 { t.none } else { t.found };
    // The server stops counting at `MAX_TOTAL`: that many means that many or more.
    let n = if n >= model::search::MAX_TOTAL {
        format!("{n}+")
    } else {
        n.to_string()
    };
    template.replace("{n}", &n).replace("{q}", q)
}

/// The hits, after a line saying how many there are (announced to screen readers).
#[component]
pub fn HitList(hits: Vec<SearchHit>, summary: String) -> impl IntoView {
    view! {
        <p class="search-summary" role="status" data-testid="search-summary">{summary}</p>
        <ol class="article-list search-results" data-testid="search-results">
            {hits.into_iter().map(|hit| view! { <Hit hit/> }).collect_view()}
        </ol>
    }
}

#[component]
fn Hit(hit: SearchHit) -> impl IntoView {
    let a = hit.article;
    view! {
        <li class="card" data-testid="search-hit">
            <a class="card-link" href=crate::routes::article(a.id)>
                <div class="card-text">
                    <span class="card-title">{marked(hit.title)}</span>
                    <p class="card-excerpt">{marked(hit.snippet)}</p>
                </div>
            </a>
            <p class="card-meta">
                <span class="card-channel">{a.channel.name}</span>
                {a.source.map(|s| view! { <span>{s}</span> })}
                <Time at=a.published_at/>
            </p>
        </li>
    }
}

/// Spans as text, the hits inside `<mark>`.
fn marked(spans: Vec<Span>) -> impl IntoView {
    spans
        .into_iter()
        .map(|s| {
            if s.hit {
                view! { <mark>{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
}
