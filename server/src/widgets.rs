//! The side widgets (新闻推荐, 相关新闻, …): which articles each kind lists, around an article or the home city.

use crate::articles::{summaries, COLS};
use crate::error::AppResult;
use model::{Site, Widget, WidgetKind};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

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
pub struct Context {
    pub article: Option<(i64, String)>,
}

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

fn slugs(list: Vec<String>) -> Vec<Value> {
    list.into_iter().map(Value::from).collect()
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

fn newest_in(
    site: &Site,
    conn: &Connection,
    channels: Vec<String>,
    exclude: i64,
    extra: &str,
    limit: u32,
) -> AppResult<Vec<model::ArticleSummary>> {
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLS} FROM articles a WHERE a.channel IN ({}) AND a.id != ? {extra}
         ORDER BY a.published_ns DESC, a.id DESC LIMIT ?",
        placeholders(channels.len())
    );
    let mut args = slugs(channels);
    args.push(exclude.into());
    args.push((limit as i64).into());
    summaries(site, conn, &sql, args)
}

/// For kinds whose list is "a query, minus the context's article": what else the answer depends on. Such a
/// widget is built once (with one spare item) for every article that shares the key, and the article is
/// taken out afterwards, which gives exactly the list the query with `a.id != ?` would. 猜你喜欢 is shared
/// when the article is outside its window of the newest articles (then leaving it out changes nothing).
/// `None` for answers that depend on the article itself (相关新闻: nearest in time).
pub fn shared_key(
    conn: &Connection,
    kind: WidgetKind,
    ctx: &Context,
    window: Window,
) -> AppResult<Option<String>> {
    let channel = ctx.article.as_ref().map(|(_, ch)| ch.as_str());
    Ok(match kind {
        WidgetKind::HotRanking => Some(format!("hot-ranking:{window:?}")),
        WidgetKind::HotReading | WidgetKind::PictureHighlights => Some(kind.slug().to_owned()),
        WidgetKind::Recommended | WidgetKind::ChannelPicks | WidgetKind::Neighbourhood => {
            Some(format!("{}:{channel:?}", kind.slug()))
        }
        WidgetKind::GuessYouLike => match &ctx.article {
            Some((id, _)) if in_guess_window(conn, *id)? => None,
            _ => Some(kind.slug().to_owned()),
        },
        WidgetKind::Related => None,
    })
}

/// Articles 猜你喜欢 picks from: the newest this many.
const GUESS_WINDOW: i64 = 2000;

/// True if `id` is among the newest [`GUESS_WINDOW`] articles (fewer than that many are newer). Two
/// steps, so the count is a range scan of the `articles_time` index (a row value compared with a subquery
/// is not).
fn in_guess_window(conn: &Connection, id: i64) -> AppResult<bool> {
    let Some(t) = conn
        .prepare_cached("SELECT published_ns FROM articles WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, i64>(0))
        .optional()?
    else {
        return Ok(false);
    };
    let newer: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM (SELECT 1 FROM articles
               WHERE published_ns > ?1 OR (published_ns = ?1 AND id > ?2) LIMIT ?3)",
        )?
        .query_row(rusqlite::params![t, id, GUESS_WINDOW], |r| r.get(0))?;
    Ok(newer < GUESS_WINDOW)
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

pub fn build(
    site: &Site,
    conn: &Connection,
    kind: WidgetKind,
    ctx: &Context,
    limit: u32,
    window: Window,
) -> AppResult<Widget> {
    let ex = exclude_value(ctx);
    let lim = Value::from(limit as i64);
    let items = match kind {
        WidgetKind::Recommended => {
            let channels = ctx.own_channels(site);
            let sql = format!(
                "SELECT {COLS} FROM articles a WHERE a.channel IN ({}) AND a.id != ?
                   AND (a.recommended = 1 OR a.lead_image IS NOT NULL)
                 ORDER BY a.recommended DESC, a.published_ns DESC, a.id DESC LIMIT ?",
                placeholders(channels.len().max(1))
            );
            let mut args = slugs(if channels.is_empty() {
                vec![String::new()]
            } else {
                channels
            });
            args.extend([ex, lim]);
            summaries(site, conn, &sql, args)?
        }
        WidgetKind::Related => match &ctx.article {
            Some((id, channel)) => {
                let sql = format!(
                    "SELECT {COLS} FROM articles a, (SELECT published_ns AS t FROM articles WHERE id = ?2) me
                     WHERE a.channel = ?1 AND a.id != ?2
                     ORDER BY ABS(a.published_ns - me.t), a.published_ns DESC, a.id DESC LIMIT ?3"
                );
                summaries(
                    site,
                    conn,
                    &sql,
                    vec![channel.clone().into(), (*id).into(), lim],
                )?
            }
            None => newest_in(site, conn, ctx.own_channels(site), -1, "", limit)?,
        },
        WidgetKind::GuessYouLike => {
            // Round-robin over channels (each channel's newest first, then each one's second, …) among the
            // newest 2,000 articles, so the app has candidates from every channel to rank.
            let sql = format!(
                "SELECT {COLS} FROM (
                   SELECT *, ROW_NUMBER() OVER (PARTITION BY channel ORDER BY published_ns DESC, id DESC) AS rn
                   FROM (SELECT * FROM articles WHERE id != ? ORDER BY published_ns DESC, id DESC LIMIT {GUESS_WINDOW})
                 ) a
                 ORDER BY a.rn, a.published_ns DESC, a.id DESC LIMIT ?"
            );
            summaries(site, conn, &sql, vec![ex, lim])?
        }
        WidgetKind::ChannelPicks => newest_in(
            site,
            conn,
            ctx.other_city_channels(site, RegionFilter::Any),
            ctx.exclude(),
            "",
            limit,
        )?,
        WidgetKind::PictureHighlights => {
            let sql = format!(
                "SELECT {COLS} FROM articles a WHERE a.lead_image IS NOT NULL AND a.id != ?
                 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?"
            );
            summaries(site, conn, &sql, vec![ex, lim])?
        }
        WidgetKind::Neighbourhood => {
            let near = newest_in(
                site,
                conn,
                ctx.other_city_channels(site, RegionFilter::Same),
                ctx.exclude(),
                "",
                limit,
            )?;
            if near.is_empty() {
                newest_in(
                    site,
                    conn,
                    ctx.other_city_channels(site, RegionFilter::Other),
                    ctx.exclude(),
                    "",
                    limit,
                )?
            } else {
                near
            }
        }
        WidgetKind::HotReading => {
            let sql = format!(
                "SELECT {COLS} FROM articles a
                 JOIN (SELECT article_id, SUM(views) AS total FROM article_views GROUP BY article_id) v
                   ON v.article_id = a.id
                 WHERE a.id != ? ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT ?"
            );
            summaries(site, conn, &sql, vec![ex, lim])?
        }
        WidgetKind::HotRanking => {
            let since = window.hours().map_or(i64::MIN, |h| {
                time::OffsetDateTime::now_utc().unix_timestamp() / 3600 - h + 1
            });
            let sql = format!(
                "SELECT {COLS}, v.total FROM articles a
                 JOIN (SELECT article_id, SUM(views) AS total FROM article_views WHERE hour >= ? GROUP BY article_id) v
                   ON v.article_id = a.id
                 ORDER BY v.total DESC, a.published_ns DESC, a.id DESC LIMIT ?"
            );
            let ranked = summaries(site, conn, &sql, vec![since.into(), lim.clone()])?;
            if ranked.is_empty() && window != Window::All {
                // A quiet site still shows a ranking: all-time views stand in for an empty window.
                summaries(site, conn, &sql, vec![i64::MIN.into(), lim])?
            } else {
                ranked
            }
        }
    };
    Ok(Widget {
        kind,
        title: kind.title_zh().to_owned(),
        items,
    })
}

fn exclude_value(ctx: &Context) -> Value {
    Value::from(ctx.exclude())
}
