//! The toast region: the current status message (state::toast), announced politely to screen readers.

use crate::state::toast::Toast;
use leptos::prelude::*;

#[component]
pub fn ToastView(toast: Toast) -> impl IntoView {
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || toast.0.get().map(|t| view! { <div class="toast" data-testid="toast">{t}</div> })}
        </div>
    }
}
