//! The page frame around every route: skip link, progress bar, header, offline banner, `<main>`, footer
//! (with the link to the offline articles), toast and the new-version prompt.

pub mod header;
pub mod offline;

use crate::components::toast::ToastView;
use crate::i18n::Lang;
use crate::routing::Navigation;
use crate::staged::later;
use crate::state::toast::Toast;
use header::Header;
use leptos::prelude::*;
use offline::{OfflineSlot, Slot};

/// The frame with `children` (the routes) in `<main>`. The frame is drawn again when the reader switches
/// language (from cached data, no refetch); the routes inside keep their page.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let nav = expect_context::<Navigation>();
    let toast = expect_context::<Toast>();
    let off = use_context::<crate::offline::Offline>();
    let t = move || lang.get().t();
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_main}</a>
        <Show when=move || nav.preparing.get()>
            <div class="route-progress" role="progressbar" data-testid="progress" aria-label=move || t().navigating></div>
        </Show>
        // Header, routes and footer each in a task of their own when the app takes over the server's
        // page (`staged`).
        {later(move || {
            (move || {
                lang.track();
                view! { <Header/> }
            })
            .into_any()
        })}
        {off.map(|off| view! { <OfflineSlot off which=Slot::Banner/> })}
        <main id="main" tabindex="-1">
            {later(children)}
        </main>
        {later(move || {
            view! {
                <footer class="site-footer">
                    <p>{move || t().footer}</p>
                    <p><a href=crate::routes::SAVED data-testid="saved-link">{move || lang.get().o().saved_link}</a></p>
                </footer>
                <ToastView toast/>
                <div class="update-region">
                    {off.map(|off| view! { <OfflineSlot off which=Slot::Update/> })}
                </div>
            }
            .into_any()
        })}
    }
}
