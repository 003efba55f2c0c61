//! The desk's header: who is logged in, the screens, the language and the way out (a plain form, so
//! logging out works whatever the app's state).

use super::state::{use_desk, Outcome};
use super::texts::w;
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    let desk = use_desk();
    let lang = expect_context::<RwSignal<Lang>>();
    let t = w();
    let (name, role, csrf) = desk
        .session
        .with_value(|s| (s.name.clone(), s.role.clone(), s.csrf.clone()));
    let other = match lang.get_untracked() {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let outcome = move || match desk.outcome.get() {
        Outcome::None => String::new(),
        Outcome::Done(what) => format!("{}：{what}", t.done),
        Outcome::Failed(e) => format!("{}：{}", t.failed, e.detail()),
    };
    view! {
        <header class="desk-header">
            <div class="desk-bar">
                <h1 class="desk-title">{t.title}</h1>
                <span class="desk-who">{name}" ("{role}")"</span>
                <button
                    type="button"
                    class="desk-lang"
                    lang=other.tag()
                    on:click=move |_| super::choose_lang(lang, other)
                >
                    {t.language}
                </button>
                <form method="post" action="/desk/logout" class="desk-logout">
                    <input type="hidden" name="csrf" value=csrf/>
                    <button type="submit">{t.log_out}</button>
                </form>
            </div>
            <nav aria-label=t.nav class="desk-nav">
                <A href="/desk" exact=true>{t.pending}</A>
                <A href="/desk/reports">{t.reports}</A>
                <A href="/desk/articles">{t.articles}</A>
                <A href="/desk/audit">{t.audit}</A>
            </nav>
            <p class="desk-outcome" role="status" data-testid="desk-outcome">
                {outcome}
            </p>
        </header>
    }
}
