//! A short-lived status message ("链接已复制"), announced politely to screen readers.

use leptos::prelude::*;

/// The message shown, if any; provided as context by the app.
#[derive(Clone, Copy)]
pub struct Toast(pub RwSignal<Option<String>>);

impl Toast {
    pub fn show(self, text: &str) {
        self.0.set(Some(text.to_owned()));
        let sig = self.0;
        let shown = text.to_owned();
        set_timeout(
            move || {
                if sig.get_untracked().as_deref() == Some(shown.as_str()) {
                    sig.set(None);
                }
            },
            std::time::Duration::from_millis(3000),
        );
    }
}

#[component]
pub fn ToastView(toast: Toast) -> impl IntoView {
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || toast.0.get().map(|t| view! { <div class="toast" data-testid="toast">{t}</div> })}
        </div>
    }
}
