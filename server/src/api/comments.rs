//! Comment endpoints: list a thread, post (idempotent, rate-limited, moderated), report.

use super::reads::live_channel;
use super::{invalid_cursor, parse_id, Params, Seg};
use crate::client::Client;
use crate::error::{AppError, AppResult};
use crate::respond::{json_read, json_write, Cache, Keys};
use crate::store::{article_not_found, NewPost};
use crate::State;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as S};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use model::comment::valid_idempotency_key;
use model::{CommentOrder, CommentPage, ErrorCode, NewComment};
use serde::Deserialize;
use std::collections::HashMap;

type Q = Result<Query<HashMap<String, String>>, QueryRejection>;

/// A published article's id: unknown is a 404, taken down a 410.
async fn require_article(s: &State, raw: &str) -> AppResult<i64> {
    let id = parse_id(raw).ok_or_else(article_not_found)?;
    live_channel(s.store.article_state(id).await?)?;
    Ok(id)
}

/// `require_article` where writes go: a post should not queue behind slow reads (with SQLite the writer
/// is only shared with other posts and the view flush).
async fn require_article_for_write(s: &State, raw: &str) -> AppResult<i64> {
    let id = parse_id(raw).ok_or_else(article_not_found)?;
    live_channel(s.store.article_state_for_write(id).await?)?;
    Ok(id)
}

pub async fn list(S(s): S<State>, Seg(id): Seg, q: Q, headers: HeaderMap) -> AppResult<Response> {
    let params = Params::from(q)?;
    let article = require_article(&s, &id).await?;
    let order = match params.get("order") {
        None | Some("newest") => CommentOrder::Newest,
        Some("oldest") => CommentOrder::Oldest,
        Some(_) => {
            return Err(AppError::bad_request(
                "order 只能是 newest 或 oldest (order must be newest or oldest)",
            ))
        }
    };
    let parent = match params.get("parent") {
        None => 0,
        Some(p) => {
            let p = parse_id(p).ok_or_else(|| {
                AppError::bad_request("parent 必须是评论编号 (parent must be a comment id)")
            })?;
            // A hidden or removed comment's replies are still listed under its tombstone.
            if !s.store.comment_listed(article, p).await? {
                return Err(AppError::not_found(
                    "评论不存在 (no such comment in this article)",
                ));
            }
            p
        }
    };
    let limit = params.limit(model::DEFAULT_LIMIT)?;
    let scope = format!("comments:{article}:{parent}:{order:?}");
    let after = match params.get("cursor") {
        None => None,
        Some(c) => Some(s.cursors.decode(&scope, c).ok_or_else(invalid_cursor)?),
    };
    let (mut rows, total) = s
        .store
        .comments(article, parent, order, after, limit + 1)
        .await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|(c, t)| s.cursors.encode(&scope, *t, c.id.0 as i64))
    } else {
        None
    };
    let (article_total, closed) = if parent == 0 {
        let (total, open) = s.store.article_thread(article).await?;
        (Some(total), !open)
    } else {
        (None, false)
    };
    let page = CommentPage {
        items: rows.into_iter().map(|(c, _)| c).collect(),
        next_cursor,
        total,
        article_total,
        closed,
    };
    Ok(json_read(
        &headers,
        &page,
        Cache::Comments,
        &Keys::default().with(Keys::article(article)),
    ))
}

/// True for `application/json` and `application/*+json`, with any parameters.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let mime = v
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
}

fn unsupported() -> AppError {
    AppError::new(
        ErrorCode::UnsupportedMediaType,
        "请求内容必须是 JSON (Content-Type must be application/json)",
    )
}

fn bad_json(e: serde_json::Error) -> AppError {
    AppError::bad_request(format!("请求内容不是有效的 JSON ({e})"))
}

pub async fn create(
    S(s): S<State>,
    Client(reader): Client,
    Seg(id): Seg,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    let article = require_article_for_write(&s, &id).await?;
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_idempotency_key(k))
        .ok_or_else(|| {
            AppError::bad_request(
                "需要 Idempotency-Key 请求头:8–100 个字母、数字、- 或 _ (Idempotency-Key header is required: 8–100 of [A-Za-z0-9_-])",
            )
        })?
        .to_owned();
    if !is_json(&headers) {
        return Err(unsupported());
    }
    let posted: NewComment = serde_json::from_slice(&body).map_err(bad_json)?;
    let comment = posted
        .validate()
        .map_err(|e| AppError::validation(e.field, e.message))?;
    // An address a moderator blocked posts nothing until the block ends.
    if let Some(until) = s
        .store
        .blocked(
            &reader.to_string(),
            crate::store::nanos(time::OffsetDateTime::now_utc()),
        )
        .await?
    {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            format!(
                "你的地址暂时不能发表评论,至 {until} (this address may not comment until {until})"
            ),
        ));
    }
    let limiter = s.limiter.clone();
    let post = NewPost {
        article,
        parent: comment.parent_id.map(|p| i64::try_from(p.0).unwrap_or(-1)),
        author: comment.author,
        text: comment.text,
        key,
        client: reader.to_string(),
        moderation: s.config.moderation,
        by_desk: false,
    };
    let result = s
        .store
        .post_comment(post, Box::new(move || limiter.acquire(reader)))
        .await?;
    // The article's comment count and its thread changed (the store noted it; a comment held for
    // moderation changes neither).
    if result.status == 201 && !s.config.moderation {
        s.wrote(&Keys::default().with(Keys::article(article)))
            .await?;
    }
    Ok(json_write(
        StatusCode::from_u16(result.status).unwrap_or(StatusCode::CREATED),
        result.body,
    ))
}

/// A report's body: a JSON object, `{}` or `{"reason": "…"}`.
#[derive(Deserialize)]
struct Report {
    #[serde(default)]
    reason: Option<String>,
}

pub const REPORT_REASON_MAX_CHARS: usize = 500;

pub async fn report(
    S(s): S<State>,
    Client(reader): Client,
    Seg(id): Seg,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    // A pending comment is answered exactly like an unknown one: its existence is not public yet.
    let not_found = || AppError::not_found("评论不存在 (no such comment)");
    let id = parse_id(&id).ok_or_else(not_found)?;
    // A JSON content type cannot be sent by a plain cross-site form without a CORS preflight.
    if !is_json(&headers) {
        return Err(unsupported());
    }
    // An object, not any JSON that serde could read into the struct (`[]` would be an empty report).
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&body).map_err(bad_json)?;
    let r: Report = serde_json::from_value(serde_json::Value::Object(object)).map_err(bad_json)?;
    let reason = r
        .reason
        .map(|r| model::comment::clean(&r, true))
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        let n = r.chars().count();
        if n > REPORT_REASON_MAX_CHARS {
            return Err(AppError::validation(
                "reason",
                format!("举报理由最多{REPORT_REASON_MAX_CHARS}个字 (reason is {n} characters; at most {REPORT_REASON_MAX_CHARS})"),
            ));
        }
    }
    // Counted before the lookup, so probing ids costs as much as reporting.
    s.report_limiter.acquire(reader).map_err(|wait| {
        let mut e = model::ApiError::new(
            ErrorCode::RateLimited,
            format!("举报太频繁,请{wait}秒后再试 (too many reports; retry in {wait} s)"),
        );
        e.error.retry_after = Some(wait);
        AppError::Api(e)
    })?;
    if !s.store.comment_published(None, id).await? {
        return Err(not_found());
    }
    s.store.report(id, reason, reader.to_string()).await?;
    Ok(json_write(
        StatusCode::ACCEPTED,
        br#"{"status":"received"}"#.to_vec(),
    ))
}
