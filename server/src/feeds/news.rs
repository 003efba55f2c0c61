//! `/sitemap-news.xml`: the Google News sitemap of the articles published in the last two days (at most
//! 1,000, Google's limit), with the publication's name and language, each article's time and title.

use super::answer::{answer, Doc, XML};
use super::sitemap::NS;
use super::xml::Xml;
use super::{base, failed};
use crate::error::AppError;
use crate::respond::Keys;
use crate::store::rows::{nanos, rfc3339};
use crate::State;
use axum::extract::State as S;
use axum::http::HeaderMap;
use axum::response::Response;
use time::{Duration, OffsetDateTime};

pub const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// How far back the news sitemap reaches (Google News reads two days).
pub const WINDOW: Duration = Duration::days(2);

/// Google News wants an ISO 639 code, except `zh-cn` and `zh-tw` for the two Chinese scripts.
pub fn news_language(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    match tag.as_str() {
        "zh-cn" | "zh-hans" | "zh-hans-cn" | "zh-sg" => "zh-cn".into(),
        "zh-tw" | "zh-hant" | "zh-hant-tw" | "zh-hk" => "zh-tw".into(),
        _ => tag.split('-').next().unwrap_or("").to_owned(),
    }
}

pub async fn sitemap(S(s): S<State>, headers: HeaderMap) -> Response {
    let base = base(&s, &headers);
    let site = s.site();
    let since = nanos(OffsetDateTime::now_utc() - WINDOW);
    let listed = match s.store.published_between(since, i64::MAX, 1000).await {
        Ok(l) => l,
        Err(e) => return failed(e),
    };
    let language = news_language(&site.language);
    let written = (|| {
        let mut x = Xml::new()?;
        x.open("urlset", &[("xmlns", NS), ("xmlns:news", NEWS_NS)])?;
        for a in &listed {
            x.open("url", &[])?;
            x.text("loc", &format!("{base}/a/{}", a.id))?;
            x.open("news:news", &[])?;
            x.open("news:publication", &[])?;
            x.text("news:name", &site.name)?;
            x.text("news:language", &language)?;
            x.close("news:publication")?;
            x.text("news:publication_date", &rfc3339(a.published_at)?)?;
            x.text("news:title", &a.title)?;
            x.close("news:news")?;
            x.close("url")?;
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
                modified: listed.iter().map(|a| a.modified()).max(),
                keys: Keys::of(&[crate::keys::SITE, crate::keys::LISTS]),
            },
        ),
        Err(e) => failed(e),
    }
}
