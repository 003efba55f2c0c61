//! `/a/{id}`: the article with every part of the seed page, widgets in a sidebar on wide screens.

use crate::api;
use crate::components::{
    meta::{absolute_url, PageMeta},
    reading_progress::ReadingProgress,
    share::ShareButton,
};
use crate::history;
use crate::i18n::{lang_now, rfc3339};
use crate::lazy::{boxed, lazy_boxed, lazy_part, When};
use crate::pages::page_of;
use crate::staged::later;
use crate::state::site::SiteRes;
use crate::widgets::{
    article_body::ArticleBody, article_header::ArticleHeader, article_tags::ArticleTags,
    breadcrumb::Breadcrumb, comments, live, parts, ARTICLE_WIDGETS,
};
use leptos::prelude::*;
use model::{paths, Article, ArticleId};
use serde::Serialize;

#[component]
pub fn ArticlePage(id: ArticleId) -> impl IntoView {
    let site = expect_context::<SiteRes>();
    page_of(api::resource(paths::article(id)), move |a: Article| {
        // The view is counted by this beacon, not by the article's GET: a page or answer a CDN (or the
        // service worker) serves from its cache still counts, and the server deduplicates per reader.
        crate::browser::beacon(&paths::article_view(a.id));
        history::record(a.id, &a.channel.slug);
        crate::offline::library::opened(&a);
        if let Some(off) = use_context::<crate::offline::Offline>() {
            off.has_read.try_set(true);
        }
        // The site gives the channel's tagline, read in its own reactive scope: the site arriving after
        // the article must not redraw the article.
        let slug = a.channel.slug.clone();
        let tagline = Signal::derive(move || {
            site.get()
                .and_then(|s| s.channel(&slug).map(|(_, _, ch)| ch.tagline.clone()))
                .unwrap_or_default()
        });
        let site_name = untrack(|| site.get()).map(|s| s.name).unwrap_or_default();
        // The page's markup in a task of its own on the app's first render (`staged`).
        later(move || view! { <ArticleView article=a tagline site_name/> }.into_any())
    })
}

#[derive(Serialize)]
struct Org<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// schema.org NewsArticle; a typed struct rather than `json!` (which would bring `serde_json::Value`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    main_entity_of_page: String,
    article_section: &'a str,
    publisher: Org<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[String; 1]>,
}

/// JSON-LD for the article, printed by the JSON printer so every string is escaped; `<` is escaped too, so
/// no text can close the script element.
pub fn json_ld(a: &Article, site_name: &str) -> String {
    let ld = NewsArticleLd {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: &a.title,
        description: &a.excerpt,
        date_published: rfc3339(a.published_at),
        date_modified: a.updated_at.map(rfc3339),
        main_entity_of_page: absolute_url(&crate::routes::article(a.id)),
        article_section: &a.channel.name,
        publisher: Org {
            kind: "Organization",
            name: site_name,
        },
        // The writer when named, else the source (资阳日报) as the organisation behind it.
        author: match (&a.author, &a.source) {
            (Some(name), _) => Some(Org {
                kind: "Person",
                name,
            }),
            (None, Some(name)) => Some(Org {
                kind: "Organization",
                name,
            }),
            (None, None) => None,
        },
        image: a
            .lead_image
            .as_ref()
            .map(|i| [absolute_url(i.url.as_str())]),
    };
    crate::json::to_string(&ld)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

#[component]
fn ArticleView(article: Article, tagline: Signal<String>, site_name: String) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    let id = article.id;
    let path = crate::routes::article(id);
    // All side widgets of the page in one request, sent when the reader nears the first of them: with
    // the part's code, not after it, so the part draws with them (a part that grows after it drew would
    // push down the comments a `#comments` link landed on).
    let widgets = api::OnDemand::new(paths::widgets(&ARTICLE_WIDGETS, Some(id), None));
    let title = if site_name.is_empty() {
        article.title.clone()
    } else {
        format!("{} - {site_name}", article.title)
    };
    let ld = json_ld(&article, &site_name);
    let published = Some(rfc3339(article.published_at));
    let image = article
        .lead_image
        .as_ref()
        .map(|i| i.url.as_str().to_owned());
    let count = article.comment_count;
    let share_title = article.title.clone();
    let saved_copy = article.clone();
    let (description, meta_path) = (article.excerpt.clone(), path.clone());
    let header = article.clone();
    let live = article.live;
    // Parts marked `later` draw in tasks of their own when the app first takes over the server's page
    // (`staged`): the head tags, the body and the actions are each a good share of that work.
    view! {
        {later(move || view! { <PageMeta title description path=meta_path image json_ld=Some(ld) published/> }.into_any())}
        <ReadingProgress/>
        <div class="article-layout">
            <div class="article-main">
                <Breadcrumb crumbs=article.breadcrumb.clone()/>
                <article class="article">
                    {later(move || view! { <ArticleHeader article=header/> }.into_any())}
                    // A live article's updates above its body (their code is a chunk of its own).
                    {live.then(|| lazy_boxed("part part-live", When::Now, boxed(move || live::live_part(id))))}
                    {later(move || view! { <ArticleBody blocks=article.body/><ArticleTags tags=article.tags/> }.into_any())}
                    {later(move || {
                        view! {
                            <div class="article-actions">
                                <SaveOffline article=saved_copy/>
                                <ShareButton title=share_title path/>
                            </div>
                        }
                        .into_any()
                    })}
                </article>
                {lazy_part("part part-below", When::Near, move || parts::below_article(widgets.get(), id, tagline))}
                {lazy_part("part part-comments", When::Anchor("comments"), move || comments::thread_part(id, count))}
            </div>
            <aside class="article-aside" aria-label=t.widgets>
                {lazy_part("part part-aside", When::Near, move || parts::sidebar(widgets.get(), id))}
            </aside>
        </div>
    }
}

/// 离线保存: keeps the article on this device until pressed again (the work is in the offline chunk).
#[component]
fn SaveOffline(article: Article) -> impl IntoView {
    let toast = use_context::<crate::state::toast::Toast>();
    let t = lang_now().o();
    let saved = RwSignal::new(crate::offline::library::is_saved(article.id));
    let article = StoredValue::new(article);
    let is_saved = move || saved.get();
    let click = move |_| {
        let Some(a) = article.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if crate::pages::save_part(a, saved, toast).await.is_err() {
                if let Some(toast) = toast {
                    toast.show(t.save_failed);
                }
            }
        });
    };
    view! {
        <button type="button" class="btn btn-quiet save-offline" data-testid="save-offline"
            data-saved=move || is_saved().to_string() on:click=click>
            {move || if is_saved() { t.unsave } else { t.save }}
        </button>
    }
}
