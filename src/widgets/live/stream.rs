//! Where a live article's new updates come from: its Server-Sent Events stream, or, where the stream
//! cannot be held (no EventSource, a proxy that closes it), a poll of its feed every [`POLL_MS`]. Both
//! belong to the view that opened them: closed and cleared when it goes.

use crate::api::{send_json, Method};
use crate::browser::listen;
use leptos::prelude::*;
use model::{paths, ArticleId, LiveFeed, LiveUpdate};
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// How often the fallback asks for new updates.
pub const POLL_MS: u64 = 15_000;

/// What the stream says.
pub enum News {
    Update(LiveUpdate),
    /// An update taken back by the newsroom.
    Removed(u64),
    /// The article is no longer live.
    Ended,
}

/// Follows article `id` after update `since`, calling `on` for each piece of news, until the current
/// owner is cleaned up.
pub fn follow(id: ArticleId, since: u64, on: impl Fn(News) + Clone + 'static) {
    let last = StoredValue::new(since);
    let tell = move |news: News| {
        if let News::Update(u) = &news {
            last.try_update_value(|l| *l = (*l).max(u.id));
        }
        on(news);
    };
    let Ok(source) = EventSource::new(&paths::live_stream_after(id, since)) else {
        return poll(id, last, tell);
    };
    let json = |ev: &web_sys::Event| {
        ev.dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string())
    };
    {
        let tell = tell.clone();
        listen(&source, "update", false, move |ev: web_sys::Event| {
            if let Some(u) = json(&ev).and_then(|d| crate::json::from_str::<LiveUpdate>(&d).ok()) {
                tell(News::Update(u));
            }
        });
    }
    {
        let tell = tell.clone();
        listen(&source, "remove", false, move |ev: web_sys::Event| {
            #[derive(serde::Deserialize)]
            struct Gone {
                id: u64,
            }
            if let Some(g) = json(&ev).and_then(|d| crate::json::from_str::<Gone>(&d).ok()) {
                tell(News::Removed(g.id));
            }
        });
    }
    // `end`, and a stream the server refused (204: not live) or a proxy cut for good (CLOSED): the
    // browser will not reconnect by itself, so polling takes over (and says when the article ends).
    let ended = StoredValue::new(false);
    {
        let (tell, own) = (tell.clone(), source.clone());
        listen(&source, "end", false, move |_: web_sys::Event| {
            own.close();
            ended.try_set_value(true);
            tell(News::Ended);
        });
    }
    let own = source.clone();
    listen(&source, "error", false, move |_: web_sys::Event| {
        if own.ready_state() == EventSource::CLOSED && ended.try_get_value() == Some(false) {
            ended.try_set_value(true);
            poll(id, last, tell.clone());
        }
    });
    let source = SendWrapper::new(source);
    on_cleanup(move || source.take().close());
}

/// The fallback: the feed after the last update seen, every [`POLL_MS`], never from a cache, until the
/// article is no longer live.
fn poll(id: ArticleId, last: StoredValue<u64>, tell: impl Fn(News) + Clone + 'static) {
    let owner = Owner::current().unwrap_or_default();
    let timer = StoredValue::new(None::<IntervalHandle>);
    let ask = move || {
        let tell = tell.clone();
        owner.with(|| {
            leptos::task::spawn_local_scoped_with_cancellation(async move {
                let Some(since) = last.try_get_value() else {
                    return;
                };
                let url = paths::live(id, Some(since));
                let Ok(feed) = send_json::<LiveFeed>(Method::GET, &url, None, &[]).await else {
                    return;
                };
                // Oldest first, as a stream would have sent them.
                for u in feed.updates.into_iter().rev() {
                    tell(News::Update(u));
                }
                if !feed.live {
                    tell(News::Ended);
                    if let Some(Some(handle)) = timer.try_get_value() {
                        handle.clear();
                    }
                }
            })
        });
    };
    if let Ok(handle) = set_interval_with_handle(ask, std::time::Duration::from_millis(POLL_MS)) {
        timer.set_value(Some(handle));
        on_cleanup(move || handle.clear());
    }
}
