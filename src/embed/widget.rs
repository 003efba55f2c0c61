//! One widget as a page of its own (`/embed/{kind}?…`), drawn from the content API with the app's own
//! widget components. Bad parameters (and an unknown channel) show an error box in the widget; every
//! link opens the news site in a new tab (`<base target="_blank">` in embed.html, `rel="noopener"`).

use super::clip::Clip;
use super::texts::{texts, EmbedTexts};
use crate::api;
use crate::components::loaded::part_of;
use crate::i18n::{lang_now, widget_title};
use crate::lazy::{lazy_part, When};
use crate::state::site::SiteRes;
use crate::widgets::comments::thread_part;
use crate::widgets::hot_ranking::HotRanking;
use crate::widgets::picture_highlights::PictureHighlights;
use crate::widgets::{items_of, TitleList};
use leptos::prelude::*;
use model::embed::{Embed, EmbedError, EmbedKind};
use model::{paths, ArticleSummary, Page, Site, WidgetKind, WidgetSet};

#[component]
pub fn EmbedPage(embed: Result<Embed, EmbedError>) -> impl IntoView {
    let lang = lang_now();
    let t = texts(lang);
    // The server writes these into the page it draws (`ssr::widget_page`); here for the wasm's pages.
    let title = title(&embed, lang);
    Effect::new(move |_| {
        let Some(doc) = crate::browser::window().and_then(|w| w.document()) else {
            return;
        };
        doc.set_title(&title);
        if let Some(h) = doc.document_element() {
            let _ = h.set_attribute("lang", lang.tag());
        }
    });
    let kind = embed.as_ref().map_or("error", |e| e.kind.slug());
    // The reserved height, in rem so that it scales with the font: the box does not shrink while the
    // widget loads (the partner's page would move twice) nor when fewer entries come than asked for.
    let reserve = embed
        .as_ref()
        .map(|e| format!("min-height:{}rem", e.height() as f64 / 16.0))
        .unwrap_or_default();
    let body = match embed {
        Err(e) => bad_params(t, &e.message),
        Ok(e) => match e.channel.clone() {
            // A channel is checked against the site first: an unknown one is the partner's mistake.
            Some(slug) => part_of(SiteRes::load().0, move |site: Site| {
                match site.channel(&slug).map(|(_, _, ch)| ch.name.clone()) {
                    Some(name) => widget(e.clone(), Some(name)),
                    None => bad_params(t, &format!("{}: {slug}", t.unknown_channel)),
                }
            }),
            None => widget(e, None),
        },
    };
    view! { <main class="embed" data-kind=kind data-testid="embed" style=reserve>{body}</main> }
}

/// The widget page's title: the widget's name and the site's.
pub fn title(embed: &Result<Embed, EmbedError>, lang: crate::i18n::Lang) -> String {
    let t = texts(lang);
    match embed {
        Ok(e) => format!("{} · {}", kind_title(e.kind, t), t.site_name),
        Err(_) => t.site_name.to_owned(),
    }
}

fn kind_title(kind: EmbedKind, t: &EmbedTexts) -> &'static str {
    t.kinds[EmbedKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

/// The error box for a widget set up wrongly, with a way to the news site.
fn bad_params(t: &'static EmbedTexts, message: &str) -> AnyView {
    view! {
        <div class="error-box" role="alert" data-testid="embed-error">
            <p class="error-message">{t.bad_params}</p>
            <p class="error-detail">{message.to_owned()}</p>
            <p><a href="/" rel="noopener">{t.site_name}</a></p>
        </div>
    }
    .into_any()
}

/// The widget of `e.kind`, and its "more" line.
fn widget(e: Embed, channel_name: Option<String>) -> AnyView {
    let t = texts(lang_now());
    let more = match (e.kind, &e.channel, e.article) {
        (EmbedKind::Comments, _, Some(a)) => format!("{}#comments", crate::routes::article(a)),
        (_, Some(c), _) => crate::routes::channel(c),
        _ => "/".to_owned(),
    };
    let limit = Some(e.limit);
    let body = match e.kind {
        EmbedKind::HotRanking | EmbedKind::PictureHighlights => {
            let wk = if e.kind == EmbedKind::HotRanking {
                WidgetKind::HotRanking
            } else {
                WidgetKind::PictureHighlights
            };
            let set = api::resource(paths::widgets(&[wk], None, limit));
            part_of(set, move |set: WidgetSet| {
                let items = items_of(&set, wk);
                if items.is_empty() {
                    return empty(t, widget_title(wk, lang_now()));
                }
                match wk {
                    WidgetKind::HotRanking => view! { <HotRanking items/> }.into_any(),
                    _ => view! { <PictureHighlights items/> }.into_any(),
                }
            })
            .into_any()
        }
        EmbedKind::Latest => {
            let slug = e.channel.clone().unwrap_or_default();
            let name = channel_name.unwrap_or_default();
            let heading = format!("{name} · {}", t.latest);
            let latest = api::resource(paths::channel_articles(&slug, None, limit));
            view! {
                <section class="widget" data-widget="latest" aria-labelledby="w-latest">
                    <h2 class="widget-title" id="w-latest">{heading}</h2>
                    {part_of(latest, move |page: Page<ArticleSummary>| {
                        if page.items.is_empty() {
                            return view! { <p class="empty">{t.empty}</p> }.into_any();
                        }
                        view! { <TitleList items=page.items/> }.into_any()
                    })}
                </section>
            }
            .into_any()
        }
        EmbedKind::Comments => {
            // The thread is a chunk of its own (as in the app), so the read-only widgets stay small.
            let article = e.article.unwrap_or(model::ArticleId(0));
            let thread = lazy_part("embed-comments-slot", When::Now, move || {
                thread_part(article, 0)
            });
            // A story followed live shows its updates above the thread, as on the article's page.
            let live = lazy_part("embed-live-slot", When::Now, move || {
                crate::widgets::live::live_part(article)
            });
            view! {
                {live}
                <Clip show_all=t.show_all>{thread}</Clip>
            }
            .into_any()
        }
    };
    view! {
        {body}
        <p class="embed-more"><a href=more rel="noopener">{t.more}</a></p>
    }
    .into_any()
}

/// A widget with nothing to show keeps its heading and says so (the app's widgets draw nothing then).
fn empty(t: &'static EmbedTexts, title: &'static str) -> AnyView {
    view! {
        <section class="widget" aria-label=title>
            <h2 class="widget-title">{title}</h2>
            <p class="empty">{t.empty}</p>
        </section>
    }
    .into_any()
}
