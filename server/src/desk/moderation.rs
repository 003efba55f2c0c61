//! The desk's JSON for its screens: counts, the queue of pending comments, reports, the actions on a
//! comment (approve, reject, dismiss its reports, block its address), the audit log. Every request
//! needs a session (401); actions need a moderator or an admin (403) and the session's CSRF token in
//! `X-CSRF-Token` (403).

use crate::desk::accounts::Role;
use crate::desk::session::{self, Session};
use crate::error::{AppError, AppResult};
use crate::keys::Keys;
use crate::store::{Takedown, Verdict};
use crate::State;
use axum::extract::{FromRequestParts, Path, Query, State as S};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use model::ErrorCode;
use serde::Deserialize;

/// The logged-in account of a desk request; 401 without one.
pub struct Desk(pub Session);

impl FromRequestParts<State> for Desk {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, AppError> {
        session::current(state, &parts.headers)
            .await?
            .map(Desk)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Unauthorized,
                    "请先登录编辑台 (log in at /desk/login)",
                )
            })
    }
}

impl Desk {
    /// 403 unless the account has one of `roles`.
    pub(super) fn may(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::Forbidden,
                format!("账号无此权限 (a {} may not do this)", self.0.role.as_str()),
            ))
        }
    }

    /// 403 unless the request carries the session's CSRF token.
    pub(super) fn csrf(&self, parts: &axum::http::HeaderMap) -> AppResult<()> {
        let sent = parts.get("x-csrf-token").and_then(|v| v.to_str().ok());
        if session::csrf_ok(&self.0, sent) {
            Ok(())
        } else {
            Err(AppError::new(
                ErrorCode::Forbidden,
                "缺少或错误的 CSRF 令牌 (missing or wrong X-CSRF-Token)",
            ))
        }
    }
}

pub(super) fn private_json(value: impl serde::Serialize) -> Response {
    let mut res = axum::Json(value).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[derive(Deserialize)]
pub struct Limit {
    pub(super) limit: Option<u32>,
}

impl Limit {
    pub(super) fn get(&self) -> AppResult<u32> {
        match self.limit {
            None => Ok(50),
            Some(n @ 1..=200) => Ok(n),
            Some(_) => Err(AppError::validation(
                "limit",
                "limit 为 1–200 (limit is 1–200)",
            )),
        }
    }
}

/// When today began for the site's readers (China Standard Time, UTC+8).
fn day_start_ns() -> i64 {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let now = time::OffsetDateTime::now_utc().to_offset(offset);
    crate::store::nanos(now.replace_time(time::Time::MIDNIGHT))
}

/// `GET /api/v1/desk/summary` → pending, reported, today.
pub async fn summary(S(s): S<State>, _desk: Desk) -> AppResult<Response> {
    Ok(private_json(s.store.desk_counts(day_start_ns()).await?))
}

/// `GET /api/v1/desk/queue?limit=` → pending comments, oldest first.
pub async fn queue(S(s): S<State>, _desk: Desk, Query(l): Query<Limit>) -> AppResult<Response> {
    Ok(private_json(
        serde_json::json!({ "items": s.store.queue(l.get()?).await? }),
    ))
}

/// `GET /api/v1/desk/audit?limit=` → the newest actions first.
pub async fn audit(S(s): S<State>, _desk: Desk, Query(l): Query<Limit>) -> AppResult<Response> {
    Ok(private_json(
        serde_json::json!({ "items": s.store.audit(l.get()?).await? }),
    ))
}

/// `GET /api/v1/desk/reports?limit=` → reported comments with their counts and reasons.
pub async fn reports(S(s): S<State>, _desk: Desk, Query(l): Query<Limit>) -> AppResult<Response> {
    Ok(private_json(
        serde_json::json!({ "items": s.store.reports(l.get()?).await? }),
    ))
}

#[derive(Deserialize)]
pub struct Hours {
    hours: Option<u32>,
}

/// The longest block: 30 days.
pub const BLOCK_HOURS_MAX: u32 = 720;

/// The optional body of `approve`: a reply the desk posts under the approved comment.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    reply: String,
}

/// `POST /api/v1/desk/comments/{id}/{action}`: `approve` (with an optional `{"reply": text}`), `reject`
/// (a pending comment), `dismiss` (its reports), `block?hours=1..720` (its author's address; default
/// 24), `hide` / `restore` / `remove` (a comment readers see: a tombstone, back, erased for good).
/// Moderators and admins, with the session's CSRF token.
pub async fn act(
    S(s): S<State>,
    desk: Desk,
    Path((id, action)): Path<(String, String)>,
    Query(h): Query<Hours>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> AppResult<Response> {
    let takedown = Takedown::parse(&action);
    if takedown.is_none() && !matches!(action.as_str(), "approve" | "reject" | "dismiss" | "block")
    {
        return Err(AppError::not_found("没有这个操作 (no such action)"));
    }
    desk.may(&[Role::Moderator, Role::Admin])?;
    desk.csrf(&headers)?;
    let id: i64 = id
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(crate::store::no_such_comment)?;
    let who = &desk.0.name;
    tracing::info!(account = %who, comment = id, %action, "desk");
    if let Some(how) = takedown {
        let article = s.store.take_down(id, how, who).await?;
        // Readers see the tombstone (or the comment back) on their next request, on every instance.
        s.wrote(&Keys::default().with(Keys::article(article)))
            .await?;
        return Ok(private_json(
            serde_json::json!({ "id": id, "status": how.status() }),
        ));
    }
    match action.as_str() {
        "dismiss" => {
            let n = s.store.dismiss_reports(id, who).await?;
            Ok(private_json(
                serde_json::json!({ "id": id, "dismissed": n }),
            ))
        }
        "block" => {
            let hours = match h.hours {
                None => 24,
                Some(n @ 1..=BLOCK_HOURS_MAX) => n,
                Some(_) => {
                    return Err(AppError::validation(
                        "hours",
                        format!("hours 为 1–{BLOCK_HOURS_MAX} (hours is 1–{BLOCK_HOURS_MAX})"),
                    ))
                }
            };
            let until = crate::store::nanos(time::OffsetDateTime::now_utc())
                + i64::from(hours) * 3_600_000_000_000;
            Ok(private_json(s.store.block(id, until, who).await?))
        }
        "approve" => {
            // The reply is checked before anything changes: a bad one approves nothing.
            let reply = if body.is_empty() {
                None
            } else {
                let a: Approval = serde_json::from_slice(&body)
                    .map_err(|e| AppError::bad_request(format!("请求内容不是有效的 JSON ({e})")))?;
                let reply = model::NewComment {
                    author: "编辑部".to_owned(),
                    text: a.reply,
                    parent_id: Some(model::CommentId(id as u64)),
                }
                .validate()
                .map_err(|e| AppError::validation(e.field, e.message))?;
                Some(reply)
            };
            let article = s.store.moderate(id, Verdict::Approve, who).await?;
            let posted = match reply {
                Some(r) => Some(reply_as_desk(&s, article, id, r, who).await?),
                None => None,
            };
            // Readers see both on their next request, here and on every instance (the change log).
            s.wrote(&Keys::default().with(Keys::article(article)))
                .await?;
            Ok(private_json(serde_json::json!({
                "id": id,
                "status": Verdict::Approve.status(),
                "reply": posted,
            })))
        }
        _ => {
            s.store.moderate(id, Verdict::Reject, who).await?;
            Ok(private_json(serde_json::json!({
                "id": id,
                "status": Verdict::Reject.status(),
            })))
        }
    }
}

/// Posts the desk's reply to comment `parent` (published at once) and notes it in the audit log.
async fn reply_as_desk(
    s: &State,
    article: i64,
    parent: i64,
    reply: model::NewComment,
    who: &str,
) -> AppResult<serde_json::Value> {
    let text = reply.text.clone();
    let posted = s
        .store
        .post_comment(
            crate::store::NewPost {
                article,
                parent: Some(parent),
                author: reply.author,
                text: reply.text,
                // One reply per approval, even if the request is sent again.
                key: format!("desk-reply-{parent}"),
                client: String::new(),
                moderation: false,
                // The desk answers even where readers may no longer post.
                by_desk: true,
            },
            Box::new(|| Ok(())),
        )
        .await?;
    let comment: serde_json::Value = serde_json::from_slice(&posted.body)
        .map_err(|e| AppError::Internal(format!("the stored reply: {e}")))?;
    s.store
        .audit_add(crate::store::AuditLine {
            actor: who,
            action: "reply",
            target: format!("comment:{}", comment["id"]),
            before: serde_json::Value::Null,
            after: serde_json::json!({ "parent": parent, "text": text }),
        })
        .await?;
    Ok(comment)
}
