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
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path,
};
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
    let site = api::resource(|| Some(paths::site()));
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
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Router set_is_routing>
            <ScrollKeeper/>
            // The whole frame is drawn again when the reader switches language (cached data, no refetch).
            {move || {
                let t = prefs.lang.get().t();
                view! {
                    <a class="skip-link" href="#main">{t.skip_to_main}</a>
                    <Show when=move || is_routing.get()>
                        <div class="route-progress" role="progressbar" data-testid="progress" aria-label=t.navigating></div>
                    </Show>
                    <Header/>
                    <main id="main" tabindex="-1">
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=|| lazy_part("page", When::Now, pages::home_part)/>
                            <Route path=path!("/c/:channel") view=|| lazy_part("page", When::Now, pages::channel_part)/>
                            <Route path=path!("/a/:id") view=ArticlePage/>
                            <Route path=path!("/p/:slug") view=|| lazy_part("page", When::Now, pages::place_part)/>
                        </Routes>
                    </main>
                    <footer class="site-footer">
                        <p>{t.footer}</p>
                    </footer>
                    <ToastView toast/>
                }
            }}
        </Router>
    }
}

/// Tells the scroll keeper about every route change (inside the router, where the location is known).
#[component]
fn ScrollKeeper() -> impl IntoView {
    let loc = use_location();
    Effect::new(move |_| {
        loc.pathname.track();
        loc.search.track();
        crate::scroll::on_route();
    });
}
