//! `/desk/audit`: the audit log, newest first: who did what to what, when, and what it was before and
//! after.

use super::api;
use super::card::when;
use super::texts::w;
use crate::components::error_box::ErrorBox;
use leptos::prelude::*;
use model::desk::AuditEntry;

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = w();
    let log = LocalResource::new(api::audit);
    view! {
        <h2 class="desk-heading">{t.audit}</h2>
        <Transition fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || log.get().map(|r| match r {
                Ok(lines) if lines.is_empty() => {
                    view! { <p class="desk-empty">{t.audit_empty}</p> }.into_any()
                }
                Ok(lines) => view! { <AuditTable lines/> }.into_any(),
                Err(e) => view! { <ErrorBox error=e on_retry=move |()| log.refetch()/> }.into_any(),
            })}
        </Transition>
    }
}

/// A state as the log shows it: its JSON, or a dash for none.
fn state(v: Option<impl std::fmt::Display>) -> String {
    match v.map(|v| v.to_string()) {
        Some(json) if json != "null" => json,
        _ => "—".to_owned(),
    }
}

/// The log as a list (a table would not fit a phone): one entry per action.
#[component]
fn AuditTable(lines: Vec<AuditEntry>) -> impl IntoView {
    let t = w();
    view! {
        <ol class="desk-list desk-audit" data-testid="audit">
            {lines
                .into_iter()
                .map(|l| {
                    let action = l.action.clone();
                    view! {
                        <li class="desk-card">
                            <dl class="desk-audit-line">
                                <dt>{t.when}</dt>
                                <dd><time datetime=l.at.clone()>{when(&l.at)}</time></dd>
                                <dt>{t.who}</dt>
                                <dd>{l.actor}</dd>
                                <dt>{t.what}</dt>
                                <dd data-action=action>{l.action}</dd>
                                <dt>{t.target}</dt>
                                <dd>{l.target}</dd>
                                <dt>{t.change}</dt>
                                <dd class="desk-change">
                                    <code>{state(l.before)}</code>" → "<code>{state(l.after)}</code>
                                </dd>
                            </dl>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
