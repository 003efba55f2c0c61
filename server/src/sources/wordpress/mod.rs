//! WordPress as the content source (`--wordpress URL`): a first full sync (with a progress bar on a
//! terminal), then every `--sync-interval` the posts modified since the last run, plus a check of the
//! published count (and the list of ids when it differs, and every tenth run) that finds posts
//! unpublished, trashed or deleted. Each run's changes are one transaction; the site keeps serving
//! the last good content while WordPress is down, slow or answering nonsense, retries with backoff, logs
//! once per change of state, and reports itself on `/healthz`.

mod client;
pub mod html;
pub mod map;
mod wp;

use crate::store::rows::{now_rfc3339, IMPORTED};
use crate::store::{Applied, Change, Manager, Store};
use client::{Client, WpError, WpResult};
use model::content::ContentArticle;
use model::Site;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The `meta` key of the sync's own state.
const SAVED: &str = "wordpress";
/// How long one request to WordPress may take: five sync intervals, from 5 to 20 s (a slow CMS fails the
/// run, which is retried, rather than holding the sync past several intervals).
fn request_timeout(interval: Duration) -> Duration {
    (interval * 5).clamp(Duration::from_secs(5), Duration::from_secs(20))
}
/// Every this many runs the ids are compared even when the counts agree (a post unpublished while
/// another went live leaves the count unchanged).
const FULL_CHECK_EVERY: u64 = 10;
/// The first sync, which nobody reads yet, is written in transactions of this many posts.
const FIRST_BATCH: usize = 500;
/// The longest wait between two pages of a paced run (a slow WordPress is not waited on twice over).
const MAX_PAUSE: Duration = Duration::from_secs(2);
/// The first retry after a failure; it doubles up to the sync interval.
const FIRST_RETRY: Duration = Duration::from_secs(2);

/// What the operator asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub url: String,
    pub interval: Duration,
    /// Origins pages may load media from (the WordPress site's among them).
    pub media_origins: Vec<String>,
}

/// The sync's state kept between runs (and restarts).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Saved {
    /// The site it belongs to: another site starts from the beginning.
    url: String,
    /// `modified_gmt` of the newest post seen (`2017-06-15T23:32:00`).
    cursor: Option<String>,
    /// Published posts that are not on the site (no channel, behind a password).
    skipped: BTreeSet<u64>,
    runs: u64,
}

/// The sync as `/healthz` shows it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub url: String,
    /// `starting`, `ok`, `failing`, or `standby` (another instance on the same database syncs).
    pub state: &'static str,
    pub last_success: Option<String>,
    /// Seconds since the last successful run.
    pub lag_seconds: Option<u64>,
    pub last_error: Option<String>,
    /// Failed runs in a row.
    pub failures: u32,
    /// Posts on the site, and published posts left out.
    pub articles: usize,
    pub skipped: usize,
    /// How long the last successful run took.
    pub last_run_ms: Option<u64>,
    /// When the run in progress started; absent between runs.
    pub running_since: Option<String>,
}

/// Shared between the sync task and `/healthz`.
pub struct Status {
    report: Mutex<Report>,
    succeeded: Mutex<Option<Instant>>,
}

impl Status {
    pub fn new(url: &str) -> Status {
        Status {
            report: Mutex::new(Report {
                url: url.to_owned(),
                state: "starting",
                ..Report::default()
            }),
            succeeded: Mutex::new(None),
        }
    }

    pub fn report(&self) -> Report {
        let mut r = self
            .report
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        r.lag_seconds = self
            .succeeded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|t| t.elapsed().as_secs());
        r
    }

    /// A run begins.
    fn running(&self) {
        let mut r = self.report.lock().unwrap_or_else(|e| e.into_inner());
        r.running_since = now_rfc3339().ok();
    }

    fn succeeded(&self, took: Duration, articles: usize, skipped: usize) {
        *self.succeeded.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        let mut r = self.report.lock().unwrap_or_else(|e| e.into_inner());
        r.state = "ok";
        r.running_since = None;
        r.last_success = now_rfc3339().ok();
        r.failures = 0;
        r.articles = articles;
        r.skipped = skipped;
        r.last_run_ms = Some(took.as_millis() as u64);
    }

    /// Another instance holds the sync.
    fn standby(&self) {
        let mut r = self.report.lock().unwrap_or_else(|e| e.into_inner());
        r.state = "standby";
    }

    fn failed(&self, e: &WpError) -> u32 {
        let mut r = self.report.lock().unwrap_or_else(|e| e.into_inner());
        r.state = "failing";
        r.running_since = None;
        r.last_error = Some(e.to_string());
        r.failures += 1;
        r.failures
    }
}

/// One run's result before it is written.
struct Run {
    change: Change,
    saved: Saved,
    fetched: usize,
    /// Writers and tags read so far (kept for the run), and the current page's images.
    refs: wp::Refs,
}

/// Reads WordPress and works out the change that brings the store up to it.
struct Syncer {
    client: Client,
    store: Store,
    language: String,
    /// Origins pages may load media from.
    media_origins: Vec<String>,
    /// Whether a run reads at a measured pace (the running site's runs; see [`Syncer::pause`]).
    paced: bool,
}

impl Syncer {
    /// After a page that took `took` to read and map, a paced run waits as long again before the next:
    /// WordPress and its database mostly share the machine with the site they feed, and a run that asks
    /// for page after page keeps a core busy with PHP and MariaDB for the whole run, taking it from
    /// readers. Half the time idle keeps readers' latency close to what it is without a sync, at the
    /// cost of a large run (thousands of posts edited at once) taking about twice as long; a single edit
    /// is one page and waits for nothing. The first sync, which nobody reads yet, is not paced.
    async fn pause(&self, took: Duration) {
        if self.paced {
            tokio::time::sleep(took.min(MAX_PAUSE)).await;
        }
    }

    /// The site tree, keeping channels that articles from elsewhere still use.
    async fn site(&self, current: Option<&Site>) -> WpResult<(Site, map::Channels)> {
        let (index, categories) = tokio::try_join!(self.client.index(), self.client.categories())?;
        let (site, channels) =
            map::site(&index, &categories, &self.language).map_err(WpError::NotWordpress)?;
        let site = match current {
            Some(current) => {
                let kept = self
                    .store
                    .channels_in_use(Some(Manager::Wordpress))
                    .await
                    .map_err(|e| WpError::NotWordpress(format!("store: {e}")))?;
                map::keep_channels(site, current, &kept)
            }
            None => site,
        };
        Ok((site, channels))
    }

    /// Reads what a page of posts names by id: writers and tags the run has not seen yet, and the
    /// page's featured images and images without a size in their HTML.
    async fn look_up(&self, posts: &[wp::WpPost], refs: &mut wp::Refs) -> WpResult<()> {
        let authors: BTreeSet<u64> = posts
            .iter()
            .map(|p| p.author)
            .filter(|id| *id != 0 && !refs.authors.contains_key(id))
            .collect();
        let tags: BTreeSet<u64> = posts
            .iter()
            .flat_map(|p| p.tags.iter().copied())
            .filter(|id| !refs.tags.contains_key(id))
            .collect();
        for (route, ids, known) in [
            ("wp/v2/users", authors, &mut refs.authors),
            ("wp/v2/tags", tags, &mut refs.tags),
        ] {
            if ids.is_empty() {
                continue;
            }
            let ids: Vec<u64> = ids.into_iter().collect();
            let mut found = match self.client.names(route, &ids).await {
                Ok(found) => found,
                // A site may close its user list (a hardening plugin): articles go without a writer.
                Err(WpError::Status { status, .. }) if (400..500).contains(&status) => {
                    tracing::debug!(route, status, "WordPress refused to name ids");
                    HashMap::new()
                }
                Err(e) => return Err(e),
            };
            // An id WordPress does not name is not asked for again in this run.
            for id in ids {
                known.insert(id, found.remove(&id).unwrap_or_default());
            }
        }
        let media: BTreeSet<u64> = posts
            .iter()
            .map(|p| p.featured_media)
            .filter(|id| *id != 0)
            .chain(
                posts
                    .iter()
                    .flat_map(|p| html::unsized_attachments(&p.content.rendered)),
            )
            .collect();
        refs.media = if media.is_empty() {
            HashMap::new()
        } else {
            let ids: Vec<u64> = media.into_iter().collect();
            self.client.media(&ids).await?
        };
        Ok(())
    }

    /// Maps a page of posts: articles to put, and ids that are not (or no longer) on the site. The
    /// parsing runs at a low priority off the runtime (see [`crate::background`]): readers come first.
    async fn map_posts(
        &self,
        posts: Vec<wp::WpPost>,
        channels: &map::Channels,
        run: &mut Run,
    ) -> WpResult<()> {
        self.look_up(&posts, &mut run.refs).await?;
        let refs = std::mem::take(&mut run.refs);
        let channels = channels.clone();
        let base = self.client.site.clone();
        let origins = self.media_origins.clone();
        let (refs, posts, mapped) = crate::background::low_priority("wordpress-map", move || {
            let mapped: Vec<_> = posts
                .iter()
                .map(|p| {
                    map::article(p, &channels, &base, &refs).map(|mut m| {
                        let elsewhere = map::confine_media(&mut m.article, &origins);
                        (m, elsewhere)
                    })
                })
                .collect();
            (refs, posts, mapped)
        })
        .await
        .map_err(|e| WpError::NotWordpress(format!("mapping posts: {e}")))?;
        run.refs = refs;
        for (p, mapped) in posts.iter().zip(mapped) {
            if run.saved.cursor.as_deref() < Some(p.modified_gmt.as_str()) {
                run.saved.cursor = Some(p.modified_gmt.clone());
            }
            match mapped {
                Ok((m, elsewhere)) => {
                    if !m.removed.is_empty() {
                        tracing::debug!(post = p.id, removed = ?m.removed, "unsafe or unshowable markup left out");
                    }
                    if !elsewhere.is_empty() {
                        tracing::info!(post = p.id, origins = ?elsewhere, "media from origins not in --media-origins shown as links");
                    }
                    run.saved.skipped.remove(&p.id);
                    run.change.upserts.push(m.article);
                }
                Err(skip) => {
                    tracing::debug!(post = p.id, ?skip, "post not on the site");
                    run.saved.skipped.insert(p.id);
                    run.change.removals.push(p.id as i64);
                }
            }
        }
        run.fetched += posts.len();
        Ok(())
    }

    /// Every page of posts matching `filter`, mapped into `run`; `progress` sees each page. False when
    /// the list changed while it was read (its total moved, or fewer distinct posts came than it said):
    /// a post may have slipped between two pages, so the run must not move its cursor past it.
    async fn fetch_posts(
        &self,
        filter: &[(&str, String)],
        channels: &map::Channels,
        run: &mut Run,
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> WpResult<bool> {
        let mut page = 1;
        let mut seen = BTreeSet::new();
        let mut totals = BTreeSet::new();
        loop {
            let started = Instant::now();
            let p = self.client.posts(filter, page).await?;
            seen.extend(p.items.iter().map(|post| post.id));
            totals.insert(p.total);
            self.map_posts(p.items, channels, run).await?;
            progress(run.fetched, p.total);
            if page >= p.pages {
                return Ok(totals.len() == 1 && totals.first() == Some(&(seen.len() as u64)));
            }
            self.pause(started.elapsed()).await;
            page += 1;
        }
    }

    /// One run: everything (`full`) or what changed since the cursor, then the check for posts that
    /// went away.
    async fn run(
        &self,
        saved: Saved,
        current: Option<&Site>,
        full: bool,
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> WpResult<Run> {
        let (site, channels) = self.site(current).await?;
        let mut run = Run {
            change: Change::new(Manager::Wordpress),
            saved,
            fetched: 0,
            refs: wp::Refs::default(),
        };
        run.saved.runs += 1;
        if current != Some(&site) {
            run.change.site = Some(site);
        }
        let local: BTreeSet<u64> = self
            .store
            .managed_ids(Manager::Wordpress)
            .await
            .map_err(|e| WpError::NotWordpress(format!("store: {e}")))?
            .into_iter()
            .map(|id| id as u64)
            .collect();
        let full = full || run.saved.cursor.is_none();
        let cursor = run.saved.cursor.clone();
        if full {
            run.saved.skipped.clear();
            let stable = self.fetch_posts(&[], &channels, &mut run, progress).await?;
            run.change
                .removals
                .retain(|id| local.contains(&(*id as u64)));
            if !stable {
                // A post may have slipped between pages: nothing is taken down for being unseen, and
                // the next run reads everything again.
                run.saved.cursor = None;
                return Ok(run);
            }
            let seen: BTreeSet<u64> = run
                .change
                .upserts
                .iter()
                .map(|a| a.id)
                .chain(run.saved.skipped.iter().copied())
                .collect();
            run.change
                .removals
                .extend(local.difference(&seen).map(|&id| id as i64));
            return Ok(run);
        }
        // `modified_after` is strictly after, to the second: one second back, so a post saved in the
        // same second as the newest seen is not missed (it is read again, which changes nothing).
        let since = run.saved.cursor.clone().unwrap_or_default();
        let since = map::one_second_before(&since).unwrap_or(since);
        let stable = self
            .fetch_posts(
                &[("modified_after", format!("{since}Z"))],
                &channels,
                &mut run,
                progress,
            )
            .await?;
        if !stable {
            // What changed since the old cursor is read again next time (unchanged posts cost nothing).
            run.saved.cursor = cursor;
        }
        // Only this sync's own articles are taken down for being left out.
        run.change
            .removals
            .retain(|id| local.contains(&(*id as u64)));
        // Going away (unpublished, trashed, deleted) does not show in `modified_after`: compare counts,
        // and ids when they differ.
        let mut after: BTreeSet<u64> = local.clone();
        after.extend(run.change.upserts.iter().map(|a| a.id));
        for id in &run.change.removals {
            after.remove(&(*id as u64));
        }
        let total = self.client.published_count().await?;
        let expected = after.len() as u64 + run.saved.skipped.len() as u64;
        if total != expected || run.saved.runs.is_multiple_of(FULL_CHECK_EVERY) {
            let ids: BTreeSet<u64> = self.client.post_ids().await?.into_iter().collect();
            run.change
                .removals
                .extend(after.difference(&ids).map(|&id| id as i64));
            run.saved.skipped.retain(|id| ids.contains(id));
            let missing: Vec<u64> = ids
                .iter()
                .filter(|id| !after.contains(id) && !run.saved.skipped.contains(id))
                .copied()
                .collect();
            // Published without a new modified time (a scheduled post going live), or missed.
            for chunk in missing.chunks(client::PER_PAGE as usize) {
                let include = client::joined(chunk);
                self.fetch_posts(&[("include", include)], &channels, &mut run, progress)
                    .await?;
            }
        }
        Ok(run)
    }
}

/// Sizes of the images a post's HTML names by attachment id without giving them.
impl html::Sizes for wp::Refs {
    fn size(&self, attachment: Option<u64>, _url: &str) -> Option<(u32, u32)> {
        attachment
            .and_then(|id| self.media.get(&id))
            .and_then(wp::WpMedia::size)
    }
}

async fn load_saved(store: &Store, url: &str) -> Saved {
    let saved: Option<Saved> = store
        .meta(SAVED)
        .await
        .ok()
        .flatten()
        .and_then(|raw| serde_json::from_str(&raw).ok());
    match saved {
        Some(s) if s.url == url => s,
        _ => Saved {
            url: url.to_owned(),
            ..Saved::default()
        },
    }
}

fn saved_meta(saved: &Saved) -> (String, String) {
    (
        SAVED.to_owned(),
        serde_json::to_string(saved).unwrap_or_default(),
    )
}

/// True when the store has never had a site (nothing to serve until the first sync is in).
pub async fn never_synced(store: &Store) -> bool {
    matches!(store.meta(IMPORTED).await, Ok(None))
}

/// The first sync into an empty store, before the server serves: retried with backoff until it is in.
/// Written in transactions of [`FIRST_BATCH`] posts (nobody reads yet), the site first and the
/// "imported" mark last, so an interrupted first sync starts again from the beginning.
pub async fn first_sync(
    store: &Store,
    settings: &Settings,
    language: &str,
    status: &Status,
) -> Result<(), String> {
    loop {
        match first_sync_once(store, settings, language, status).await {
            Ok(()) => return Ok(()),
            Err(e) => {
                let failures = status.failed(&e);
                let wait = backoff(failures, settings.interval);
                tracing::warn!(error = %e, "first sync from WordPress failed; retrying in {} s", wait.as_secs());
                tokio::time::sleep(wait).await;
            }
        }
    }
}

async fn first_sync_once(
    store: &Store,
    settings: &Settings,
    language: &str,
    status: &Status,
) -> WpResult<()> {
    let started = Instant::now();
    let client = Client::discover(&settings.url, request_timeout(settings.interval)).await?;
    let syncer = Syncer {
        client,
        store: store.clone(),
        language: language.to_owned(),
        media_origins: settings.media_origins.clone(),
        paced: false,
    };
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} posts ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(format!("syncing {}", settings.url));
    let logged = Mutex::new(0usize);
    let progress = |done: usize, total: u64| {
        bar.set_length(total);
        bar.set_position(done as u64);
        // Without a terminal the bar is hidden: a line every tenth instead.
        let mut last = logged.lock().unwrap_or_else(|e| e.into_inner());
        if bar.is_hidden() && (done * 10 / (total.max(1) as usize)) > *last {
            *last = done * 10 / (total.max(1) as usize);
            tracing::info!("first sync: {done} of {total} posts read");
        }
    };
    let saved = load_saved(store, &settings.url).await;
    let run = syncer.run(saved, None, true, &progress).await?;
    bar.finish_and_clear();
    let Run {
        mut change, saved, ..
    } = run;
    let articles = change.upserts.len();
    let upserts = std::mem::take(&mut change.upserts);
    let mut batches: Vec<Vec<ContentArticle>> = upserts
        .chunks(FIRST_BATCH)
        .map(<[ContentArticle]>::to_vec)
        .collect();
    if batches.is_empty() {
        batches.push(Vec::new());
    }
    let last = batches.len() - 1;
    let store_err = |e: crate::error::AppError| WpError::NotWordpress(format!("store: {e}"));
    for (i, batch) in batches.into_iter().enumerate() {
        let mut c = Change::new(Manager::Wordpress);
        if i == 0 {
            c.site = change.site.take();
        }
        c.upserts = batch;
        if i == last {
            c.removals = std::mem::take(&mut change.removals);
            c.meta.push(saved_meta(&saved));
            c.meta.push((IMPORTED.to_owned(), "1".to_owned()));
        }
        store.apply(c).await.map_err(store_err)?;
    }
    tracing::info!(
        articles,
        skipped = saved.skipped.len(),
        seconds = started.elapsed().as_secs_f64(),
        "first sync from WordPress done"
    );
    status.succeeded(started.elapsed(), articles, saved.skipped.len());
    Ok(())
}

/// The delay before retry `failures` (1, 2, …): doubling from [`FIRST_RETRY`], at most `interval`.
fn backoff(failures: u32, interval: Duration) -> Duration {
    FIRST_RETRY
        .saturating_mul(1 << failures.saturating_sub(1).min(16))
        .min(interval)
}

/// The running sync; `stop` ends it between runs.
pub struct Handle {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Handle {
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Starts following WordPress: a run at once, then every interval (sooner after a failure).
pub fn start(state: crate::State, settings: Settings, status: Arc<Status>) -> Handle {
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut syncer: Option<Syncer> = None;
        let mut delay = Duration::ZERO;
        let mut failing: Option<&'static str> = None;
        // Instances on one database: one syncs, the others stand by and take over if it goes.
        let mut lease = state.store.lease("wordpress-sync").await;
        let mut leading = true;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = &mut stopped => return,
            }
            if !lease.held().await {
                if leading {
                    tracing::info!("another instance syncs from WordPress; standing by");
                }
                leading = false;
                status.standby();
                delay = settings.interval;
                continue;
            }
            if !leading {
                tracing::info!("this instance syncs from WordPress now");
                leading = true;
            }
            let started = Instant::now();
            status.running();
            let result = follow(&state, &settings, &mut syncer).await;
            match result {
                Ok((applied, articles, skipped)) => {
                    if let Some(kind) = failing.take() {
                        tracing::info!(was = kind, "WordPress sync works again");
                    }
                    if applied.changed() {
                        tracing::info!(
                            new = applied.inserted.len(),
                            updated = applied.updated.len(),
                            removed = applied.removed.len(),
                            "synced from WordPress"
                        );
                    }
                    for (id, owner) in &applied.refused {
                        tracing::warn!(
                            id,
                            by = owner.as_str(),
                            "post id taken by an article managed elsewhere; not synced"
                        );
                    }
                    status.succeeded(started.elapsed(), articles, skipped);
                    delay = settings.interval;
                }
                Err(e) => {
                    // A broken client is found again next time (the site may have moved its API).
                    syncer = None;
                    let failures = status.failed(&e);
                    if failing != Some(e.kind()) {
                        tracing::warn!(error = %e, "WordPress sync failing; serving the last good content");
                        failing = Some(e.kind());
                    } else {
                        tracing::debug!(error = %e, failures, "WordPress sync still failing");
                    }
                    delay = backoff(failures, settings.interval);
                }
            }
        }
    });
    Handle { stop, task }
}

/// One run of the running server: read, write in one transaction, drop the caches.
async fn follow(
    state: &crate::State,
    settings: &Settings,
    syncer: &mut Option<Syncer>,
) -> WpResult<(Applied, usize, usize)> {
    if syncer.is_none() {
        *syncer = Some(Syncer {
            client: Client::discover(&settings.url, request_timeout(settings.interval)).await?,
            store: state.store.clone(),
            language: state.site().language.clone(),
            media_origins: settings.media_origins.clone(),
            paced: true,
        });
    }
    let Some(s) = syncer.as_ref() else {
        unreachable!("set above")
    };
    let saved = load_saved(&state.store, &settings.url).await;
    let current = state.site();
    let run = s.run(saved, Some(&current), false, &|_, _| {}).await?;
    let Run {
        mut change, saved, ..
    } = run;
    let skipped = saved.skipped.len();
    let site_changed = change.site.is_some();
    change.meta.push(saved_meta(&saved));
    let store_err = |e: crate::error::AppError| WpError::NotWordpress(format!("store: {e}"));
    let applied = state
        .store
        .apply_in_background(change)
        .await
        .map_err(store_err)?;
    state
        .published(&applied, site_changed)
        .await
        .map_err(store_err)?;
    let articles = state
        .store
        .managed_ids(Manager::Wordpress)
        .await
        .map_err(store_err)?
        .len();
    Ok((applied, articles, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_shows_a_run_in_progress_until_it_ends() {
        let status = Status::new("http://cms.example/");
        assert_eq!(status.report().running_since, None);
        status.running();
        assert!(status.report().running_since.is_some());
        status.succeeded(Duration::from_millis(5), 3, 0);
        let r = status.report();
        assert_eq!(
            (r.state, r.running_since, r.last_run_ms),
            ("ok", None, Some(5))
        );
        status.running();
        status.failed(&WpError::NotWordpress("gone".into()));
        let r = status.report();
        assert_eq!((r.state, r.running_since, r.failures), ("failing", None, 1));
    }

    #[test]
    fn retries_back_off_up_to_the_interval() {
        let i = Duration::from_secs(60);
        let waits: Vec<u64> = (1..=7).map(|n| backoff(n, i).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff(1000, i), i);
        assert_eq!(backoff(3, Duration::from_secs(5)), Duration::from_secs(5));
    }
}
