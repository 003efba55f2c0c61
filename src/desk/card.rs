//! One comment as the desk shows it (author, time, article, the comment it answers, its text) and the
//! buttons that act on it. Text is drawn as text nodes, never as HTML.

use super::api::Act;
use super::state::Job;
use leptos::prelude::*;
use model::desk::{DeskComment, QueueParent};

/// A stored time (RFC 3339) as the newsroom reads it (UTC+8), or as stored if it is not one.
pub fn when(stored: &str) -> String {
    let newsroom = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339)
        .map(|t| crate::i18n::absolute(t.to_offset(newsroom)))
        .unwrap_or_else(|_| stored.to_owned())
}

#[component]
pub fn CommentCard(
    comment: DeskComment,
    #[prop(optional_no_strip)] parent: Option<QueueParent>,
    #[prop(optional, into)] selected: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let t = super::texts::w();
    let heading = format!("desk-c{}-author", comment.id);
    let labelled_by = heading.clone();
    view! {
        <article
            class="desk-card"
            class:selected=selected
            id=format!("desk-c{}", comment.id)
            tabindex="-1"
            aria-labelledby=labelled_by
            data-comment=comment.id
        >
            <p class="desk-meta">
                <strong id=heading>{comment.author}</strong>
                " · "
                <time datetime=comment.created_at.clone()>{when(&comment.created_at)}</time>
                " · "
                <a href=format!("/a/{}", comment.article) target="_blank" rel="noopener">
                    {comment.article_title}
                </a>
            </p>
            {parent
                .map(|p| {
                    view! {
                        <blockquote class="desk-context">
                            {t.replying_to}" @"{p.author}"："{p.text}
                        </blockquote>
                    }
                })}
            <p class="desk-text">{comment.text}</p>
            <div class="desk-foot">{children()}</div>
        </article>
    }
}

/// A button that sends `act` for comment `id` through the screen's action; with `confirm`, the first
/// press only arms it (a removal cannot be undone).
#[component]
pub fn ActButton(
    action: Action<Job, ()>,
    id: i64,
    act: Act,
    label: &'static str,
    #[prop(optional)] confirm: Option<&'static str>,
) -> impl IntoView {
    let armed = RwSignal::new(false);
    let busy = move || {
        action.pending().get()
            && action
                .input()
                .with(|j| j.as_ref().is_some_and(|j| j.id == id))
    };
    let text = move || match (confirm, armed.get()) {
        (Some(c), true) => c,
        _ => label,
    };
    let press = move |_| {
        if confirm.is_some() && !armed.get_untracked() {
            armed.set(true);
            return;
        }
        armed.set(false);
        action.dispatch(Job {
            id,
            act,
            reply: None,
            label,
        });
    };
    view! {
        <button
            type="button"
            class=format!("desk-act desk-{}", act_class(act))
            disabled=busy
            on:click=press
        >
            {text}
        </button>
    }
}

fn act_class(act: Act) -> &'static str {
    match act {
        Act::Approve => "approve",
        Act::Reject => "reject",
        Act::Dismiss => "dismiss",
        Act::Hide => "hide",
        Act::Restore => "restore",
        Act::Remove => "remove",
        Act::Block => "block",
    }
}
