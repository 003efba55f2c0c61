//! A placeholder while a first load is in flight (navigation keeps the old page instead, see the app).

use crate::i18n::lang_now;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let lang = lang_now();
    let t = lang.t();
    view! {
        <div class="loading" aria-busy="true">
            <span class="skeleton"></span>
            <span class="skeleton"></span>
            <span class="skeleton short"></span>
            <span class="visually-hidden">{t.loading}</span>
        </div>
    }
}
