//! The page frame around every route: skip link, progress bar, header, `<main>`, footer and toast.

pub mod header;

use crate::components::toast::ToastView;
use crate::i18n::Lang;
use crate::routing::Navigation;
use crate::state::toast::Toast;
use header::Header;
use leptos::prelude::*;

/// The frame with `children` (the routes) in `<main>`. The frame is drawn again when the reader switches
/// language (from cached data, no refetch); the routes inside keep their page.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let lang = expect_context::<RwSignal<Lang>>();
    let nav = expect_context::<Navigation>();
    let toast = expect_context::<Toast>();
    let t = move || lang.get().t();
    view! {
        <a class="skip-link" href="#main">{move || t().skip_to_main}</a>
        <Show when=move || nav.preparing.get()>
            <div class="route-progress" role="progressbar" data-testid="progress" aria-label=move || t().navigating></div>
        </Show>
        {move || {
            lang.track();
            view! { <Header/> }
        }}
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{move || t().footer}</p>
        </footer>
        <ToastView toast/>
    }
}
