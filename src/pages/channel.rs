//! `/c/{channel}`: the channel's tagline and its articles, with infinite scroll and a load-more button;
//! the list (`ChannelList`) also pages a tag's or an author's articles (`listing.rs`).

use crate::api::{self, ApiError};
use crate::components::{article_list::ArticleItem, error_box::ErrorBox, meta::PageMeta};
use crate::i18n::lang_now;
use crate::pages::{not_found::NotFound, show};
use crate::staged::{later, soon};
use crate::state::{
    memory::{ListPages, Memory},
    site::SiteRes,
};
use crate::widgets::channel_tagline::ChannelTagline;
use leptos::prelude::*;
use model::{paths, ArticleSummary, ListingKind, Page, Site};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

#[component]
pub fn ChannelPage(slug: String) -> impl IntoView {
    let SiteRes(site) = expect_context();
    let first = api::resource(Some(paths::channel_articles(&slug, None, None)));
    show::<Site>(site, move |site| {
        let slug = slug.clone();
        let Some((_, _, channel)) = site.channel(&slug) else {
            return view! { <NotFound/> }.into_any();
        };
        let (name, tagline) = (channel.name.clone(), channel.tagline.clone());
        let site_name = site.name.clone();
        show::<Page<ArticleSummary>>(first, move |page| {
            let (name, tagline, slug) = (name.clone(), tagline.clone(), slug.clone());
            let title = format!("{name} - {site_name}");
            let (description, path) = (tagline.clone(), crate::routes::channel(&slug));
            // The head tags and the list each in a task of their own on the app's first render
            // (`staged`).
            view! {
                {later(move || view! { <PageMeta title description path/> }.into_any())}
                <div class="channel-page">
                    <h1 class="page-title">{name}</h1>
                    <ChannelTagline text=tagline/>
                    {later(move || view! { <ChannelList list=Listed::Channel(slug) first=page/> }.into_any())}
                </div>
            }
            .into_any()
        })
        .into_any()
    })
}

/// What a paged list of articles lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    /// A channel (its slug).
    Channel(String),
    /// A tag's or an author's articles.
    Of(ListingKind, String),
}

impl Listed {
    /// The URL of the list's page after `cursor` (the first page without one). Every such answer has
    /// the `items` and `next_cursor` of a `Page`.
    pub fn url(&self, cursor: Option<&str>) -> String {
        match self {
            Listed::Channel(slug) => paths::channel_articles(slug, cursor, None),
            Listed::Of(ListingKind::Tag, name) => paths::tag_articles(name, cursor, None),
            Listed::Of(ListingKind::Author, name) => paths::author_articles(name, cursor, None),
        }
    }

    /// Its key in the app's memory of loaded pages: a channel's slug, else its page's path (a slug has
    /// no `/`, so the two never meet).
    fn key(&self) -> String {
        match self {
            Listed::Channel(slug) => slug.clone(),
            Listed::Of(kind, name) => kind.page(name),
        }
    }
}

/// Rows drawn per task on the app's first render.
const ROWS_PER_TASK: usize = 5;

/// The list itself: first page plus pages loaded on demand. Coming back to it (back button) shows the
/// pages loaded before, from the app's memory.
#[component]
pub fn ChannelList(list: Listed, first: Page<ArticleSummary>) -> impl IntoView {
    let t = lang_now().t();
    let memory = use_context::<Memory>();
    let first_ids: Vec<u64> = first.items.iter().map(|i| i.id.0).collect();
    let now = crate::browser::now_ms();
    let restored = memory.and_then(|m| m.list(&list.key(), &first_ids, now));
    let was_restored = restored.is_some();
    let (extra, next0) = match restored {
        Some(r) => (r.extra, r.next),
        None => (Vec::new(), first.next_cursor.clone()),
    };
    let mut all = first.items;
    append_unique(&mut all, extra);
    // On the app's first render the rows go in a few at a time, each batch in a task of its own
    // (`staged`): the whole page of rows in one task was the longest task of the takeover. Otherwise
    // `soon` adds them at once, before the list draws.
    let mut rest = all.split_off(ROWS_PER_TASK.min(all.len()));
    let items = RwSignal::new(all);
    while !rest.is_empty() {
        let batch: Vec<_> = rest.drain(..ROWS_PER_TASK.min(rest.len())).collect();
        soon(move || {
            items.try_update(|v| v.extend(batch));
        });
    }
    let next = RwSignal::new(next0);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // After a restore the page scrolls back into the list; do not take that for the reader reaching the end.
    let quiet_until = if was_restored { now + 1500.0 } else { 0.0 };

    let list = StoredValue::new(list);
    let first_ids = StoredValue::new(first_ids);
    // Keeps the loaded pages each time one arrives (not on cleanup: the signals are gone by then).
    let remember = move || {
        let (Some(memory), Some(ids), Some(all)) =
            (memory, first_ids.try_get_value(), items.try_get_untracked())
        else {
            return;
        };
        let n = ids.len().min(all.len());
        let pages = ListPages {
            at: crate::browser::now_ms(),
            first_ids: ids,
            extra: all[n..].to_vec(),
            next: next.try_get_untracked().flatten(),
        };
        if let Some(list) = list.try_get_value() {
            memory.keep_list(list.key(), pages);
        }
    };

    // The next page is fetched by a task of the list's own: called from the observer (which runs
    // outside any reactive owner), it still belongs to the list, and leaving the page cancels it.
    let owner = Owner::current().unwrap_or_default();
    let load_more = Callback::new(move |_: ()| {
        if loading.try_get_untracked() != Some(false) {
            return;
        }
        let Some(Some(cursor)) = next.try_get_untracked() else {
            return;
        };
        let Some(url) = list.try_with_value(|l| l.url(Some(&cursor))) else {
            return;
        };
        loading.set(true);
        error.set(None);
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match api::get_json::<Page<ArticleSummary>>(&url).await {
                    Ok(page) => {
                        items.try_update(|v| append_unique(v, page.items));
                        next.try_set(page.next_cursor);
                        remember();
                    }
                    Err(ApiError::Aborted) => {}
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
                loading.try_set(false);
            })
        });
    });

    // Infinite scroll: load the next page when the sentinel below the list comes near the viewport.
    // Right after a restore the page scrolls back into the list, which is not the reader reaching the
    // end; if the end is still in view once that is over, the next page loads then.
    let sentinel = NodeRef::<leptos::html::Div>::new();
    let near = StoredValue::new(false);
    let wanted = move || {
        let failed = error.try_with_untracked(Option::is_some).unwrap_or(true);
        near.try_get_value() == Some(true) && crate::browser::now_ms() > quiet_until && !failed
    };
    if was_restored {
        if let Ok(handle) = set_timeout_with_handle(
            move || {
                if wanted() {
                    let _ = load_more.try_run(());
                }
            },
            std::time::Duration::from_millis(1600),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    Effect::new(move |_| {
        let Some(el) = sentinel.get() else { return };
        let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let intersecting = entries.iter().any(|e| {
                e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            near.try_set_value(intersecting);
            if wanted() {
                let _ = load_more.try_run(());
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin("300px");
        if let Ok(obs) =
            web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init)
        {
            obs.observe(&el);
            let keep = SendWrapper::new((obs, cb));
            on_cleanup(move || {
                let (obs, _cb) = keep.take();
                obs.disconnect();
            });
        }
    });

    view! {
        {move || {
            items
                .with(|v| v.is_empty())
                .then(|| view! { <p class="empty">{t.empty_list}</p> })
        }}
        <ul class="article-list" data-testid="article-list">
            <For each=move || items.get() key=|i| i.id children=move |item| view! { <ArticleItem item/> }/>
        </ul>
        <div class="list-end" node_ref=sentinel>
            {move || {
                if let Some(e) = error.get() {
                    view! { <ErrorBox error=e on_retry=move |_| load_more.run(())/> }.into_any()
                } else if next.with(|n| n.is_some()) {
                    view! {
                        <button
                            type="button"
                            class="btn load-more"
                            data-testid="load-more"
                            disabled=move || loading.get()
                            aria-busy=move || loading.get().then_some("true")
                            on:click=move |_| load_more.run(())
                        >
                            {move || if loading.get() { t.loading } else { t.load_more }}
                        </button>
                    }
                    .into_any()
                } else if items.with(|v| !v.is_empty()) {
                    view! { <p class="end">{t.no_more}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </div>
    }
}

fn append_unique(v: &mut Vec<ArticleSummary>, more: Vec<ArticleSummary>) {
    for m in more {
        if !v.iter().any(|x| x.id == m.id) {
            v.push(m);
        }
    }
}
