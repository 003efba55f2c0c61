//! `/a/{id}`: the article with every part of the seed page, widgets in a sidebar on wide screens.

use crate::api::{self, ApiError};
use crate::app::{NavState, SiteRes};
use crate::components::{
    error_box::ErrorBox,
    loading::Loading,
    meta::{absolute_url, PageMeta},
    reading_progress::ReadingProgress,
    share::ShareButton,
};
use crate::history;
use crate::i18n::{rfc3339, use_lang};
use crate::pages::{failure, not_found_error};
use crate::widgets::{
    article_body::ArticleBody, article_header::ArticleHeader, breadcrumb::Breadcrumb,
    channel_picks::ChannelPicks, channel_tagline::ChannelTagline, comments::Comments,
    guess_you_like::GuessYouLike, hot_ranking::HotRanking, hot_reading::HotReading, items_of,
    neighbourhood::Neighbourhood, picture_highlights::PictureHighlights, recommended::Recommended,
    related::Related, ARTICLE_WIDGETS,
};
use leptos::prelude::*;
use leptos_meta::Script;
use leptos_router::hooks::use_params_map;
use model::{Article, ArticleId, WidgetKind, WidgetSet};

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<u64>().ok())
            .map(ArticleId)
    });
    let SiteRes(site) = expect_context();
    let nav = use_context::<NavState>();
    let article = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::article(id).await,
                None => Err(not_found_error()),
            }
        }
    });
    // All side widgets of the page in one request, made alongside the article's.
    let widgets = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::widgets(&ARTICLE_WIDGETS, Some(id), None).await,
                None => Err(not_found_error()),
            }
        }
    });
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let a = match article.await {
                    Ok(a) => a,
                    Err(e) => return failure(e, move || article.refetch()),
                };
                history::record(a.id, &a.channel.slug);
                // The site gives the channel's city (for the channel bar) and its tagline; the article
                // still shows if the site failed.
                let site = site.await.ok();
                let found = site.as_ref().and_then(|s| s.channel(&a.channel.slug));
                let tagline = found.map(|(_, _, ch)| ch.tagline.clone()).unwrap_or_default();
                if let (Some(nav), Some((_, city, _))) = (nav, found) {
                    nav.city.set(Some(city.slug.clone()));
                    nav.channel.set(Some(a.channel.slug.clone()));
                }
                let site_name = site.map(|s| s.name).unwrap_or_default();
                view! { <ArticleView article=a tagline site_name widgets/> }.into_any()
            })}
        </Transition>
    }
}

/// JSON-LD for the article, built with serde_json so every string is escaped; `<` is escaped too, so
/// no text can close the script element.
pub fn json_ld(a: &Article, site_name: &str) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.excerpt,
        "datePublished": rfc3339(a.published_at),
        "mainEntityOfPage": absolute_url(&format!("/a/{}", a.id)),
        "articleSection": a.channel.name,
        "publisher": { "@type": "Organization", "name": site_name },
    });
    if let Some(s) = &a.source {
        v["author"] = serde_json::json!({ "@type": "Organization", "name": s });
    }
    if let Some(img) = &a.lead_image {
        v["image"] = serde_json::json!([absolute_url(img.url.as_str())]);
    }
    v.to_string().replace('<', "\\u003c")
}

#[component]
fn ArticleView(
    article: Article,
    tagline: String,
    site_name: String,
    widgets: LocalResource<Result<WidgetSet, ApiError>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = article.id;
    let path = format!("/a/{id}");
    let title = if site_name.is_empty() {
        article.title.clone()
    } else {
        format!("{} - {site_name}", article.title)
    };
    let ld = json_ld(&article, &site_name);
    let image = article
        .lead_image
        .as_ref()
        .map(|i| i.url.as_str().to_owned());
    let count = article.comment_count;
    let share_title = article.title.clone();
    // One widget set, shown in three places so the phone order matches the seed page.
    let part = move |kinds: &'static [WidgetKind], show_error: bool| {
        view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match widgets.await {
                        Ok(set) => kinds.iter().map(|k| widget(*k, &set, id)).collect_view().into_any(),
                        Err(e) if show_error && e != ApiError::Aborted => {
                            view! { <ErrorBox error=e on_retry=move |_| widgets.refetch()/> }.into_any()
                        }
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
        }
    };
    view! {
        <PageMeta title description=article.excerpt.clone() path=path.clone() article=true image/>
        <Script type_="application/ld+json">{ld}</Script>
        <ReadingProgress/>
        <div class="article-layout">
            <div class="article-main">
                <Breadcrumb crumbs=article.breadcrumb.clone()/>
                <article class="article">
                    <ArticleHeader article=article.clone()/>
                    <ArticleBody blocks=article.body/>
                    <div class="article-actions">
                        <ShareButton title=share_title path/>
                    </div>
                </article>
                {part(&[WidgetKind::Recommended], true)}
                <ChannelTagline text=tagline/>
                {part(&[WidgetKind::Related, WidgetKind::GuessYouLike], false)}
                <Comments article=id count/>
            </div>
            <aside class="article-aside" aria-label=move || lang.get().t().widgets>
                {part(
                    &[
                        WidgetKind::ChannelPicks,
                        WidgetKind::HotReading,
                        WidgetKind::PictureHighlights,
                        WidgetKind::Neighbourhood,
                        WidgetKind::HotRanking,
                    ],
                    false,
                )}
            </aside>
        </div>
    }
}

fn widget(kind: WidgetKind, set: &WidgetSet, current: ArticleId) -> AnyView {
    let items = items_of(set, kind);
    match kind {
        WidgetKind::Recommended => view! { <Recommended items/> }.into_any(),
        WidgetKind::Related => view! { <Related items/> }.into_any(),
        WidgetKind::GuessYouLike => view! { <GuessYouLike items current=current/> }.into_any(),
        WidgetKind::ChannelPicks => view! { <ChannelPicks items/> }.into_any(),
        WidgetKind::HotReading => view! { <HotReading items/> }.into_any(),
        WidgetKind::PictureHighlights => view! { <PictureHighlights items/> }.into_any(),
        WidgetKind::Neighbourhood => view! { <Neighbourhood items/> }.into_any(),
        WidgetKind::HotRanking => view! { <HotRanking items/> }.into_any(),
    }
}
