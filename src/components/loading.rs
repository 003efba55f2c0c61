//! A placeholder while a first load is in flight (navigation keeps the old page instead, see the app).

use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="loading" aria-busy="true">
            <span class="skeleton"></span>
            <span class="skeleton"></span>
            <span class="skeleton short"></span>
            <span class="visually-hidden">{move || lang.get().t().loading}</span>
        </div>
    }
}
