//! The side widgets (新闻推荐, 相关新闻, …): which articles each kind lists, around an article or the home
//! city. The rules live here; the store runs the lists they ask for ([`Pick`]).

use crate::store::Pick;
use model::{Site, Widget, WidgetKind};

/// The ranking window of 热点排行.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Day,
    Week,
    Month,
    All,
}

impl Window {
    pub fn parse(s: &str) -> Option<Window> {
        match s {
            "24h" => Some(Window::Day),
            "7d" => Some(Window::Week),
            "30d" => Some(Window::Month),
            "all" => Some(Window::All),
            _ => None,
        }
    }
    fn hours(self) -> Option<i64> {
        match self {
            Window::Day => Some(24),
            Window::Week => Some(24 * 7),
            Window::Month => Some(24 * 30),
            Window::All => None,
        }
    }
}

pub fn default_limit(kind: WidgetKind) -> u32 {
    if kind == WidgetKind::GuessYouLike {
        24
    } else {
        6
    }
}

/// What a widget is built around: an article (id and channel) or, without one, the home city.
#[derive(Clone, Debug)]
pub struct Context {
    pub article: Option<(i64, String)>,
}

/// Not an article id: "leave nothing out".
const NO_ARTICLE: i64 = -1;

impl Context {
    /// The same place with no article left out: the answer every article of the channel can share.
    pub fn unexcluded(&self) -> Context {
        Context {
            article: self
                .article
                .as_ref()
                .map(|(_, ch)| (NO_ARTICLE, ch.clone())),
        }
    }

    pub fn exclude(&self) -> i64 {
        self.article.as_ref().map_or(NO_ARTICLE, |(id, _)| *id)
    }

    /// (region slug, city slug) of the context.
    fn place<'a>(&self, site: &'a Site) -> Option<(&'a str, &'a str)> {
        match &self.article {
            Some((_, ch)) => site
                .channel(ch)
                .map(|(r, c, _)| (r.slug.as_str(), c.slug.as_str())),
            None => {
                let city = site.home_city()?;
                site.city(&city.slug)
                    .map(|(r, c)| (r.slug.as_str(), c.slug.as_str()))
            }
        }
    }

    /// The article's channel, or every channel of the home city.
    fn own_channels(&self, site: &Site) -> Vec<String> {
        match &self.article {
            Some((_, ch)) => vec![ch.clone()],
            None => site
                .home_city()
                .map(|c| c.channels.iter().map(|c| c.slug.clone()).collect())
                .unwrap_or_default(),
        }
    }

    /// Channels of cities other than the context's, optionally only within (or outside) its region.
    fn other_city_channels(&self, site: &Site, region: RegionFilter) -> Vec<String> {
        let Some((my_region, my_city)) = self.place(site) else {
            return Vec::new();
        };
        site.regions
            .iter()
            .filter(|r| match region {
                RegionFilter::Any => true,
                RegionFilter::Same => r.slug == my_region,
                RegionFilter::Other => r.slug != my_region,
            })
            .flat_map(|r| r.cities.iter())
            .filter(|c| c.slug != my_city)
            .flat_map(|c| c.channels.iter().map(|ch| ch.slug.clone()))
            .collect()
    }
}

#[derive(Clone, Copy)]
enum RegionFilter {
    Any,
    Same,
    Other,
}

/// For kinds whose list is "a query, minus the context's article": what else the answer depends on. Such a
/// widget is built once (with one spare item) for every article that shares the key, and the article is
/// taken out afterwards, which gives exactly the list the query with `a.id != ?` would. 猜你喜欢 is shared
/// when the article is outside its window of the newest articles (then leaving it out changes nothing).
/// `None` for answers that depend on the article itself (相关新闻: nearest in time).
pub fn shared_key(
    kind: WidgetKind,
    ctx: &Context,
    window: Window,
    in_guess_window: bool,
) -> Option<String> {
    let channel = ctx.article.as_ref().map(|(_, ch)| ch.as_str());
    match kind {
        WidgetKind::HotRanking => Some(format!("hot-ranking:{window:?}")),
        WidgetKind::HotReading | WidgetKind::PictureHighlights => Some(kind.slug().to_owned()),
        WidgetKind::Recommended | WidgetKind::ChannelPicks | WidgetKind::Neighbourhood => {
            Some(format!("{}:{channel:?}", kind.slug()))
        }
        WidgetKind::GuessYouLike if ctx.article.is_some() && in_guess_window => None,
        WidgetKind::GuessYouLike => Some(kind.slug().to_owned()),
        WidgetKind::Related => None,
    }
}

/// The shared list for `key` (see [`shared_key`]) with the context's article taken out.
pub fn from_shared(shared: &Widget, ctx: &Context, limit: u32) -> Widget {
    // 热点排行 lists the article itself too.
    let exclude = if shared.kind == WidgetKind::HotRanking {
        NO_ARTICLE
    } else {
        ctx.exclude()
    };
    Widget {
        kind: shared.kind,
        title: shared.title.clone(),
        items: shared
            .items
            .iter()
            .filter(|a| a.id.0 as i64 != exclude)
            .take(limit as usize)
            .cloned()
            .collect(),
    }
}

/// The list a widget of `kind` shows around `ctx`.
pub fn pick(site: &Site, kind: WidgetKind, ctx: &Context, limit: u32, window: Window) -> Pick {
    let exclude = ctx.exclude();
    let newest = |channels: Vec<String>| Pick::Newest {
        channels,
        exclude,
        limit,
    };
    match kind {
        WidgetKind::Recommended => Pick::Recommended {
            channels: ctx.own_channels(site),
            exclude,
            limit,
        },
        WidgetKind::Related => match &ctx.article {
            Some((id, channel)) => Pick::Related {
                article: *id,
                channel: channel.clone(),
                limit,
            },
            None => Pick::Newest {
                channels: ctx.own_channels(site),
                exclude: NO_ARTICLE,
                limit,
            },
        },
        WidgetKind::GuessYouLike => Pick::Guess { exclude, limit },
        WidgetKind::ChannelPicks => newest(ctx.other_city_channels(site, RegionFilter::Any)),
        WidgetKind::PictureHighlights => Pick::Pictures { exclude, limit },
        WidgetKind::Neighbourhood => Pick::FirstNonEmpty(vec![
            newest(ctx.other_city_channels(site, RegionFilter::Same)),
            newest(ctx.other_city_channels(site, RegionFilter::Other)),
        ]),
        WidgetKind::HotReading => Pick::HotReading { exclude, limit },
        WidgetKind::HotRanking => {
            let ranked = |since_hour| Pick::HotRanking { since_hour, limit };
            match window.hours() {
                // A quiet site still shows a ranking: all-time views stand in for an empty window.
                Some(h) => Pick::FirstNonEmpty(vec![
                    ranked(crate::store::rows::current_hour() - h + 1),
                    ranked(i64::MIN),
                ]),
                None => ranked(i64::MIN),
            }
        }
    }
}

/// The first `limit` items of a list built for no article in particular or for this one.
pub fn cut(full: &Widget, limit: u32) -> Widget {
    Widget {
        kind: full.kind,
        title: full.title.clone(),
        items: full.items.iter().take(limit as usize).cloned().collect(),
    }
}

/// A widget of `kind` with the articles its list found.
pub fn widget(kind: WidgetKind, items: Vec<model::ArticleSummary>) -> Widget {
    Widget {
        kind,
        title: kind.title_zh().to_owned(),
        items,
    }
}
