//! Atom 1.0 (RFC 4287): `/feed.xml` and `/c/{slug}/feed.xml`.

use super::feed::{author, modified, Feed};
use super::html;
use super::xml::Xml;
use crate::error::AppError;
use crate::store::rows::rfc3339;
use time::OffsetDateTime;

pub fn write(feed: &Feed) -> Result<Vec<u8>, AppError> {
    let mut x = Xml::new()?;
    x.open(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &feed.language),
        ],
    )?;
    x.text("id", &feed.self_url)?;
    x.text("title", &feed.title)?;
    x.text("subtitle", &feed.description)?;
    // A feed without articles has not changed since the epoch.
    x.text(
        "updated",
        &rfc3339(feed.updated.unwrap_or(OffsetDateTime::UNIX_EPOCH))?,
    )?;
    x.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &feed.self_url),
        ],
    )?;
    x.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", &feed.page_url),
        ],
    )?;
    x.open("author", &[])?;
    x.text("name", &feed.publisher)?;
    x.close("author")?;
    x.text("generator", "Difang")?;
    for a in &feed.articles {
        let url = feed.article_url(a);
        x.open("entry", &[])?;
        x.text("id", &url)?;
        x.text("title", &a.title)?;
        x.text("updated", &rfc3339(modified(a))?)?;
        x.text("published", &rfc3339(a.published_at)?)?;
        x.empty(
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
        )?;
        x.open("author", &[])?;
        x.text("name", author(feed, a))?;
        x.close("author")?;
        x.empty(
            "category",
            &[("term", &a.channel.slug), ("label", &a.channel.name)],
        )?;
        x.text("summary", &a.excerpt)?;
        if feed.full_text {
            x.text_with(
                "content",
                &[("type", "html")],
                &html::body(&a.body, &feed.base),
            )?;
        }
        x.close("entry")?;
    }
    x.close("feed")?;
    Ok(x.finish())
}
