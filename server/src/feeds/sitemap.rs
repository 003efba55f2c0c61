//! Sitemaps (sitemaps.org 0.9): `/sitemap.xml`, an index of `/sitemap-pages.xml` (the home, channel, tag
//! and author pages) and of one `/sitemap-YYYY-MM.xml` per month of publication (UTC) listing that month's articles.

use super::answer::{answer, Doc, XML};
use super::xml::Xml;
use super::{base, failed, not_found};
use crate::error::AppError;
use crate::respond::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::State;
use axum::extract::State as S;
use axum::http::HeaderMap;
use axum::response::Response;
use model::listing::valid_name;
use model::ListingKind;
use time::{Date, Month, OffsetDateTime, Time};

pub const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The most URLs a sitemap may list (sitemaps.org); a month with more lists its newest this many.
pub const MAX_URLS: u32 = 50_000;

fn keys() -> Keys {
    Keys::of(&[crate::keys::SITE, crate::keys::LISTS])
}

/// `YYYY-MM` of `/sitemap-YYYY-MM.xml`, for any address of that shape (the fallback hands them here;
/// the pages' and the news sitemap have routes of their own).
pub fn month_path(path: &str) -> Option<&str> {
    path.strip_prefix("/sitemap-")?.strip_suffix(".xml")
}

/// The first and the next month's first instant of `YYYY-MM`, as UTC Unix nanoseconds.
fn month_range(key: &str) -> Option<(i64, i64)> {
    let b = key.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 7 || b[4] != b'-' || !digits(0..4) || !digits(5..7) {
        return None;
    }
    let year: i32 = key[..4].parse().ok()?;
    let month = Month::try_from(key[5..].parse::<u8>().ok()?).ok()?;
    let start = |y: i32, m: Month| {
        Date::from_calendar_date(y, m, 1)
            .ok()
            .map(|d| nanos(d.with_time(Time::MIDNIGHT).assume_utc()))
    };
    let from = start(year, month)?;
    let next = if month == Month::December {
        start(year + 1, Month::January)
    } else {
        start(year, month.next())
    };
    Some((from, next.unwrap_or(i64::MAX)))
}

fn url(x: &mut Xml, loc: &str, lastmod: Option<OffsetDateTime>) -> Result<(), AppError> {
    x.open("url", &[])?;
    x.text("loc", loc)?;
    if let Some(t) = lastmod {
        x.text("lastmod", &rfc3339(t)?)?;
    }
    x.close("url")
}

/// `/sitemap.xml`.
pub async fn index(S(s): S<State>, headers: HeaderMap) -> Response {
    let base = base(&s, &headers);
    let months = match s.store.months().await {
        Ok(m) => m,
        Err(e) => return failed(e),
    };
    let modified = months.iter().map(|m| m.modified).max();
    let written = (|| {
        let mut x = Xml::new()?;
        x.open("sitemapindex", &[("xmlns", NS)])?;
        let mut entry = |loc: String, lastmod: Option<OffsetDateTime>| {
            x.open("sitemap", &[])?;
            x.text("loc", &loc)?;
            if let Some(t) = lastmod {
                x.text("lastmod", &rfc3339(t)?)?;
            }
            x.close("sitemap")
        };
        entry(format!("{base}/sitemap-pages.xml"), modified)?;
        for m in &months {
            entry(format!("{base}/sitemap-{}.xml", m.key), Some(m.modified))?;
        }
        x.close("sitemapindex")?;
        Ok::<_, AppError>(x.finish())
    })();
    match written {
        Ok(body) => answer(
            &headers,
            Doc {
                body,
                content_type: XML,
                modified,
                keys: keys(),
            },
        ),
        Err(e) => failed(e),
    }
}

/// The tag and author pages a sitemap lists (those of published articles, the most recent first, at
/// most `room` in all), each with its newest article's publication.
async fn listings(
    s: &State,
    room: u32,
) -> Result<Vec<(ListingKind, String, OffsetDateTime)>, AppError> {
    let mut out = Vec::new();
    for kind in [ListingKind::Tag, ListingKind::Author] {
        let left = room.saturating_sub(out.len() as u32);
        if left == 0 {
            break;
        }
        for (name, newest) in s.store.listing_names(kind, left).await? {
            // A name whose page would be a 404 is not listed.
            if valid_name(&name) {
                out.push((kind, name, newest));
            }
        }
    }
    Ok(out)
}

/// `/sitemap-pages.xml`: the home page, every channel's page, and the pages of the tags and authors
/// of published articles.
pub async fn pages(S(s): S<State>, headers: HeaderMap) -> Response {
    let base = base(&s, &headers);
    let site = s.site();
    let modified = match s.store.months().await {
        Ok(m) => m.iter().map(|m| m.modified).max(),
        Err(e) => return failed(e),
    };
    let channels = site.channels().count() as u32;
    let listed = match listings(&s, MAX_URLS.saturating_sub(1 + channels)).await {
        Ok(l) => l,
        Err(e) => return failed(e),
    };
    let written = (|| {
        let mut x = Xml::new()?;
        x.open("urlset", &[("xmlns", NS)])?;
        url(&mut x, &format!("{base}/"), modified)?;
        for ch in site.channels() {
            url(
                &mut x,
                &format!("{base}/c/{}", model::paths::encode(&ch.slug)),
                None,
            )?;
        }
        // `ListingKind::page` percent-encodes the name, as the app's own links do.
        for (kind, name, newest) in &listed {
            url(&mut x, &format!("{base}{}", kind.page(name)), Some(*newest))?;
        }
        x.close("urlset")?;
        Ok::<_, AppError>(x.finish())
    })();
    match written {
        Ok(body) => answer(
            &headers,
            Doc {
                body,
                content_type: XML,
                modified,
                keys: keys(),
            },
        ),
        Err(e) => failed(e),
    }
}

/// `/sitemap-YYYY-MM.xml`; a malformed month, or one without articles, is a 404.
pub async fn month(s: &State, key: &str, headers: &HeaderMap) -> Response {
    let Some((from, until)) = month_range(key) else {
        return not_found();
    };
    let base = base(s, headers);
    let listed = match s.store.published_between(from, until, MAX_URLS).await {
        Ok(l) if l.is_empty() => return not_found(),
        Ok(l) => l,
        Err(e) => return failed(e),
    };
    let written = (|| {
        let mut x = Xml::new()?;
        x.open("urlset", &[("xmlns", NS)])?;
        for a in &listed {
            url(&mut x, &format!("{base}/a/{}", a.id), Some(a.modified()))?;
        }
        x.close("urlset")?;
        Ok::<_, AppError>(x.finish())
    })();
    match written {
        Ok(body) => answer(
            headers,
            Doc {
                body,
                content_type: XML,
                modified: listed.iter().map(|a| a.modified()).max(),
                keys: keys(),
            },
        ),
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_strictly() {
        assert!(month_range("2017-06").is_some());
        assert!(month_range("2017-12").is_some());
        for bad in [
            "2017-13",
            "2017-00",
            "2017-6",
            "17-06",
            "2017_06",
            "２０１７-06",
            "0000-01x",
            "",
        ] {
            assert_eq!(month_range(bad), None, "{bad}");
        }
        let (a, b) = month_range("2017-12").unwrap();
        assert_eq!(b - a, 31 * 24 * 3600 * 1_000_000_000);
    }
}
