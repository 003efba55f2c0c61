//! `/desk/articles`: articles newest first (or found by title), each with its comments' switch (close,
//! open) and its published comments, which can be hidden, restored or removed.

use super::api::{self, Act};
use super::card::{when, ActButton, CommentCard};
use super::state::{comment_action, use_desk, Job};
use super::texts::w;
use crate::components::error_box::ErrorBox;
use leptos::prelude::*;
use model::desk::DeskArticle;

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let t = w();
    let desk = use_desk();
    let query = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    // Closing and opening: any desk account may (editors included).
    let switch = Action::new_local(move |(id, open): &(i64, bool)| {
        let (id, open) = (*id, *open);
        let csrf = desk.session.with_value(|s| s.csrf.clone());
        async move {
            let result = api::switch_comments(&csrf, id, open).await;
            let t = w();
            let what = if open {
                t.open_comments
            } else {
                t.close_comments
            };
            desk.note(&result, format!("{what} #{id}"));
        }
    });
    // The list is read again after a live change that went through.
    let changed = RwSignal::new(0u32);
    let live = live_action(changed);
    let articles = LocalResource::new(move || {
        switch.version().get();
        changed.get();
        let q = query.get();
        async move { api::articles(&q).await }
    });
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        query.set(typed.get_untracked());
    };
    view! {
        <h2 class="desk-heading">{t.articles}</h2>
        <form class="desk-search" role="search" on:submit=find>
            <label for="desk-q">{t.search_title}</label>
            <input id="desk-q" type="search" bind:value=typed/>
            <button type="submit">{t.search}</button>
        </form>
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || articles.get().map(|r| match r {
                Ok(list) => {
                    view! {
                        <ol class="desk-list" data-testid="articles">
                            {list
                                .into_iter()
                                .map(|a| view! { <li><ArticleRow article=a switch live/></li> })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| articles.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

/// Following an article live, and its updates: any desk account may (the newsroom's editors post). A
/// change that went through bumps `changed`, so the list is read again (a failed post keeps its form's
/// text).
fn live_action(changed: RwSignal<u32>) -> Action<LiveJob, bool> {
    let desk = use_desk();
    Action::new_local(move |job: &LiveJob| {
        let job = job.clone();
        let csrf = desk.session.with_value(|s| s.csrf.clone());
        async move {
            let t = w();
            let (result, what) = match &job {
                LiveJob::Switch(id, on) => (
                    api::switch_live(&csrf, *id, *on).await,
                    format!("{} #{id}", if *on { t.live_start } else { t.live_stop }),
                ),
                LiveJob::Post(id, text, key) => (
                    api::post_live(&csrf, *id, text, key).await,
                    format!("{} #{id}", t.live_post),
                ),
            };
            desk.note(&result, what);
            if result.is_ok() {
                changed.update(|n| *n += 1);
            }
            result.is_ok()
        }
    })
}

#[component]
fn ArticleRow(
    article: DeskArticle,
    switch: Action<(i64, bool), ()>,
    live: Action<LiveJob, bool>,
) -> impl IntoView {
    let t = w();
    let id = article.id;
    let open = article.comments_open;
    let is_live = article.live;
    let shown = RwSignal::new(false);
    let busy = move || switch.pending().get();
    view! {
        <section class="desk-article" aria-labelledby=format!("desk-a{id}") data-article=id>
            <h3 id=format!("desk-a{id}") class="desk-article-title">
                <a href=format!("/a/{id}") target="_blank" rel="noopener">{article.title}</a>
            </h3>
            <p class="desk-meta">
                <time datetime=article.published_at.clone()>{when(&article.published_at)}</time>
                " · "{t.comment_count.replace("{n}", &article.comments.to_string())}" · "
                <span data-state=if open { "open" } else { "closed" }>
                    {if open { t.comments_open } else { t.comments_closed }}
                </span>
                {is_live.then(|| view! { " · " <span class="desk-badge desk-live" data-testid="desk-live">{t.live_badge}</span> })}
            </p>
            <div class="desk-actions">
                <button
                    type="button"
                    class="desk-act"
                    disabled=busy
                    on:click=move |_| {
                        switch.dispatch((id, !open));
                    }
                >
                    {if open { t.close_comments } else { t.open_comments }}
                </button>
                <button
                    type="button"
                    class="desk-act"
                    disabled=move || live.pending().get()
                    on:click=move |_| {
                        live.dispatch(LiveJob::Switch(id, !is_live));
                    }
                >
                    {if is_live { t.live_stop } else { t.live_start }}
                </button>
                <button
                    type="button"
                    class="desk-act"
                    aria-expanded=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {t.show_comments}
                </button>
            </div>
            {is_live.then(|| view! { <LivePost article=id live/> })}
            <Show when=move || shown.get()>
                <ArticleComments article=id/>
            </Show>
        </section>
    }
}

/// An article's published and hidden comments, with hide, restore and remove.
#[component]
fn ArticleComments(article: i64) -> impl IntoView {
    let t = w();
    let moderates = use_desk().session.with_value(|s| s.moderates());
    let action = comment_action();
    let comments = LocalResource::new(move || {
        action.version().get();
        api::comments(article)
    });
    view! {
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || comments.get().map(|r| match r {
                Ok(list) if list.is_empty() => {
                    view! { <p class="desk-empty">{t.no_comments}</p> }.into_any()
                }
                Ok(list) => {
                    view! {
                        <ol class="desk-list desk-sublist">
                            {list
                                .into_iter()
                                .map(|c| {
                                    let id = c.id;
                                    let hidden = c.status == "hidden";
                                    view! {
                                        <li>
                                            <CommentCard comment=c>
                                                {hidden.then(|| view! { <span class="desk-badge">{t.hidden}</span> })}
                                                {moderates.then(|| view! { <Moderation action id hidden/> })}
                                            </CommentCard>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| comments.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

/// Hide (or restore) and remove, for one published or hidden comment.
#[component]
fn Moderation(action: Action<Job, ()>, id: i64, hidden: bool) -> impl IntoView {
    let t = w();
    view! {
        <div class="desk-actions">
        {if hidden {
            view! { <ActButton action id act=Act::Restore label=t.restore/> }.into_any()
        } else {
            view! { <ActButton action id act=Act::Hide label=t.hide/> }.into_any()
        }}
        <ActButton action id act=Act::Remove label=t.remove confirm=t.confirm_remove/>
        </div>
    }
}

/// A change to an article's live coverage.
#[derive(Clone, Debug)]
enum LiveJob {
    Switch(i64, bool),
    /// The article, the update's text and its idempotency key.
    Post(i64, String, String),
}

/// The form that posts a live update; drawn afresh (empty) once the update is in, as the list is read
/// again. A failed post keeps its text, and its retry reuses its key, so it never posts twice.
#[component]
fn LivePost(article: i64, live: Action<LiveJob, bool>) -> impl IntoView {
    let t = w();
    let text = RwSignal::new(String::new());
    let key = StoredValue::new(String::new());
    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() {
            return;
        }
        if key.with_value(String::is_empty) {
            key.set_value(format!("desk-{article}-{}", js_sys::Date::now()));
        }
        live.dispatch(LiveJob::Post(article, body, key.get_value()));
    };
    let field = format!("desk-live-{article}");
    view! {
        <form class="desk-live-post" on:submit=post>
            <label for=field.clone()>{t.live_text}</label>
            <textarea id=field rows="3" maxlength="2000" bind:value=text data-testid="desk-live-text"></textarea>
            <button type="submit" class="desk-act" disabled=move || live.pending().get()>{t.live_post}</button>
        </form>
    }
}
