//! The 404 page: for unknown routes, channels and articles (an API 404 lands here, not in an error box).

use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=move || lang.get().t().not_found_title.to_owned()/>
        <Meta name="robots" content="noindex"/>
        <div class="not-found" data-testid="not-found">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1>{move || lang.get().t().not_found_title}</h1>
            <p>{move || lang.get().t().not_found_text}</p>
            <a class="btn" href="/">{move || lang.get().t().back_home}</a>
        </div>
    }
}
