//! Comment queries and the post transaction (idempotency, parent check, rate limit, moderation).

use crate::articles::parse_time;
use crate::client::Reader;
use crate::db::{immediate, nanos};
use crate::error::{AppError, AppResult};
use crate::ratelimit::RateLimiter;
use model::{ArticleId, Comment, CommentId, CommentOrder, CommentStatus, ErrorCode, NewComment};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How long an idempotency key is remembered: a retry comes within seconds or minutes, never a day later.
pub const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 3600);

fn ttl_ns() -> i64 {
    IDEMPOTENCY_TTL.as_nanos() as i64
}

const SELECT: &str =
    "SELECT c.id, c.article_id, c.parent_id, p.author, c.author, c.text, c.created_at, c.status,
        c.created_ns,
        (SELECT COUNT(*) FROM comments r
          WHERE r.article_id = c.article_id AND r.parent_id = c.id AND r.status = 'published')
    FROM comments c LEFT JOIN comments p ON p.id = c.parent_id AND c.parent_id != 0";

fn row_comment(row: &Row) -> rusqlite::Result<(Comment, i64)> {
    let parent: i64 = row.get(2)?;
    let status: String = row.get(7)?;
    Ok((
        Comment {
            id: CommentId(row.get::<_, i64>(0)? as u64),
            article_id: ArticleId(row.get::<_, i64>(1)? as u64),
            parent_id: (parent != 0).then_some(CommentId(parent as u64)),
            reply_to: row.get(3)?,
            author: row.get(4)?,
            text: row.get(5)?,
            created_at: parse_time(&row.get::<_, String>(6)?)?,
            status: if status == "pending" {
                CommentStatus::Pending
            } else {
                CommentStatus::Published
            },
            reply_count: row.get::<_, i64>(9)?.clamp(0, u32::MAX as i64) as u32,
        },
        row.get(8)?,
    ))
}

/// True if `id` is a published comment of `article`.
pub fn is_published_in(conn: &Connection, article: i64, id: i64) -> AppResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2 AND status = 'published'",
            [id, article],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// True if `id` is a published comment (a pending one is not there yet for readers).
pub fn is_published(conn: &Connection, id: i64) -> AppResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM comments WHERE id = ?1 AND status = 'published'",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// One page of the published comments under `parent` (0 = top level), and the list's total.
pub fn list(
    conn: &Connection,
    article: i64,
    parent: i64,
    order: CommentOrder,
    after: Option<(i64, i64)>,
    limit: u32,
) -> AppResult<(Vec<(Comment, i64)>, u32)> {
    let (cmp, dir) = match order {
        CommentOrder::Newest => ("<", "DESC"),
        CommentOrder::Oldest => (">", "ASC"),
    };
    let mut args: Vec<Value> = vec![article.into(), parent.into()];
    let mut sql =
        format!("{SELECT} WHERE c.article_id = ? AND c.parent_id = ? AND c.status = 'published'");
    if let Some((t, id)) = after {
        sql.push_str(&format!(" AND (c.created_ns, c.id) {cmp} (?, ?)"));
        args.extend([t.into(), id.into()]);
    }
    sql.push_str(&format!(" ORDER BY c.created_ns {dir}, c.id {dir} LIMIT ?"));
    args.push((limit as i64).into());
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt
        .query_map(params_from_iter(args), row_comment)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND parent_id = ?2 AND status = 'published'")?
        .query_row([article, parent], |r| r.get(0))?;
    Ok((items, total.clamp(0, u32::MAX as i64) as u32))
}

/// Published comments of `article` at all levels.
pub fn article_total(conn: &Connection, article: i64) -> AppResult<u32> {
    let total: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published'",
        )?
        .query_row([article], |r| r.get(0))?;
    Ok(total.clamp(0, u32::MAX as i64) as u32)
}

/// What a post produced: a fresh comment or the stored answer to an earlier post with the same key.
pub struct Posted {
    pub status: u16,
    pub body: Vec<u8>,
}

fn request_hash(article: i64, c: &NewComment) -> String {
    let mut h = Sha256::new();
    h.update(article.to_string());
    for part in [
        c.author.as_str(),
        c.text.as_str(),
        &c.parent_id.map(|p| p.0.to_string()).unwrap_or_default(),
    ] {
        h.update([0]);
        h.update(part.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub struct PostRequest<'a> {
    pub article: i64,
    /// Already cleaned by `NewComment::validate`.
    pub comment: &'a NewComment,
    pub key: &'a str,
    pub client: Reader,
    pub moderation: bool,
    pub limiter: &'a RateLimiter,
}

/// Stores a comment once per idempotency key of its article (keys expire after a day), in one transaction.
pub fn post(conn: &mut Connection, req: PostRequest) -> AppResult<Posted> {
    let tx = immediate(conn)?;
    let hash = request_hash(req.article, req.comment);
    let now = time::OffsetDateTime::now_utc();
    let earlier: Option<(String, i64, String)> = tx
        .prepare_cached(
            "SELECT request_hash, status, body FROM idempotency
             WHERE article_id = ?1 AND key = ?2 AND created_ns >= ?3",
        )?
        .query_row(params![req.article, req.key, nanos(now) - ttl_ns()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((earlier_hash, status, body)) = earlier {
        if earlier_hash != hash {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "这个 Idempotency-Key 已用于另一条评论 (Idempotency-Key was already used with a different body)",
            ));
        }
        return Ok(Posted {
            status: status as u16,
            body: body.into_bytes(),
        });
    }
    let parent = match req.comment.parent_id {
        Some(p) => {
            let p = i64::try_from(p.0).unwrap_or(-1);
            if !is_published_in(&tx, req.article, p)? {
                return Err(AppError::validation(
                    "parent_id",
                    "要回复的评论不存在 (parent_id is not a comment of this article)",
                ));
            }
            p
        }
        None => 0,
    };
    req.limiter
        .acquire(req.client)
        .map_err(AppError::rate_limited)?;
    let created = now
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let status = if req.moderation {
        "pending"
    } else {
        "published"
    };
    tx.execute(
        "INSERT INTO comments (article_id, parent_id, author, text, created_at, created_ns, status, client)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![req.article, parent, req.comment.author, req.comment.text, created, nanos(now), status, req.client.to_string()],
    )?;
    let id = tx.last_insert_rowid();
    if !req.moderation {
        tx.execute(
            "UPDATE articles SET comment_count = comment_count + 1 WHERE id = ?1",
            [req.article],
        )?;
    }
    let (comment, _) = tx.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id], row_comment)?;
    let body = serde_json::to_vec(&comment)?;
    tx.execute(
        // REPLACE: an expired row with this key may still be there until the next prune.
        "INSERT OR REPLACE INTO idempotency (article_id, key, request_hash, status, body, created_ns)
         VALUES (?1, ?2, ?3, 201, ?4, ?5)",
        params![req.article, req.key, hash, String::from_utf8_lossy(&body), nanos(now)],
    )?;
    tx.commit()?;
    Ok(Posted { status: 201, body })
}

/// Files a report; a reader's second report of the same comment is not stored again.
pub fn report(
    conn: &mut Connection,
    comment: i64,
    reason: Option<&str>,
    client: Reader,
) -> AppResult<()> {
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    conn.execute(
        "INSERT OR IGNORE INTO reports (comment_id, reason, client, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![comment, reason, client.to_string(), now],
    )?;
    Ok(())
}

/// Forgets idempotency keys older than [`IDEMPOTENCY_TTL`]; returns how many.
pub fn prune_idempotency(conn: &Connection) -> AppResult<usize> {
    let cutoff = nanos(time::OffsetDateTime::now_utc()) - ttl_ns();
    Ok(conn.execute("DELETE FROM idempotency WHERE created_ns < ?1", [cutoff])?)
}
