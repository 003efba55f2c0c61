//! `GET /api/v1/comments/{id}`: one comment with the comments above it (`model::CommentTrail`), so a
//! link to a reply the app has not loaded can open the thread down to it.

use super::parse_id;
use super::reads::live_channel;
use super::Seg;
use crate::error::{AppError, AppResult};
use crate::respond::{json_read, Cache, Keys};
use crate::State;
use axum::extract::State as S;
use axum::http::HeaderMap;
use axum::response::Response;
use model::{ArticleId, CommentTrail};

pub async fn comment(S(s): S<State>, Seg(id): Seg, headers: HeaderMap) -> AppResult<Response> {
    let id = parse_id(&id).ok_or_else(|| {
        AppError::bad_request("评论编号必须是正整数 (a comment id is a positive integer)")
    })?;
    // Held, rejected, hidden and removed comments are answered like unknown ones: a link to one shows
    // nothing, and whether it exists is not said.
    let trail = s
        .store
        .comment_trail(id)
        .await?
        .ok_or_else(|| AppError::not_found("评论不存在 (no such comment)"))?;
    // A taken-down article's comments are gone with it (410), as its thread is.
    live_channel(s.store.article_state(trail.article).await?)?;
    let answer = CommentTrail {
        article_id: ArticleId(trail.article as u64),
        comment: trail.comment,
        ancestors: trail.ancestors,
    };
    Ok(json_read(
        &headers,
        &answer,
        Cache::Comments,
        &Keys::default().with(Keys::article(trail.article)),
    ))
}
