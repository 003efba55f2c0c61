//! The reader's own reading history (localStorage only, never sent) and the on-device 猜你喜欢 ranking.

use model::{ArticleId, ArticleSummary};
use serde::{Deserialize, Serialize};

/// localStorage key; the history stays on the device.
pub const KEY: &str = "difang.history";
/// How many reads are kept.
pub const MAX: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Read {
    pub id: u64,
    pub channel: String,
    /// Unix milliseconds.
    pub at: f64,
}

/// Adds a read at the front (most recent first), dropping an older read of the same article and
/// anything beyond [`MAX`].
pub fn push(history: &mut Vec<Read>, read: Read) {
    history.retain(|r| r.id != read.id);
    history.insert(0, read);
    history.truncate(MAX);
}

/// Ranks the API's candidates for this reader: articles already read (and the current one) are left out;
/// the rest are ordered by how much the reader reads their channel, recent reads weighing more. Ties keep
/// the API's order, so a new reader sees the candidates exactly as the API sent them.
pub fn rank(
    candidates: &[ArticleSummary],
    history: &[Read],
    current: Option<ArticleId>,
) -> Vec<ArticleSummary> {
    let mut scored: Vec<(f64, &ArticleSummary)> = candidates
        .iter()
        .filter(|c| Some(c.id) != current && !history.iter().any(|r| r.id == c.id.0))
        .map(|c| {
            let score: f64 = history
                .iter()
                .enumerate()
                .filter(|(_, r)| r.channel == c.channel.slug)
                .map(|(i, _)| 1.0 / (1.0 + i as f64 / 10.0))
                .sum();
            (score, c)
        })
        .collect();
    // A stable sort: equal scores keep the API order.
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    scored.into_iter().map(|(_, c)| c.clone()).collect()
}

/// Reads the history from localStorage; anything unreadable counts as no history.
pub fn load() -> Vec<Read> {
    crate::state::prefs::storage_get(KEY)
        .and_then(|s| crate::json::from_str(&s).ok())
        .unwrap_or_default()
}

/// Records that the reader opened an article.
pub fn record(id: ArticleId, channel: &str) {
    let mut h = load();
    push(
        &mut h,
        Read {
            id: id.0,
            channel: channel.to_owned(),
            at: crate::browser::now_ms(),
        },
    );
    if let Ok(s) = crate::json::to_string(&h) {
        crate::state::prefs::storage_set(KEY, &s);
    }
}
