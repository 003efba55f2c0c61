//! `/desk/reports`: reported comments grouped by comment, with how often and why; dismiss the reports,
//! hide or remove the comment, or block its author's address for a day.

use super::api::{self, Act};
use super::card::{ActButton, CommentCard};
use super::state::{comment_action, use_desk};
use super::texts::w;
use crate::components::error_box::ErrorBox;
use leptos::prelude::*;
use model::desk::ReportGroup;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let t = w();
    let moderates = use_desk().session.with_value(|s| s.moderates());
    let action = comment_action();
    let reports = LocalResource::new(move || {
        action.version().get();
        api::reports()
    });
    view! {
        <h2 class="desk-heading">{t.reports}</h2>
        {(!moderates).then(|| view! { <p class="desk-hint">{t.read_only}</p> })}
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || reports.get().map(|r| match r {
                Ok(groups) if groups.is_empty() => {
                    view! { <p class="desk-empty">{t.reports_empty}</p> }.into_any()
                }
                Ok(groups) => {
                    view! {
                        <ol class="desk-list" data-testid="reports">
                            {groups
                                .into_iter()
                                .map(|g| view! { <li><Report group=g action moderates/></li> })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| reports.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Report(
    group: ReportGroup,
    action: Action<super::state::Job, ()>,
    moderates: bool,
) -> impl IntoView {
    let t = w();
    let id = group.comment.id;
    view! {
        <CommentCard comment=group.comment>
            <p class="desk-reports">
                <strong data-count="reports">{group.count}</strong>" "{t.times_reported}
            </p>
            <ul class="desk-reasons">
                {group.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
            </ul>
            {moderates
                .then(|| {
                    view! {
                        <div class="desk-actions">
                        <ActButton action id act=Act::Dismiss label=t.dismiss/>
                        <ActButton action id act=Act::Hide label=t.hide/>
                        <ActButton action id act=Act::Remove label=t.remove confirm=t.confirm_remove/>
                        <ActButton action id act=Act::Block label=t.block/>
                        </div>
                    }
                })}
        </CommentCard>
    }
}
