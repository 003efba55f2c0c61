//! Article queries: one article, channel pages, summaries for widgets, and view counting.

use crate::error::{AppError, AppResult};
use model::{Article, ArticleId, ArticleSummary, Block, ChannelRef, Image, SafeUrl, Site};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Columns every summary query selects, in the order [`row_summary`] reads them.
pub const COLS: &str =
    "a.id, a.channel, a.title, a.source, a.published_at, a.excerpt, a.lead_image, a.comment_count, a.published_ns";

pub fn channel_ref(site: &Site, slug: &str) -> ChannelRef {
    let name = site
        .channel(slug)
        .map(|(_, _, c)| c.name.clone())
        .unwrap_or_else(|| slug.to_owned());
    ChannelRef {
        slug: slug.to_owned(),
        name,
    }
}

fn bad_data(e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.to_string().into())
}

pub fn parse_time(s: &str) -> rusqlite::Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(bad_data)
}

fn parse_image(s: Option<String>) -> rusqlite::Result<Option<Image>> {
    s.map(|s| serde_json::from_str(&s).map_err(bad_data))
        .transpose()
}

/// A summary and its sort key (published_ns).
pub fn row_summary(site: &Site, row: &Row) -> rusqlite::Result<(ArticleSummary, i64)> {
    let channel: String = row.get(1)?;
    Ok((
        ArticleSummary {
            id: ArticleId(row.get::<_, i64>(0)? as u64),
            title: row.get(2)?,
            channel: channel_ref(site, &channel),
            published_at: parse_time(&row.get::<_, String>(4)?)?,
            source: row.get(3)?,
            excerpt: row.get(5)?,
            image: parse_image(row.get(6)?)?,
            comment_count: row.get::<_, i64>(7)?.clamp(0, u32::MAX as i64) as u32,
            views: None,
        },
        row.get(8)?,
    ))
}

/// Runs a query selecting [`COLS`] (and optionally a views column after them).
pub fn summaries(
    site: &Site,
    conn: &Connection,
    sql: &str,
    args: Vec<Value>,
) -> AppResult<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let with_views = stmt.column_count() > 9;
    let rows = stmt.query_map(params_from_iter(args), |row| {
        let (mut s, _) = row_summary(site, row)?;
        if with_views {
            s.views = Some(row.get::<_, i64>(9)?.max(0) as u64);
        }
        Ok(s)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn article(site: &Site, conn: &Connection, id: i64) -> AppResult<Option<Article>> {
    let row = conn
        .query_row(
            "SELECT channel, title, source, published_at, origin_url, lead_image, excerpt, body, comment_count
             FROM articles WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            },
        )
        .optional()?;
    let Some((channel, title, source, published, origin, image, excerpt, body, comments)) = row
    else {
        return Ok(None);
    };
    let internal = |e: String| AppError::Internal(format!("article {id}: {e}"));
    Ok(Some(Article {
        id: ArticleId(id as u64),
        title,
        source,
        published_at: parse_time(&published)?,
        origin_url: origin
            .map(|u| SafeUrl::parse(&u))
            .transpose()
            .map_err(|e| internal(e.to_string()))?,
        breadcrumb: site.breadcrumb(&channel).unwrap_or_default(),
        channel: channel_ref(site, &channel),
        lead_image: parse_image(image)?,
        excerpt,
        body: serde_json::from_str::<Vec<Block>>(&body).map_err(|e| internal(e.to_string()))?,
        comment_count: comments.clamp(0, u32::MAX as i64) as u32,
    }))
}

/// The channel an article belongs to, if the article exists.
pub fn channel_of(conn: &Connection, id: i64) -> AppResult<Option<String>> {
    Ok(conn
        .query_row("SELECT channel FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// One page of a channel, newest first, strictly after the `(published_ns, id)` key `after`.
pub fn channel_page(
    site: &Site,
    conn: &Connection,
    channel: &str,
    after: Option<(i64, i64)>,
    limit: u32,
) -> AppResult<Vec<(ArticleSummary, i64)>> {
    let (sql, args): (String, Vec<Value>) = match after {
        None => (
            format!("SELECT {COLS} FROM articles a WHERE a.channel = ?1 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?2"),
            vec![channel.to_owned().into(), (limit as i64).into()],
        ),
        Some((t, id)) => (
            format!(
                "SELECT {COLS} FROM articles a WHERE a.channel = ?1 AND (a.published_ns, a.id) < (?2, ?3)
                 ORDER BY a.published_ns DESC, a.id DESC LIMIT ?4"
            ),
            vec![channel.to_owned().into(), t.into(), id.into(), (limit as i64).into()],
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |r| row_summary(site, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts one view in the current hour's bucket.
pub fn record_view(conn: &Connection, id: i64) -> AppResult<()> {
    let hour = OffsetDateTime::now_utc().unix_timestamp() / 3600;
    conn.prepare_cached(
        "INSERT INTO article_views (article_id, hour, views) VALUES (?1, ?2, 1)
         ON CONFLICT(article_id, hour) DO UPDATE SET views = views + 1",
    )?
    .execute(params![id, hour])?;
    Ok(())
}
