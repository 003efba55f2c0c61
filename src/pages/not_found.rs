//! The 404 page: for unknown routes, channels and articles (an API 404 of a page's main load lands here,
//! not in an error box). A part's 404 never draws this page (components::loaded).

use crate::components::meta::NoIndexMeta;
use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    view! {
        <NoIndexMeta title=t.not_found_title.to_owned()/>
        <div class="not-found" data-testid="not-found">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_text}</p>
            <a class="btn" href="/">{t.back_home}</a>
        </div>
    }
}
