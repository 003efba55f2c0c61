//! `POST /api/v1/articles/{id}/view`: the beacon a page sends when it shows an article. Views are counted
//! here rather than on the article's GET, so a page or answer served from a CDN's or the service worker's
//! cache still counts. Once per reader (client address; an IPv6 /64) per article per hour, in memory,
//! written in batches (`views.rs`).

use super::reads::live_channel;
use super::{parse_id, Seg};
use crate::client::Client;
use crate::error::AppResult;
use crate::store::article_not_found;
use crate::State;
use axum::extract::State as S;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn count(S(s): S<State>, Client(reader): Client, Seg(id): Seg) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(article_not_found)?;
    // A reader counted this hour costs nothing more; anyone else's view is of an article that exists.
    if !s.views.counted(reader, id) {
        live_channel(s.store.article_state(id).await?)?;
        s.views.record(reader, id);
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
