//! The comment form (new comment or reply): draft kept in localStorage as the reader types, limits
//! checked with the model's own rules before sending, sent once per draft submission.

use super::draft::{self, Draft};
use super::post::{insert_and_send, send, FormHandles, Submission};
use super::state::ItemStatus;
use super::thread::{Branch, Node, ThreadCtx};
use crate::i18n::use_lang;
use leptos::prelude::*;
use model::comment::{AUTHOR_MAX_CHARS, TEXT_MAX_CHARS};
use model::NewComment;

/// "12/2000": characters, not bytes, as the model counts them.
pub fn counter(value: &str, max: usize) -> String {
    format!("{}/{max}", value.chars().count())
}

/// The message for a comment that breaks a rule, or None when it may be sent (the model's validation).
pub fn check(author: &str, text: &str) -> Result<NewComment, String> {
    NewComment {
        author: author.to_owned(),
        text: text.to_owned(),
        parent_id: None,
    }
    .validate()
    .map_err(|e| e.message)
}

#[component]
pub fn CommentForm(target: Branch, #[prop(optional)] parent: Option<Node>) -> impl IntoView {
    let ctx = expect_context::<ThreadCtx>();
    let lang = use_lang();
    let parent_id = parent.map(|p| p.id());
    let draft_key = draft::key(ctx.article, parent_id);
    let stored = draft::load(&draft_key).unwrap_or_default();
    let start_author = if stored.author.is_empty() {
        draft::remembered_name().unwrap_or_default()
    } else {
        stored.author.clone()
    };
    let author = RwSignal::new(start_author);
    let text = RwSignal::new(stored.text.clone());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let draft = StoredValue::new(stored);
    // The comment this form last showed, reused when the same body is sent again.
    let last = StoredValue::new(None::<Node>);
    let key = StoredValue::new(draft_key);
    let ids = format!("cf-{}-{}", ctx.article, parent_id.map_or(0, |p| p.0));
    let (author_id, text_id, error_id) = (
        format!("{ids}-name"),
        format!("{ids}-text"),
        format!("{ids}-error"),
    );

    let save = move || {
        draft.update_value(|d| {
            d.author = author.get_untracked();
            d.text = text.get_untracked();
        });
        draft.with_value(|d| key.with_value(|k| draft::save(k, d)));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return; // a double tap: the first submission is on its way
        }
        let body = match check(&author.get_untracked(), &text.get_untracked()) {
            Ok(b) => NewComment { parent_id, ..b },
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        error.set(None);
        save();
        let idem = draft
            .try_update_value(|d: &mut Draft| d.key_for(&body))
            .unwrap_or_else(draft::new_key);
        draft.with_value(|d| key.with_value(|k| draft::save(k, d)));
        let sub = Submission {
            body,
            key: idem.clone(),
            draft_key: key.get_value(),
            target,
            parent,
            form: FormHandles {
                text,
                error,
                sending,
            },
        };
        let again = last.get_value().filter(|n| {
            !n.status.is_disposed()
                && matches!(n.status.get_untracked(), ItemStatus::Failed(_))
                && n.post
                    .with_value(|p| p.as_ref().is_some_and(|s| s.key == idem))
        });
        match again {
            Some(node) => send(ctx, node, sub),
            None => last.set_value(Some(insert_and_send(ctx, sub))),
        }
    };

    view! {
        <form class="comment-form" data-testid="comment-form" novalidate on:submit=submit
            aria-label=move || if parent.is_some() { lang.get().c().reply } else { lang.get().c().write }>
            <div class="comment-field">
                <label for=author_id.clone()>{move || lang.get().c().name_label}</label>
                <input id=author_id type="text" data-testid="comment-author" autocomplete="nickname"
                    aria-describedby=error_id.clone()
                    prop:value=move || author.get()
                    on:input=move |ev| { author.set(event_target_value(&ev)); save(); }/>
                <span class="comment-counter" aria-hidden="true">{move || counter(&author.get(), AUTHOR_MAX_CHARS)}</span>
            </div>
            <div class="comment-field">
                <label for=text_id.clone()>{move || lang.get().c().text_label}</label>
                <textarea id=text_id data-testid="comment-text" rows="4"
                    aria-describedby=error_id.clone()
                    placeholder=move || lang.get().c().text_placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); save(); }></textarea>
                <span class="comment-counter" aria-hidden="true">{move || counter(&text.get(), TEXT_MAX_CHARS)}</span>
            </div>
            <p id=error_id class="comment-error" data-testid="comment-error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <div class="comment-form-actions">
                {parent.is_some().then(|| view! {
                    <button type="button" class="btn btn-quiet" on:click=move |_| ctx.reply_open.set(None)>
                        {move || lang.get().c().cancel}
                    </button>
                })}
                <button type="submit" class="btn btn-primary" data-testid="comment-submit" disabled=move || sending.get()>
                    {move || if sending.get() { lang.get().c().sending } else { lang.get().c().submit }}
                </button>
            </div>
        </form>
    }
}
