//! `/desk`: the desk's front — today's counts and the queue of pending comments, oldest first, with
//! approve, reject and approve-and-reply, from buttons or the keyboard (j/k, a, x, r).

use super::api::{self, Act};
use super::card::{ActButton, CommentCard};
use super::state::{comment_action, use_desk, Job};
use super::texts::w;
use crate::components::error_box::ErrorBox;
use leptos::prelude::*;
use model::desk::{DeskCounts, QueueItem};
use wasm_bindgen::JsCast;

#[component]
pub fn QueuePage() -> impl IntoView {
    let t = w();
    let desk = use_desk();
    let moderates = desk.session.with_value(|s| s.moderates());
    let action = comment_action();
    // Both follow the action: what it changed is fetched again when it completes.
    let counts = LocalResource::new(move || {
        action.version().get();
        api::counts()
    });
    let queue = LocalResource::new(move || {
        action.version().get();
        api::queue()
    });
    let selected = RwSignal::new(0usize);
    let replying = RwSignal::new(None::<i64>);

    if moderates {
        // The shortcuts belong to this screen: the listener goes when it does.
        crate::browser::on_window("keydown", move |ev: web_sys::KeyboardEvent| {
            let items = queue
                .get_untracked()
                .and_then(Result::ok)
                .unwrap_or_default();
            if let Some(job) = shortcut(&ev, &items, selected, replying) {
                action.dispatch(job);
            }
        });
    }

    view! {
        <h2 class="desk-heading">{t.pending}</h2>
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || counts.get().map(|c| match c {
                Ok(c) => view! { <Counts counts=c/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| counts.refetch()/> }.into_any(),
            })}
        </Transition>
        {if moderates {
            view! { <p class="desk-hint">{t.shortcuts}": "{t.shortcut_keys}</p> }.into_any()
        } else {
            view! { <p class="desk-hint">{t.read_only}</p> }.into_any()
        }}
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || queue.get().map(|q| match q {
                Ok(items) if items.is_empty() => {
                    view! { <p class="desk-empty">{t.queue_empty}</p> }.into_any()
                }
                Ok(items) => {
                    view! {
                        <ol class="desk-list" data-testid="queue">
                            {items
                                .into_iter()
                                .enumerate()
                                .map(|(i, item)| {
                                    view! {
                                        <li>
                                            <QueueCard item index=i selected replying action moderates/>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| queue.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

/// The front's three counts.
#[component]
fn Counts(counts: DeskCounts) -> impl IntoView {
    let t = w();
    view! {
        <dl class="desk-counts" data-testid="counts">
            <div><dt>{t.pending}</dt><dd data-count="pending">{counts.pending}</dd></div>
            <div>
                <dt><a href="/desk/reports">{t.reports}</a></dt>
                <dd data-count="reported">{counts.reported}</dd>
            </div>
            <div><dt>{t.today}</dt><dd data-count="today">{counts.today}</dd></div>
        </dl>
    }
}

#[component]
fn QueueCard(
    item: QueueItem,
    index: usize,
    selected: RwSignal<usize>,
    replying: RwSignal<Option<i64>>,
    action: Action<Job, ()>,
    moderates: bool,
) -> impl IntoView {
    let t = w();
    let id = item.comment.id;
    let is_selected = Signal::derive(move || selected.get() == index);
    view! {
        <CommentCard comment=item.comment parent=item.parent selected=is_selected>
            {moderates
                .then(|| {
                    view! {
                        <div class="desk-actions">
                        <ActButton action id act=Act::Approve label=t.approve/>
                        <ActButton action id act=Act::Reject label=t.reject/>
                        <button
                            type="button"
                            class="desk-act desk-reply"
                            aria-expanded=move || (replying.get() == Some(id)).to_string()
                            on:click=move |_| replying.set(Some(id))
                        >
                            {t.reply}
                        </button>
                        </div>
                        <Show when=move || replying.get() == Some(id)>
                            <ReplyForm id action replying/>
                        </Show>
                    }
                })}
        </CommentCard>
    }
}

/// The desk's reply, sent with the approval.
#[component]
fn ReplyForm(id: i64, action: Action<Job, ()>, replying: RwSignal<Option<i64>>) -> impl IntoView {
    let t = w();
    let text = RwSignal::new(String::new());
    let field = NodeRef::<leptos::html::Textarea>::new();
    // The field takes the focus when it opens (from the button or the `r` key).
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reply = text.get_untracked();
        if reply.trim().is_empty() {
            return;
        }
        replying.set(None);
        action.dispatch(Job {
            id,
            act: Act::Approve,
            reply: Some(reply),
            label: t.reply,
        });
    };
    let field_id = format!("desk-reply-{id}");
    view! {
        <form class="desk-reply-form" on:submit=send>
            <label for=field_id.clone()>{t.reply_label}</label>
            <textarea
                id=field_id
                node_ref=field
                rows="3"
                maxlength="2000"
                required
                bind:value=text
            ></textarea>
            <button type="submit" class="desk-act desk-approve">{t.send_reply}</button>
            <button type="button" class="desk-act" on:click=move |_| replying.set(None)>
                {t.cancel}
            </button>
        </form>
    }
}

/// The queue's keys: j/k move, a approves, x rejects, r opens the reply. Not while typing, nor with a
/// modifier (the browser's own shortcuts).
fn shortcut(
    ev: &web_sys::KeyboardEvent,
    items: &[QueueItem],
    selected: RwSignal<usize>,
    replying: RwSignal<Option<i64>>,
) -> Option<Job> {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || items.is_empty() {
        return None;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if typing {
        return None;
    }
    let last = items.len() - 1;
    let at = selected.get_untracked().min(last);
    let t = w();
    let job = |act, label| Job {
        id: items[at].comment.id,
        act,
        reply: None,
        label,
    };
    match ev.key().as_str() {
        "j" => move_to(selected, (at + 1).min(last), items),
        "k" => move_to(selected, at.saturating_sub(1), items),
        "a" => return Some(job(Act::Approve, t.approve)),
        "x" => return Some(job(Act::Reject, t.reject)),
        "r" => {
            ev.prevent_default();
            replying.set(Some(items[at].comment.id));
        }
        _ => {}
    }
    None
}

/// Selects item `to` and moves the focus to it (which scrolls it into view and reads it out).
fn move_to(selected: RwSignal<usize>, to: usize, items: &[QueueItem]) {
    selected.set(to);
    let card = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("desk-c{}", items[to].comment.id)))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(card) = card {
        let _ = card.focus();
    }
}
