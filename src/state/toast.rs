//! The short-lived status message ("链接已复制") the frame shows; any part may set it.

use leptos::prelude::*;

/// The message shown, if any.
#[derive(Clone, Copy)]
pub struct Toast(pub RwSignal<Option<String>>);

impl Toast {
    /// Shows `text` for three seconds (unless another message replaced it by then).
    pub fn show(self, text: &str) {
        self.0.set(Some(text.to_owned()));
        let sig = self.0;
        let shown = text.to_owned();
        set_timeout(
            move || {
                if sig.try_get_untracked().flatten().as_deref() == Some(shown.as_str()) {
                    sig.set(None);
                }
            },
            std::time::Duration::from_millis(3000),
        );
    }
}
