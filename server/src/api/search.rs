//! `GET /api/v1/search?q=&channel=&from=&to=&cursor=&limit=`: published articles whose title or body holds
//! every word of `q`, title matches first, with highlights as structured spans (`model::search`).

use super::{invalid_cursor, Params};
use crate::error::{AppError, AppResult};
use crate::respond::{json_cached, to_cached, Cache, Keys};
use crate::store::nanos;
use crate::store::search::{SearchKey, SearchQuery};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::search::{highlight, snippet, terms, SearchHit, SearchPage};
use std::collections::HashMap;
use time::{Date, Duration, PrimitiveDateTime, Time, UtcOffset};

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

// The site's day: `from` and `to` are dates in China Standard Time, whatever offset an article was
// written with.
use model::search::SITE_OFFSET_HOURS;

/// The start (UTC Unix nanoseconds) of a `YYYY-MM-DD` day in the site's time zone; a 400 for anything else.
fn day_start(field: &str, raw: &str) -> AppResult<i64> {
    let bad = || {
        AppError::validation(
            field,
            format!("{field} 必须是 YYYY-MM-DD 日期 ({field} must be a date, YYYY-MM-DD)"),
        )
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if raw.len() != 10 {
        return Err(bad());
    }
    let date = Date::parse(raw, &format).map_err(|_| bad())?;
    let offset = UtcOffset::from_hms(SITE_OFFSET_HOURS, 0, 0).map_err(|_| bad())?;
    Ok(nanos(
        PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(offset),
    ))
}

const DAY_NS: i64 = Duration::DAY.whole_nanoseconds() as i64;

pub async fn search(S(s): S<State>, q: Q, headers: HeaderMap) -> AppResult<Response> {
    let params = Params::from(q)?;
    let words = terms(params.get("q").unwrap_or(""))
        .map_err(|e| AppError::validation("q", e.to_string()))?;
    let channel = params.get("channel").map(str::to_owned);
    let site = s.site();
    // An unknown channel is a 404, like its page: a search there could only ever be empty.
    if let Some(ch) = &channel {
        if site.channel(ch).is_none() {
            return Err(AppError::not_found("频道不存在 (no such channel)"));
        }
    }
    let from = params
        .get("from")
        .map(|d| day_start("from", d))
        .transpose()?;
    let to = params.get("to").map(|d| day_start("to", d)).transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(AppError::validation(
                "to",
                "to 不能早于 from (to must not be before from)",
            ));
        }
    }
    let limit = params.limit(model::DEFAULT_LIMIT)?;
    // The cursor is bound to the whole query: one from another search would skip or repeat results.
    let scope = format!(
        "search:{}\u{1f}{}\u{1f}{}\u{1f}{}",
        words.join("\u{1e}"),
        channel.as_deref().unwrap_or(""),
        params.get("from").unwrap_or(""),
        params.get("to").unwrap_or(""),
    );
    let after = match params.get("cursor") {
        None => None,
        Some(c) => {
            let [tier, published_ns, id] = s
                .cursors
                .decode_key::<3>(&scope, c)
                .ok_or_else(invalid_cursor)?;
            Some(SearchKey {
                tier,
                published_ns,
                id,
            })
        }
    };
    let query = words.join(" ");
    let key = format!("{scope}:{after:?}:{limit}");
    // Any content change may add or drop a result: every write notes `lists`.
    let keys = Keys::of(&["site", crate::keys::LISTS]);
    let body = s
        .cache
        .get_or_build(&key, &keys, || async {
            let (mut found, total) = s
                .store
                .search(
                    site,
                    SearchQuery {
                        terms: words.clone(),
                        channel,
                        from_ns: from,
                        until_ns: to.map(|t| t.saturating_add(DAY_NS)),
                        after,
                        limit: limit + 1,
                    },
                )
                .await?;
            // One extra row tells whether there is a next page.
            let next_cursor = if found.len() > limit as usize {
                found.truncate(limit as usize);
                found.last().map(|f| {
                    s.cursors
                        .encode_key(&scope, &[f.key.tier, f.key.published_ns, f.key.id])
                })
            } else {
                None
            };
            let items = found
                .into_iter()
                .map(|f| SearchHit {
                    title: highlight(&f.summary.title, &words),
                    snippet: snippet(&f.text, &words),
                    article: f.summary,
                })
                .collect();
            to_cached(&SearchPage {
                query,
                total,
                items,
                next_cursor,
            })
        })
        .await?;
    Ok(json_cached(&headers, &body, Cache::Content, &keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_in_the_site_time_zone() {
        // 2017-06-16 00:00 +08:00 is 2017-06-15 16:00 UTC.
        assert_eq!(
            day_start("from", "2017-06-16").unwrap(),
            1_497_542_400_000_000_000
        );
        for bad in ["2017-6-16", "2017-06-31", "20170616", "2017-06-16T00", "x"] {
            assert!(day_start("from", bad).is_err(), "{bad}");
        }
    }
}
