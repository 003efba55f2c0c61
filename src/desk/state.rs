//! What every desk screen shares: the logged-in session (for its CSRF token and role), the line that
//! says what the last action did, and the one way an action is sent.

use super::api::{self, Act};
use crate::api::ApiError;
use leptos::prelude::*;
use model::desk::DeskSession;

/// The outcome of the last action, shown in the desk's live region.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    None,
    Done(String),
    Failed(ApiError),
}

/// The desk's shared state, provided by `DeskApp` once the session is known.
#[derive(Clone, Copy)]
pub struct Desk {
    pub session: StoredValue<DeskSession>,
    pub outcome: RwSignal<Outcome>,
    /// Set when a request answered 401: the desk then shows only the way back to the login form.
    pub logged_out: RwSignal<bool>,
}

pub fn use_desk() -> Desk {
    use_context::<Desk>().expect("the desk's screens are drawn inside DeskApp")
}

impl Desk {
    /// Notes how a request ended; a 401 ends the desk's session on screen too. `try_set`: the desk
    /// may be gone by the time an answer arrives.
    pub fn note(self, result: &Result<(), ApiError>, done: String) {
        match result {
            Ok(()) => drop(self.outcome.try_set(Outcome::Done(done))),
            Err(e) if api::logged_out(e) => drop(self.logged_out.try_set(true)),
            Err(e) => drop(self.outcome.try_set(Outcome::Failed(e.clone()))),
        }
    }
}

/// One action on one comment: what a button or a shortcut asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: i64,
    pub act: Act,
    pub reply: Option<String>,
    /// What the live region says when it is done.
    pub label: &'static str,
}

/// The screen's action: sends each job with the session's token and notes the outcome. Screens read
/// their lists through resources that track its `version()`, so what an action changed is fetched
/// again when it completes (as in Leptos's todo examples).
pub fn comment_action() -> Action<Job, ()> {
    let desk = use_desk();
    Action::new_local(move |job: &Job| {
        let job = job.clone();
        let csrf = desk.session.with_value(|s| s.csrf.clone());
        async move {
            let result = api::act(&csrf, job.id, job.act, job.reply.as_deref()).await;
            desk.note(&result, format!("{} #{}", job.label, job.id));
        }
    })
}
