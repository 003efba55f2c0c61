//! The error state of a page or part: a `role=alert` box saying what went wrong, with a retry button.
//! When the server said when to try again (`Retry-After`), the button waits that long, counting down.

use crate::api::ApiError;
use crate::i18n::lang_now;
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn ErrorBox(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let t = lang_now().t();
    let detail = error.detail();
    let message = match &error {
        ApiError::Network(_) | ApiError::Aborted => t.error_network,
        ApiError::Timeout => t.error_timeout,
        ApiError::Http { .. } => t.error_server,
        ApiError::Decode(_) => t.error_decode,
    };
    let wait = RwSignal::new(error.retry_after().unwrap_or(0));
    if wait.get_untracked() > 0 {
        // The countdown belongs to the box: it stops when the box goes away.
        if let Ok(handle) = set_interval_with_handle(
            move || {
                wait.try_update(|w| *w = w.saturating_sub(1));
            },
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    let label = move || match wait.get() {
        0 => t.retry.to_owned(),
        n => t.retry_in.replace("{n}", &n.to_string()),
    };
    view! {
        <div class="error-box" role="alert" data-testid="error">
            <p class="error-message">{message}</p>
            <p class="error-detail">{detail}</p>
            <button
                type="button"
                class="btn"
                data-testid="retry"
                disabled=move || { wait.get() > 0 }
                on:click=move |_| on_retry.run(())
            >
                {label}
            </button>
        </div>
    }
}
