//! `GET /api/v1/tags/{tag}/articles` and `GET /api/v1/authors/{name}/articles`: the articles of a tag or
//! an author, newest first, paged like a channel (signed keyset cursors, `limit` 1–50), with the name and
//! the count the page shows above its list (`model::ListingPage`).

use super::{invalid_cursor, Params, Seg};
use crate::error::{AppError, AppResult};
use crate::respond::{json_cached, to_cached, Cache, Keys};
use crate::State;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::HeaderMap;
use axum::response::Response;
use model::listing::valid_name;
use model::{ListingKind, ListingPage};
use std::collections::HashMap;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

pub async fn tag_articles(
    S(s): S<State>,
    Seg(tag): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    listing(&s, ListingKind::Tag, tag, q, &headers).await
}

pub async fn author_articles(
    S(s): S<State>,
    Seg(name): Seg,
    q: Q,
    headers: HeaderMap,
) -> AppResult<Response> {
    listing(&s, ListingKind::Author, name, q, &headers).await
}

/// The 404 of a tag or author no published article carries.
pub fn unknown(kind: ListingKind) -> AppError {
    AppError::not_found(match kind {
        ListingKind::Tag => "没有这个标签的文章 (no article has this tag)",
        ListingKind::Author => "没有这位作者的文章 (no article is by this author)",
    })
}

/// The cursor scope of a listing: a cursor of one tag or author is refused on another's.
fn scope(kind: ListingKind, name: &str) -> String {
    match kind {
        ListingKind::Tag => format!("tag:{name}"),
        ListingKind::Author => format!("author:{name}"),
    }
}

async fn listing(
    s: &State,
    kind: ListingKind,
    name: String,
    q: Q,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let params = Params::from(q)?;
    let limit = params.limit(model::DEFAULT_LIMIT)?;
    let scope = scope(kind, &name);
    let after = match params.get("cursor") {
        None => None,
        Some(c) => Some(s.cursors.decode(&scope, c).ok_or_else(invalid_cursor)?),
    };
    // A name no article could carry is looked up nowhere (and keeps odd keys out of the cache).
    if !valid_name(&name) {
        return Err(unknown(kind));
    }
    let key = format!("{scope}:{after:?}:{limit}");
    // Any content change may add an article to a tag or take one away: every write notes `lists`.
    let keys = Keys::of(&[crate::keys::SITE, crate::keys::LISTS]);
    let page = s
        .cache
        .get_or_build(&key, &keys, || async {
            // One extra row tells whether there is a next page.
            let mut listed = s
                .store
                .listing_page(s.site(), kind, name.clone(), after, limit + 1)
                .await?;
            if listed.total == 0 {
                return Err(unknown(kind));
            }
            let next_cursor = if listed.rows.len() > limit as usize {
                listed.rows.truncate(limit as usize);
                listed
                    .rows
                    .last()
                    .map(|(a, t)| s.cursors.encode(&scope, *t, a.id.0 as i64))
            } else {
                None
            };
            to_cached(&ListingPage {
                kind,
                name,
                total: listed.total,
                items: listed.rows.into_iter().map(|(a, _)| a).collect(),
                next_cursor,
            })
        })
        .await?;
    Ok(json_cached(headers, &page, Cache::Content, &keys))
}
