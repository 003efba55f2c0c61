//! A `<time>` with relative text for recent items and the absolute time (own offset) in `title`.

use crate::i18n::{absolute, lang_now, relative, rfc3339};
use leptos::prelude::*;
use time::OffsetDateTime;

#[component]
pub fn Time(
    at: OffsetDateTime,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    let lang = lang_now();
    let text = relative(at, js_sys::Date::now(), lang);
    view! {
        <time datetime=rfc3339(at) title=absolute(at) data-testid=testid>{text}</time>
    }
}
