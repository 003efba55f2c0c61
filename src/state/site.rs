//! The site and its navigation tree (regions, cities, channels), loaded once for the whole app.

use crate::api::{self, Res};
use model::{paths, Site};

#[derive(Clone, Copy)]
pub struct SiteRes(pub Res);

impl SiteRes {
    /// Starts loading the site (from the cache when it is there).
    pub fn load() -> SiteRes {
        SiteRes(api::resource(Some(paths::site())))
    }

    /// The site once loaded (tracked, so a view that reads it redraws when it arrives).
    pub fn get(self) -> Option<Site> {
        self.0.get()?.ok()?.decode().ok()
    }
}
