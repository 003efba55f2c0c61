//! The 404 page: for unknown routes, channels and articles (an API 404 of a page's main load lands here,
//! not in an error box), and its 410 form for an article the newsroom took down. A part's 404 never draws
//! this page (components::loaded).

use crate::components::meta::NoIndexMeta;
use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn NotFound(
    /// Taken down (410) rather than never there.
    #[prop(optional)]
    gone: bool,
) -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    let (code, title, text) = if gone {
        ("410", t.gone_title, t.gone_text)
    } else {
        ("404", t.not_found_title, t.not_found_text)
    };
    view! {
        <NoIndexMeta title=title.to_owned()/>
        <div class="not-found" data-testid="not-found" data-gone=gone.to_string()>
            <p class="not-found-code" aria-hidden="true">{code}</p>
            <h1>{title}</h1>
            <p>{text}</p>
            <a class="btn" href="/">{t.back_home}</a>
        </div>
    }
}
