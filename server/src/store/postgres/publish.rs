//! PostgreSQL: content changes (first import, `import`, the publishing API, the WordPress sync), each batch
//! in one transaction, one instance's at a time.

use super::{locks, note, set_meta, Postgres};
use crate::error::AppResult;
use crate::store::rows::{flat_comments, now_rfc3339, ArticleValues, SITE};
use crate::store::{Applied, Change, Manager, Upserted};
use deadpool_postgres::GenericClient;
use model::content::ContentArticle;

/// Who manages article `id` and its channel, if it is stored.
async fn existing(c: &impl GenericClient, id: i64) -> AppResult<Option<(Manager, String)>> {
    Ok(c.query_opt(
        "SELECT managed_by, channel FROM articles WHERE id = $1",
        &[&id],
    )
    .await?
    .map(|r| {
        (
            Manager::parse(r.get(0)).unwrap_or(Manager::Content),
            r.get(1),
        )
    }))
}

/// Inserts or replaces one article (see the SQLite backend's twin for what is kept).
pub(super) async fn upsert(
    c: &impl GenericClient,
    a: &ContentArticle,
    by: Manager,
    hour: i64,
) -> AppResult<Upserted> {
    let id = a.id as i64;
    let existing = existing(c, id).await?;
    if let Some((owner, _)) = existing.as_ref().filter(|(m, _)| !by.may_replace(*m)) {
        return Ok(Upserted::Refused(*owner));
    }
    let v = ArticleValues::of(a)?;
    let stmt = c
        .prepare_cached(
            "INSERT INTO articles (id, channel, title, source, published_at, published_ns, origin_url, lead_image,
                                   excerpt, body, recommended, author, tags, updated_at, managed_by, search_text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (id) DO UPDATE SET channel = EXCLUDED.channel, title = EXCLUDED.title,
               source = EXCLUDED.source, published_at = EXCLUDED.published_at,
               published_ns = EXCLUDED.published_ns, origin_url = EXCLUDED.origin_url,
               lead_image = EXCLUDED.lead_image, excerpt = EXCLUDED.excerpt, body = EXCLUDED.body,
               recommended = EXCLUDED.recommended, author = EXCLUDED.author, tags = EXCLUDED.tags,
               updated_at = EXCLUDED.updated_at, managed_by = EXCLUDED.managed_by,
               search_text = EXCLUDED.search_text
             WHERE (articles.channel, articles.title, articles.source, articles.published_at,
                    articles.origin_url, articles.lead_image, articles.excerpt, articles.body,
                    articles.recommended, articles.author, articles.tags, articles.updated_at,
                    articles.managed_by)
               IS DISTINCT FROM (EXCLUDED.channel, EXCLUDED.title, EXCLUDED.source, EXCLUDED.published_at,
                    EXCLUDED.origin_url, EXCLUDED.lead_image, EXCLUDED.excerpt, EXCLUDED.body,
                    EXCLUDED.recommended, EXCLUDED.author, EXCLUDED.tags, EXCLUDED.updated_at,
                    EXCLUDED.managed_by)",
        )
        .await?;
    let written = c
        .execute(
            &stmt,
            &[
                &id,
                &a.channel,
                &a.title,
                &a.source,
                &v.published_at,
                &v.published_ns,
                &v.origin_url,
                &v.lead_image,
                &a.excerpt,
                &v.body,
                &a.recommended,
                &a.author,
                &v.tags,
                &v.updated_at,
                &by.as_str(),
                &v.search_text,
            ],
        )
        .await?;
    let was_gone = c.execute("DELETE FROM gone WHERE id = $1", &[&id]).await? > 0;
    if let Some((_, before)) = existing {
        return Ok(if written == 0 {
            Upserted::Unchanged
        } else {
            Upserted::Updated(before)
        });
    }
    if was_gone {
        c.execute(
            "UPDATE articles SET comment_count =
               (SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'published')
             WHERE id = $1",
            &[&id],
        )
        .await?;
        return Ok(Upserted::Inserted);
    }
    if a.views > 0 {
        c.execute(
            "INSERT INTO article_views (article_id, hour, views) VALUES ($1, $2, $3)
             ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + EXCLUDED.views",
            &[&id, &hour, &(a.views.min(i64::MAX as u64) as i64)],
        )
        .await?;
    }
    let comments = flat_comments(a)?;
    if !comments.is_empty() {
        let insert = c
            .prepare_cached(
                "INSERT INTO comments (article_id, parent_id, author, text, created_at, created_ns, status)
                 VALUES ($1, $2, $3, $4, $5, $6, 'published') RETURNING id",
            )
            .await?;
        let mut ids: Vec<i64> = Vec::with_capacity(comments.len());
        for cm in &comments {
            let parent_id = cm.parent.map_or(0, |i| ids[i]);
            let row = c
                .query_one(
                    &insert,
                    &[
                        &id,
                        &parent_id,
                        &cm.author,
                        &cm.text,
                        &cm.created_at,
                        &cm.created_ns,
                    ],
                )
                .await?;
            ids.push(row.get(0));
        }
        c.execute(
            "UPDATE articles SET comment_count = $1 WHERE id = $2",
            &[&(comments.len() as i64), &id],
        )
        .await?;
    }
    Ok(Upserted::Inserted)
}

impl Postgres {
    pub async fn apply(&self, change: Change) -> AppResult<Applied> {
        let now = now_rfc3339()?;
        let mut c = self.conn().await?;
        let tx = c.transaction().await?;
        // Content changes from several instances (the publishing API on each, the sync on one) in turn.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&locks::CONTENT])
            .await?;
        let mut applied = Applied::default();
        if let Some(site) = &change.site {
            set_meta(&tx, SITE, &serde_json::to_string(site)?).await?;
        }
        let hour = crate::store::rows::current_hour();
        for a in &change.upserts {
            let done = upsert(&tx, a, change.by, hour).await?;
            applied.note_upsert(a.id as i64, &a.channel, done);
        }
        for &id in &change.removals {
            let stored = existing(&tx, id).await?;
            if applied.may_remove(change.by, id, stored) {
                tx.execute("DELETE FROM articles WHERE id = $1", &[&id])
                    .await?;
                tx.execute(
                    "INSERT INTO gone (id, gone_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                    &[&id, &now],
                )
                .await?;
                applied.removed.push(id);
            }
        }
        for (k, v) in &change.meta {
            set_meta(&tx, k, v).await?;
        }
        if let Some(keys) = applied.keys(change.site.is_some()) {
            note(&tx, &keys).await?;
        }
        tx.commit().await?;
        Ok(applied)
    }

    pub async fn channels_in_use(&self, except: Option<Manager>) -> AppResult<Vec<String>> {
        Ok(self
            .conn()
            .await?
            .query(
                "SELECT DISTINCT channel FROM articles WHERE managed_by != $1 ORDER BY channel",
                &[&except.map_or("", Manager::as_str)],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    pub async fn manager_of(&self, id: i64) -> AppResult<Option<Manager>> {
        Ok(existing(&self.conn().await?, id).await?.map(|(m, _)| m))
    }

    pub async fn managed_ids(&self, by: Manager) -> AppResult<Vec<i64>> {
        Ok(self
            .conn()
            .await?
            .query(
                "SELECT id FROM articles WHERE managed_by = $1 ORDER BY id",
                &[&by.as_str()],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }
}
