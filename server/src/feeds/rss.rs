//! RSS 2.0: `/rss.xml` and `/c/{slug}/rss.xml`. Dates are RFC 822 (with four-digit years, as RFC 2822
//! writes them); the writer is `dc:creator` (RSS's own `author` must be an e-mail address); the whole
//! text, when given, is `content:encoded`.

use super::feed::{author, Feed};
use super::html;
use super::xml::Xml;
use crate::error::AppError;
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

fn date(t: OffsetDateTime) -> Result<String, AppError> {
    t.format(&Rfc2822)
        .map_err(|e| AppError::Internal(format!("RFC 2822 date: {e}")))
}

pub fn write(feed: &Feed) -> Result<Vec<u8>, AppError> {
    let mut x = Xml::new()?;
    x.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
        ],
    )?;
    x.open("channel", &[])?;
    x.text("title", &feed.title)?;
    x.text("link", &feed.page_url)?;
    x.text("description", &feed.description)?;
    x.text("language", &feed.language)?;
    if let Some(t) = feed.updated {
        x.text("lastBuildDate", &date(t)?)?;
    }
    x.empty(
        "atom:link",
        &[
            ("href", &feed.self_url),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )?;
    x.text("generator", "Difang")?;
    for a in &feed.articles {
        let url = feed.article_url(a);
        x.open("item", &[])?;
        x.text("title", &a.title)?;
        x.text("link", &url)?;
        x.text_with("guid", &[("isPermaLink", "true")], &url)?;
        x.text("pubDate", &date(a.published_at)?)?;
        x.text("dc:creator", author(feed, a))?;
        x.text("category", &a.channel.name)?;
        x.text("description", &a.excerpt)?;
        if feed.full_text {
            x.text("content:encoded", &html::body(&a.body, &feed.base))?;
        }
        x.close("item")?;
    }
    x.close("channel")?;
    x.close("rss")?;
    Ok(x.finish())
}
