//! The error state of a page or part: a `role=alert` box saying what went wrong, with a retry button.

use crate::api::ApiError;
use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn ErrorBox(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let t = lang_now().t();
    let detail = error.detail();
    let message = match &error {
        ApiError::Network(_) | ApiError::Aborted => t.error_network,
        ApiError::Http { .. } => t.error_server,
        ApiError::Decode(_) => t.error_decode,
    };
    view! {
        <div class="error-box" role="alert" data-testid="error">
            <p class="error-message">{message}</p>
            <p class="error-detail">{detail}</p>
            <button type="button" class="btn" data-testid="retry" on:click=move |_| on_retry.run(())>
                {t.retry}
            </button>
        </div>
    }
}
