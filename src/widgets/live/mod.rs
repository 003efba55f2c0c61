//! A live article's updates (a story followed as it develops), at the top of the article: the newest
//! first, new ones announced by a "N 条新动态" pill that adds them when pressed (so nothing moves under
//! the reader), in a box of fixed height until the reader opens it (no layout shift). A split point:
//! its code loads only for a live article.

mod stream;

use crate::api;
use crate::components::{img::Img, time::Time};
use crate::i18n::{lang_now, Lang};
use crate::lazy::split_point;
use leptos::prelude::*;
use model::{paths, ArticleId, LiveFeed, LiveUpdate};
use stream::News;

split_point!(live: fn live_part(id: ArticleId) { view! { <LiveUpdates id/> }.into_any() });

struct Texts {
    heading: &'static str,
    /// `{n}` is the number of updates waiting.
    pill: &'static str,
    more: &'static str,
    less: &'static str,
    ended: &'static str,
    none: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &Texts {
            heading: "直播 · 实时更新",
            pill: "{n} 条新动态",
            more: "展开全部",
            less: "收起",
            ended: "直播已结束",
            none: "还没有动态，有新消息时会出现在这里。",
        },
        Lang::En => &Texts {
            heading: "Live updates",
            pill: "{n} new updates",
            more: "Show all",
            less: "Show less",
            ended: "This live coverage has ended",
            none: "No updates yet: new ones appear here.",
        },
    }
}

#[component]
pub fn LiveUpdates(id: ArticleId) -> impl IntoView {
    let t = texts(lang_now());
    let shown = RwSignal::new(None::<Vec<LiveUpdate>>);
    let waiting = RwSignal::new(Vec::<LiveUpdate>::new());
    let ended = RwSignal::new(false);
    let open = RwSignal::new(false);
    // The feed as the page found it (drawn by the server too); then, in the browser only (effects never
    // run on the server), what comes after it, followed under the effect's owner.
    let feed = api::resource(paths::live(id, None));
    let decoded = move || feed.get().map(|r| r.and_then(|b| b.decode::<LiveFeed>()));
    Effect::new(move |followed: Option<bool>| {
        if followed == Some(true) {
            return true;
        }
        match decoded() {
            Some(Ok(f)) => {
                ended.set(!f.live);
                shown.set(Some(f.updates));
                if f.live {
                    stream::follow(id, f.last_id, move |news| {
                        on_news(news, shown, waiting, ended)
                    });
                }
                true
            }
            _ => false,
        }
    });
    let add_waiting = move |_| {
        let mut new = waiting.try_update(std::mem::take).unwrap_or_default();
        new.reverse();
        shown.update(|s| {
            let s = s.get_or_insert_with(Vec::new);
            new.append(s);
            *s = new;
        });
    };
    // Hidden until the feed says there is something to show: a partner's comment widget asks for every
    // article, most of them never followed live.
    let hidden =
        move || !decoded().is_some_and(|f| f.is_ok_and(|f| f.live || !f.updates.is_empty()));
    view! {
        <section class="live" hidden=hidden data-open=move || open.get().to_string() aria-labelledby="live-heading" data-testid="live">
            <div class="live-head">
                <h2 class="live-title" id="live-heading"><span class="live-dot" aria-hidden="true"></span>{t.heading}</h2>
                <div class="live-pill-slot" aria-live="polite">
                    {move || {
                        let n = waiting.with(Vec::len);
                        (n > 0).then(|| view! {
                            <button type="button" class="live-pill" data-testid="live-pill" on:click=add_waiting>
                                {t.pill.replace("{n}", &n.to_string())}
                            </button>
                        })
                    }}
                </div>
            </div>
            {move || ended.get().then(|| view! { <p class="live-ended" data-testid="live-ended">{t.ended}</p> })}
            <ol class="live-list" data-testid="live-list">
                {move || match shown.get().or_else(|| decoded().and_then(Result::ok).map(|f| f.updates)) {
                    Some(list) if list.is_empty() => view! { <li class="muted">{t.none}</li> }.into_any(),
                    Some(list) => list.into_iter().map(|u| view! { <Update u/> }).collect_view().into_any(),
                    None => ().into_any(),
                }}
            </ol>
            <button type="button" class="live-more" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { t.less } else { t.more }}
            </button>
        </section>
    }
}

/// Takes one piece of news in: a new update waits for the pill, a removed one goes wherever it is.
fn on_news(
    news: News,
    shown: RwSignal<Option<Vec<LiveUpdate>>>,
    waiting: RwSignal<Vec<LiveUpdate>>,
    ended: RwSignal<bool>,
) {
    match news {
        News::Update(u) => {
            let known = shown.with_untracked(|s| s.iter().flatten().any(|x| x.id == u.id))
                || waiting.with_untracked(|w| w.iter().any(|x| x.id == u.id));
            if !known {
                waiting.try_update(|w| w.push(u));
            }
        }
        News::Removed(id) => {
            shown.try_update(|s| {
                if let Some(s) = s {
                    s.retain(|x| x.id != id)
                }
            });
            waiting.try_update(|w| w.retain(|x| x.id != id));
        }
        News::Ended => {
            ended.try_set(true);
        }
    }
}

#[component]
fn Update(u: LiveUpdate) -> impl IntoView {
    view! {
        <li class="live-update" data-testid="live-update">
            <Time at=u.at/>
            <p>{u.text}</p>
            {u.image.map(|image| view! { <Img image/> })}
        </li>
    }
}
