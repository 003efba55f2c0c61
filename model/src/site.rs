//! The site and its navigation tree (`GET /api/v1/site`): regions > cities > channels, and breadcrumbs.

use serde::{Deserialize, Serialize};

/// Everything the app needs before it can draw a header: names, language and the navigation tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    /// Display name, e.g. 地方网.
    pub name: String,
    /// BCP 47 tag of the content language, e.g. `zh-CN`; the app's default UI language.
    pub language: String,
    /// One-sentence description for `<meta name=description>` on the home page.
    pub description: String,
    /// Regions in display order; the first city of the first region is the home city.
    pub regions: Vec<Region>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Region {
    pub slug: String,
    /// e.g. 四川.
    pub name: String,
    pub cities: Vec<City>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub slug: String,
    /// e.g. 资阳市.
    pub name: String,
    /// The city's channel bar, in display order (资阳新闻, 安岳新闻, 乐至新闻).
    pub channels: Vec<SiteChannel>,
}

/// A channel as listed in the navigation tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteChannel {
    pub slug: String,
    /// e.g. 资阳新闻.
    pub name: String,
    /// The channel's line under its articles ("资阳新闻,讲述家乡的故事。…").
    pub tagline: String,
}

/// A channel named from an article or list item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRef {
    pub slug: String,
    pub name: String,
}

/// What a breadcrumb step points at; the app maps each kind to its own route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrumbKind {
    Site,
    Region,
    City,
    Channel,
}

/// One step of `地方网 > 四川 > 资阳市 > 资阳新闻`; the app adds the final `正文`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    pub kind: CrumbKind,
    /// Empty for the site step.
    pub slug: String,
    pub name: String,
}

impl Site {
    /// Finds a channel and the region and city it belongs to.
    pub fn channel(&self, slug: &str) -> Option<(&Region, &City, &SiteChannel)> {
        self.regions.iter().find_map(|r| {
            r.cities.iter().find_map(|c| {
                c.channels
                    .iter()
                    .find(|ch| ch.slug == slug)
                    .map(|ch| (r, c, ch))
            })
        })
    }

    /// Finds a city by slug with its region.
    pub fn city(&self, slug: &str) -> Option<(&Region, &City)> {
        self.regions
            .iter()
            .find_map(|r| r.cities.iter().find(|c| c.slug == slug).map(|c| (r, c)))
    }

    /// The breadcrumb down to a channel: site > region > city > channel.
    pub fn breadcrumb(&self, channel_slug: &str) -> Option<Vec<Crumb>> {
        let (region, city, channel) = self.channel(channel_slug)?;
        Some(vec![
            Crumb {
                kind: CrumbKind::Site,
                slug: String::new(),
                name: self.name.clone(),
            },
            Crumb {
                kind: CrumbKind::Region,
                slug: region.slug.clone(),
                name: region.name.clone(),
            },
            Crumb {
                kind: CrumbKind::City,
                slug: city.slug.clone(),
                name: city.name.clone(),
            },
            Crumb {
                kind: CrumbKind::Channel,
                slug: channel.slug.clone(),
                name: channel.name.clone(),
            },
        ])
    }

    /// Every channel in display order.
    pub fn channels(&self) -> impl Iterator<Item = &SiteChannel> {
        self.regions
            .iter()
            .flat_map(|r| r.cities.iter())
            .flat_map(|c| c.channels.iter())
    }

    /// The city whose channel bar the home page shows.
    pub fn home_city(&self) -> Option<&City> {
        self.regions.first().and_then(|r| r.cities.first())
    }
}
