//! App-wide state, provided once by the app (`provide`) and read below it: the site, the page drawn, the
//! reader's preferences, the toast, and what a reader leaves behind on a page (scroll position, loaded
//! list pages, parts shown) so that coming back finds it as it was. Pages and parts read it; only the
//! routing layer says which page is drawn.

pub mod memory;
pub mod prefs;
pub mod site;
pub mod toast;

use crate::routes::Route;
use leptos::prelude::*;

/// The route of the page drawn now (it changes once the new page is ready, not when a link is clicked).
#[derive(Clone, Copy)]
pub struct Drawn(pub RwSignal<Route>);

/// Provides every piece of app-wide state as context; called once by the app.
pub fn provide(start: Route) {
    let prefs = prefs::Prefs::init();
    provide_context(prefs);
    provide_context(prefs.lang);
    provide_context(toast::Toast(RwSignal::new(None)));
    let site = site::SiteRes::load();
    provide_context(site);
    Effect::new(move |_| {
        if let Some(s) = site.get() {
            prefs.default_lang(&s.language);
        }
    });
    provide_context(Drawn(RwSignal::new(start)));
    provide_context(memory::Memory::new());
}
