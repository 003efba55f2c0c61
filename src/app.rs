//! The router and the page frame (skip link, header, main, footer); nothing else.

use crate::api::{self, Res};
use crate::components::{
    header::Header,
    not_found::NotFound,
    toast::{Toast, ToastView},
};
use crate::lazy::{lazy_part, When};
use crate::pages::{self, article::ArticlePage};
use crate::prefs::Prefs;
use crate::router::{route_of, Nav};
use crate::routes::Route;
use leptos::prelude::*;
use model::{paths, Site};

/// The site and navigation tree, loaded once for the whole app.
#[derive(Clone, Copy)]
pub struct SiteRes(pub Res);

impl SiteRes {
    /// The site once loaded (tracked, so a view that reads it redraws when it arrives).
    pub fn get(self) -> Option<Site> {
        self.0.get()?.ok()?.decode().ok()
    }
}

/// Which city's channel bar the header shows and which channel is current; set by the pages.
#[derive(Clone, Copy)]
pub struct NavState {
    pub city: RwSignal<Option<String>>,
    pub channel: RwSignal<Option<String>>,
}

impl NavState {
    /// Sets both, notifying only on a change (the header's bar is not redrawn for nothing).
    pub fn set(self, city: Option<String>, channel: Option<String>) {
        if self.city.get_untracked() != city {
            self.city.set(city);
        }
        if self.channel.get_untracked() != channel {
            self.channel.set(channel);
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
    let prefs = Prefs::init();
    provide_context(prefs);
    let toast = Toast(RwSignal::new(None));
    provide_context(toast);
    let site = api::resource(Some(paths::site()));
    provide_context(SiteRes(site));
    provide_context(NavState {
        city: RwSignal::new(None),
        channel: RwSignal::new(None),
    });
    Effect::new(move |_| {
        if let Some(s) = SiteRes(site).get() {
            prefs.default_lang(&s.language);
        }
    });
    let nav = Nav::install();
    provide_context(nav);
    // The whole frame is drawn again when the reader switches language (cached data, no refetch).
    move || {
        let t = prefs.lang.get().t();
        view! {
            <a class="skip-link" href="#main">{t.skip_to_main}</a>
            <Show when=move || nav.routing.get()>
                <div class="route-progress" role="progressbar" data-testid="progress" aria-label=t.navigating></div>
            </Show>
            <Header/>
            <main id="main" tabindex="-1">
                {move || page(route_of(&nav.shown.get()))}
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
            </footer>
            <ToastView toast/>
        }
    }
}

/// The page for a route; pages other than the article's load their code with them.
fn page(route: Route) -> AnyView {
    match route {
        Route::Home => lazy_part("page", When::Now, pages::home_part).into_any(),
        Route::Channel(slug) => {
            lazy_part("page", When::Now, move || pages::channel_part(slug.clone())).into_any()
        }
        Route::Article(id) => view! { <ArticlePage id/> }.into_any(),
        Route::Place(slug) => {
            lazy_part("page", When::Now, move || pages::place_part(slug.clone())).into_any()
        }
        Route::NotFound => view! { <NotFound/> }.into_any(),
    }
}
