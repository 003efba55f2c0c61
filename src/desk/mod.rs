//! The editors' desk, a third entry point beside `app` and `embed` (bin `difang-desk`, `desk.html`, built
//! into `dist/desk/`): the queue of pending comments, reports, articles' comments and the audit log. The
//! server hands its page only to a logged-in account (`/desk…`, never cached or framed); the reader's
//! app and its service worker never load it.
//!
//! It sits at the top like `app`: `mod.rs` (session, language, route table) → the screens (`queue`,
//! `reports`, `articles`, `audit`) → `card` and `state` → `api` and `texts`.

pub mod api;
mod articles;
mod audit;
mod card;
mod nav;
mod queue;
mod reports;
pub mod state;
pub mod texts;

use crate::components::error_box::ErrorBox;
use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use state::{Desk, Outcome};
use texts::w;

/// Where the desk keeps the chosen language.
const LANG_KEY: &str = "difang-desk-lang";

/// Starts the desk in <body>.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(DeskApp);
}

/// The language: `?lang=en|zh` (the login form's link), else the last choice, else Chinese.
fn first_lang() -> Lang {
    let window = crate::browser::window();
    let asked = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|p| p.strip_prefix("lang=").and_then(Lang::from_tag))
        });
    let kept = || {
        window
            .as_ref()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
            .and_then(|t| Lang::from_tag(&t))
    };
    asked.or_else(kept).unwrap_or_default()
}

/// The desk: its session first (a 401 shows the way to the login form), then its screens.
#[component]
pub fn DeskApp() -> impl IntoView {
    provide_meta_context();
    let lang = RwSignal::new(first_lang());
    provide_context(lang);
    let session = LocalResource::new(api::session);
    view! {
        <Html {..} lang=move || lang.get().tag()/>
        <Title text=move || texts::words(lang.get()).title/>
        <Suspense fallback=|| view! { <p class="desk-loading">{w().loading}</p> }>
            {move || {
                session
                    .get()
                    .map(|answer| match answer {
                        Ok(s) => {
                            provide_context(Desk {
                                session: StoredValue::new(s),
                                outcome: RwSignal::new(Outcome::None),
                                logged_out: RwSignal::new(false),
                            });
                            view! { <Screens/> }.into_any()
                        }
                        Err(e) if api::logged_out(&e) => view! { <LoggedOut/> }.into_any(),
                        Err(e) => {
                            view! { <ErrorBox error=e on_retry=move |()| session.refetch()/> }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// The screens under the desk's header; drawn again when the language changes.
#[component]
fn Screens() -> impl IntoView {
    let desk = state::use_desk();
    let lang = expect_context::<RwSignal<Lang>>();
    move || {
        if desk.logged_out.get() {
            return view! { <LoggedOut/> }.into_any();
        }
        lang.track();
        view! {
            <Router>
                <nav::Header/>
                <main id="main" class="desk-main">
                    <Routes fallback=|| view! { <p>"404"</p> }>
                        <Route path=path!("/desk") view=queue::QueuePage/>
                        <Route path=path!("/desk/reports") view=reports::ReportsPage/>
                        <Route path=path!("/desk/articles") view=articles::ArticlesPage/>
                        <Route path=path!("/desk/audit") view=audit::AuditPage/>
                    </Routes>
                </main>
            </Router>
        }
        .into_any()
    }
}

/// The session ended: the way back in.
#[component]
fn LoggedOut() -> impl IntoView {
    let t = w();
    view! {
        <main id="main" class="desk-main">
            <p role="alert">{t.logged_out}</p>
            <p>
                <a href="/desk/login">{t.log_in_again}</a>
            </p>
        </main>
    }
}

/// Saves and applies a language choice.
pub fn choose_lang(lang: RwSignal<Lang>, to: Lang) {
    if let Some(storage) = crate::browser::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANG_KEY, to.tag());
    }
    lang.set(to);
}
