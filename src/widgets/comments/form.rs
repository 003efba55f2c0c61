//! The comment form (new comment or reply): draft kept in localStorage as the reader types, limits
//! checked with the model's own rules before sending, sent once per draft submission.

use super::draft::{self, Draft};
use super::post::{insert_and_send, send, FormHandles, Submission};
use super::state::ItemStatus;
use super::thread::{Branch, Node, ThreadCtx};
use crate::i18n::use_lang;
use leptos::prelude::*;
use model::comment::{AUTHOR_MAX_CHARS, TEXT_MAX_CHARS};
use model::{ArticleId, CommentId, NewComment};

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
    let form = FormState::new(ctx.article, target, parent);
    let parent_id = form.parent_id;
    let FormState {
        author,
        text,
        error,
        sending,
        ..
    } = form;
    let ids = format!("cf-{}-{}", ctx.article, parent_id.map_or(0, |p| p.0));
    let (author_id, text_id, error_id) = (
        format!("{ids}-name"),
        format!("{ids}-text"),
        format!("{ids}-error"),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit(ctx);
    };

    view! {
        <form class="comment-form" data-testid="comment-form" novalidate on:submit=submit
            aria-label=move || if parent.is_some() { lang.get().c().reply } else { lang.get().c().write }>
            <div class="comment-field">
                <label for=author_id.clone()>{move || lang.get().c().name_label}</label>
                <input id=author_id type="text" data-testid="comment-author" autocomplete="nickname"
                    aria-describedby=error_id.clone()
                    prop:value=move || author.get()
                    on:input=move |ev| { author.set(event_target_value(&ev)); form.save(); }/>
                <span class="comment-counter" aria-hidden="true">{move || counter(&author.get(), AUTHOR_MAX_CHARS)}</span>
            </div>
            <div class="comment-field">
                <label for=text_id.clone()>{move || lang.get().c().text_label}</label>
                <textarea id=text_id data-testid="comment-text" rows="4"
                    aria-describedby=error_id.clone()
                    placeholder=move || lang.get().c().text_placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); form.save(); }></textarea>
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

/// What the form holds: its fields, its state and its draft. Arena handles only, so it is `Copy`.
#[derive(Clone, Copy)]
struct FormState {
    author: RwSignal<String>,
    text: RwSignal<String>,
    error: RwSignal<Option<String>>,
    sending: RwSignal<bool>,
    draft: StoredValue<Draft>,
    /// The draft's key in localStorage (one per article and comment replied to).
    key: StoredValue<String>,
    /// The comment this form last showed, reused when the same body is sent again.
    last: StoredValue<Option<Node>>,
    /// Where a comment sent from it goes: the thread, or the replies of `parent`.
    target: Branch,
    parent: Option<Node>,
    parent_id: Option<CommentId>,
}

impl FormState {
    /// The form as the reader left it: the stored draft, else the name they last wrote under.
    fn new(article: ArticleId, target: Branch, parent: Option<Node>) -> FormState {
        let parent_id = parent.map(|p| p.id());
        let draft_key = draft::key(article, parent_id);
        let stored = draft::load(&draft_key).unwrap_or_default();
        let start_author = if stored.author.is_empty() {
            draft::remembered_name().unwrap_or_default()
        } else {
            stored.author.clone()
        };
        FormState {
            author: RwSignal::new(start_author),
            text: RwSignal::new(stored.text.clone()),
            error: RwSignal::new(None),
            sending: RwSignal::new(false),
            draft: StoredValue::new(stored),
            key: StoredValue::new(draft_key),
            last: StoredValue::new(None),
            target,
            parent,
            parent_id,
        }
    }

    /// Keeps the fields in the draft, as the reader types.
    fn save(self) {
        self.draft.update_value(|d| {
            d.author = self.author.get_untracked();
            d.text = self.text.get_untracked();
        });
        self.draft
            .with_value(|d| self.key.with_value(|k| draft::save(k, d)));
    }

    /// Checks and sends the comment: again under its last key if the same body failed before (so a
    /// retried post creates one comment), else as a new comment shown at once.
    fn submit(self, ctx: ThreadCtx) {
        if self.sending.get_untracked() {
            return; // a double tap: the first submission is on its way
        }
        let body = match check(&self.author.get_untracked(), &self.text.get_untracked()) {
            Ok(b) => NewComment {
                parent_id: self.parent_id,
                ..b
            },
            Err(message) => {
                self.error.set(Some(message));
                return;
            }
        };
        self.error.set(None);
        self.save();
        let idem = self
            .draft
            .try_update_value(|d: &mut Draft| d.key_for(&body))
            .unwrap_or_else(draft::new_key);
        self.draft
            .with_value(|d| self.key.with_value(|k| draft::save(k, d)));
        let sub = Submission {
            body,
            key: idem.clone(),
            draft_key: self.key.get_value(),
            target: self.target,
            parent: self.parent,
            form: FormHandles {
                text: self.text,
                error: self.error,
                sending: self.sending,
            },
        };
        let again = self.last.get_value().filter(|n| {
            !n.status.is_disposed()
                && matches!(n.status.get_untracked(), ItemStatus::Failed(_))
                && n.post
                    .with_value(|p| p.as_ref().is_some_and(|s| s.key == idem))
        });
        match again {
            Some(node) => send(ctx, node, sub),
            None => self.last.set_value(Some(insert_and_send(ctx, sub))),
        }
    }
}
