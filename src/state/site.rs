//! The site and its navigation tree (regions, cities, channels), loaded once for the whole app.

use crate::api::{self, Fetched};
use leptos::prelude::*;
use model::{paths, Site};

/// The site, read through one `Resource` for the whole app: the header, the pages (under `Suspense`)
/// and the head tags read the one answer, decoded once.
#[derive(Clone, Copy)]
pub struct SiteRes(pub Resource<Fetched>);

impl SiteRes {
    /// Starts loading the site (from the answers already held when it is there).
    pub fn load() -> SiteRes {
        SiteRes(api::resource(paths::site()))
    }

    /// The site once loaded (tracked, so a view that reads it redraws when it arrives).
    pub fn get(self) -> Option<Site> {
        self.0.get()?.ok()?.decode().ok()
    }
}
