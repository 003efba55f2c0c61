//! SQLite: content changes (first import, `import`, the publishing API, the WordPress sync), each batch in
//! one transaction.

use super::{immediate, note, set_meta, Sqlite};
use crate::error::AppResult;
use crate::store::rows::{flat_comments, now_rfc3339, ArticleValues, SITE};
use crate::store::{Applied, Change, Manager, Upserted};
use model::content::ContentArticle;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// Who manages article `id` and its channel, if it is stored.
fn existing(tx: &Transaction, id: i64) -> AppResult<Option<(Manager, String)>> {
    let m: Option<(String, String)> = tx
        .prepare_cached("SELECT managed_by, channel FROM articles WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(m.map(|(m, ch)| (Manager::parse(&m).unwrap_or(Manager::Content), ch)))
}

/// Inserts or replaces one article. A new article gets its demo comments and views (counted in `hour`);
/// an existing one keeps its own.
pub(super) fn upsert(
    tx: &Transaction,
    a: &ContentArticle,
    by: Manager,
    hour: i64,
) -> AppResult<Upserted> {
    let id = a.id as i64;
    let existing = existing(tx, id)?;
    if let Some((owner, _)) = existing.as_ref().filter(|(m, _)| !by.may_replace(*m)) {
        return Ok(Upserted::Refused(*owner));
    }
    let v = ArticleValues::of(a)?;
    let written = tx.prepare_cached(
        "INSERT INTO articles (id, channel, title, source, published_at, published_ns, origin_url, lead_image,
                               excerpt, body, recommended, author, tags, updated_at, managed_by, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(id) DO UPDATE SET channel = excluded.channel, title = excluded.title,
           source = excluded.source, published_at = excluded.published_at,
           published_ns = excluded.published_ns, origin_url = excluded.origin_url,
           lead_image = excluded.lead_image, excerpt = excluded.excerpt, body = excluded.body,
           recommended = excluded.recommended, author = excluded.author, tags = excluded.tags,
           updated_at = excluded.updated_at, managed_by = excluded.managed_by,
               search_text = excluded.search_text
         WHERE (articles.channel, articles.title, articles.source, articles.published_at,
                articles.origin_url, articles.lead_image, articles.excerpt, articles.body,
                articles.recommended, articles.author, articles.tags, articles.updated_at,
                articles.managed_by)
           IS NOT (excluded.channel, excluded.title, excluded.source, excluded.published_at,
                   excluded.origin_url, excluded.lead_image, excluded.excerpt, excluded.body,
                   excluded.recommended, excluded.author, excluded.tags, excluded.updated_at,
                   excluded.managed_by)",
    )?
    .execute(params![
        id,
        a.channel,
        a.title,
        a.source,
        v.published_at,
        v.published_ns,
        v.origin_url,
        v.lead_image,
        a.excerpt,
        v.body,
        a.recommended,
        a.author,
        v.tags,
        v.updated_at,
        by.as_str(),
        v.search_text,
    ])?;
    let was_gone = tx.execute("DELETE FROM gone WHERE id = ?1", [id])? > 0;
    if let Some((_, before)) = existing {
        // The same article again (a sync reads the newest posts twice) changes nothing.
        return Ok(if written == 0 {
            Upserted::Unchanged
        } else {
            Upserted::Updated(before)
        });
    }
    if was_gone {
        // Published again: its comments and views are still there.
        tx.execute(
            "UPDATE articles SET comment_count =
               (SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published')
             WHERE id = ?1",
            [id],
        )?;
        return Ok(Upserted::Inserted);
    }
    if a.views > 0 {
        tx.execute(
            "INSERT INTO article_views (article_id, hour, views) VALUES (?1, ?2, ?3)
             ON CONFLICT(article_id, hour) DO UPDATE SET views = views + excluded.views",
            params![id, hour, a.views.min(i64::MAX as u64) as i64],
        )?;
    }
    let comments = flat_comments(a)?;
    if !comments.is_empty() {
        let mut ids: Vec<i64> = Vec::with_capacity(comments.len());
        let mut stmt = tx.prepare_cached(
            "INSERT INTO comments (article_id, parent_id, author, text, created_at, created_ns, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'published')",
        )?;
        for c in &comments {
            let parent_id = c.parent.map_or(0, |i| ids[i]);
            stmt.execute(params![
                id,
                parent_id,
                c.author,
                c.text,
                c.created_at,
                c.created_ns
            ])?;
            ids.push(tx.last_insert_rowid());
        }
        tx.execute(
            "UPDATE articles SET comment_count = ?1 WHERE id = ?2",
            params![comments.len() as i64, id],
        )?;
    }
    Ok(Upserted::Inserted)
}

/// Writes `change` in one transaction and notes what it touched.
fn apply(c: &mut Connection, change: &Change, now: &str) -> AppResult<Applied> {
    let tx = immediate(c)?;
    let mut applied = Applied::default();
    if let Some(site) = &change.site {
        set_meta(&tx, SITE, &serde_json::to_string(site)?)?;
    }
    let hour = crate::store::rows::current_hour();
    for a in &change.upserts {
        let done = upsert(&tx, a, change.by, hour)?;
        applied.note_upsert(a.id as i64, &a.channel, done);
    }
    for &id in &change.removals {
        let stored = existing(&tx, id)?;
        if applied.may_remove(change.by, id, stored) {
            tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
            tx.execute(
                "INSERT INTO gone (id, gone_at) VALUES (?1, ?2) ON CONFLICT(id) DO NOTHING",
                params![id, now],
            )?;
            applied.removed.push(id);
        }
    }
    for (k, v) in &change.meta {
        set_meta(&tx, k, v)?;
    }
    if let Some(keys) = applied.keys(change.site.is_some()) {
        note(&tx, &keys)?;
    }
    tx.commit()?;
    Ok(applied)
}

impl Sqlite {
    pub async fn apply(&self, change: Change) -> AppResult<Applied> {
        let now = now_rfc3339()?;
        self.write(move |c| apply(c, &change, &now)).await
    }

    /// As [`Sqlite::apply`], on a thread of its own at a low priority: for a sync's large batch, which
    /// nobody waits on, so that readers keep the CPU while it is written (see `crate::background`).
    pub async fn apply_in_background(&self, change: Change) -> AppResult<Applied> {
        let now = now_rfc3339()?;
        self.write_in_background(move |c| apply(c, &change, &now))
            .await
    }

    pub async fn channels_in_use(&self, except: Option<Manager>) -> AppResult<Vec<String>> {
        self.read(move |c| {
            let mut stmt = c.prepare(
                "SELECT DISTINCT channel FROM articles WHERE managed_by != ?1 ORDER BY channel",
            )?;
            let rows = stmt
                .query_map([except.map_or("", Manager::as_str)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
        .await
    }

    pub async fn manager_of(&self, id: i64) -> AppResult<Option<Manager>> {
        self.write(move |c| {
            let tx = c.transaction()?;
            Ok(existing(&tx, id)?.map(|(m, _)| m))
        })
        .await
    }

    pub async fn managed_ids(&self, by: Manager) -> AppResult<Vec<i64>> {
        self.read(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT id FROM articles WHERE managed_by = ?1 ORDER BY id")?;
            let ids = stmt
                .query_map([by.as_str()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(ids)
        })
        .await
    }
}
