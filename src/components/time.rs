//! A `<time>` with relative text for recent items and the absolute time (own offset) in `title`.

use crate::i18n::{absolute, lang_now, relative, rfc3339};
use leptos::prelude::*;
use time::OffsetDateTime;

/// Phones have no hover: a tap or a long press (`contextmenu`) swaps the relative text for the absolute time.
#[component]
pub fn Time(
    at: OffsetDateTime,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    let lang = lang_now();
    let rel = relative(at, crate::browser::now_ms(), lang);
    let abs = absolute(at);
    let show_abs = RwSignal::new(false);
    let text = {
        let abs = abs.clone();
        move || {
            if show_abs.get() {
                abs.clone()
            } else {
                rel.clone()
            }
        }
    };
    view! {
        <time
            datetime=rfc3339(at)
            title=abs
            data-testid=testid
            on:click=move |_| show_abs.update(|s| *s = !*s)
            on:contextmenu=move |ev| {
                ev.prevent_default();
                show_abs.set(true);
            }
        >
            {text}
        </time>
    }
}
