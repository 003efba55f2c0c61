//! A paged list's state: its rows, where its next page starts, the loading of that page, and the app's
//! memory of the pages loaded (so the back button finds them again).

use super::Listed;
use crate::api::{self, ApiError};
use crate::staged::soon;
use crate::state::memory::{ListPages, Memory};
use leptos::prelude::*;
use model::{ArticleSummary, Page};

/// Rows drawn per task on the app's first render.
const ROWS_PER_TASK: usize = 5;

/// Arena handles only, so it is `Copy` and the list's pieces each take it whole.
#[derive(Clone, Copy)]
pub struct Paging {
    pub items: RwSignal<Vec<ArticleSummary>>,
    pub next: RwSignal<Option<String>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    /// Its rows came from the app's memory (the reader came back to the list).
    pub restored: bool,
    /// Until then (ms) the page is scrolling back into a restored list: not the reader reaching its end.
    pub quiet_until: f64,
    list: StoredValue<Listed>,
    first_ids: StoredValue<Vec<u64>>,
    memory: Option<Memory>,
}

impl Paging {
    /// The first page, with the pages loaded before if the app remembers them.
    pub fn new(list: Listed, first: Page<ArticleSummary>) -> Paging {
        let memory = use_context::<Memory>();
        let first_ids: Vec<u64> = first.items.iter().map(|i| i.id.0).collect();
        let now = crate::browser::now_ms();
        let restored = memory.and_then(|m| m.list(&list.key(), &first_ids, now));
        let was_restored = restored.is_some();
        let (extra, next0) = match restored {
            Some(r) => (r.extra, r.next),
            None => (Vec::new(), first.next_cursor.clone()),
        };
        let mut all = first.items;
        append_unique(&mut all, extra);
        // On the app's first render the rows go in a few at a time, each batch in a task of its own
        // (`staged`): the whole page of rows in one task was the longest task of the takeover. Otherwise
        // `soon` adds them at once, before the list draws.
        let mut rest = all.split_off(ROWS_PER_TASK.min(all.len()));
        let items = RwSignal::new(all);
        while !rest.is_empty() {
            let batch: Vec<_> = rest.drain(..ROWS_PER_TASK.min(rest.len())).collect();
            soon(move || {
                items.try_update(|v| v.extend(batch));
            });
        }
        Paging {
            items,
            next: RwSignal::new(next0),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            restored: was_restored,
            quiet_until: if was_restored { now + 1500.0 } else { 0.0 },
            list: StoredValue::new(list),
            first_ids: StoredValue::new(first_ids),
            memory,
        }
    }

    /// The next page's loader. Its fetch is a task of the list's own: called from the observer (which
    /// runs outside any reactive owner), it still belongs to the list, and leaving the page cancels it.
    pub fn loader(self) -> Callback<()> {
        let owner = Owner::current().unwrap_or_default();
        Callback::new(move |_: ()| self.load_next(&owner))
    }

    fn load_next(self, owner: &Owner) {
        if self.loading.try_get_untracked() != Some(false) {
            return;
        }
        let Some(Some(cursor)) = self.next.try_get_untracked() else {
            return;
        };
        let Some(url) = self.list.try_with_value(|l| l.url(Some(&cursor))) else {
            return;
        };
        self.loading.set(true);
        self.error.set(None);
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                match api::get_json::<Page<ArticleSummary>>(&url).await {
                    Ok(page) => {
                        self.items.try_update(|v| append_unique(v, page.items));
                        self.next.try_set(page.next_cursor);
                        self.remember();
                    }
                    Err(ApiError::Aborted) => {}
                    Err(e) => {
                        self.error.try_set(Some(e));
                    }
                }
                self.loading.try_set(false);
            })
        });
    }

    /// Keeps the loaded pages each time one arrives (not on cleanup: the signals are gone by then).
    fn remember(self) {
        let (Some(memory), Some(ids), Some(all)) = (
            self.memory,
            self.first_ids.try_get_value(),
            self.items.try_get_untracked(),
        ) else {
            return;
        };
        let n = ids.len().min(all.len());
        let pages = ListPages {
            at: crate::browser::now_ms(),
            first_ids: ids,
            extra: all[n..].to_vec(),
            next: self.next.try_get_untracked().flatten(),
        };
        if let Some(list) = self.list.try_get_value() {
            memory.keep_list(list.key(), pages);
        }
    }
}

fn append_unique(v: &mut Vec<ArticleSummary>, more: Vec<ArticleSummary>) {
    for m in more {
        if !v.iter().any(|x| x.id == m.id) {
            v.push(m);
        }
    }
}
