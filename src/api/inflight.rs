//! GETs of one URL at the same time share one request (the router preparing a page and the page itself,
//! the header and the article). The request is aborted when the last one waiting for it goes away, so a
//! page that is left cancels what only it wanted.

use super::{cache, decode_response, http, ApiError};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Method;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

type Answer = Shared<LocalBoxFuture<'static, Result<String, ApiError>>>;

struct Flight {
    id: u64,
    answer: Answer,
    controller: Option<web_sys::AbortController>,
    waiting: Rc<Cell<usize>>,
}

thread_local! {
    // The requests under way in this browser tab (never on the server, whose render does not fetch): no
    // page state, and not a context value, which must be `Send` as abort controllers and futures are not.
    static FLIGHTS: RefCell<HashMap<String, Flight>> = RefCell::new(HashMap::new());
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// One waiter; dropping it before the answer came (its task was cancelled) may abort the request.
struct Waiter {
    url: String,
    id: u64,
    waiting: Rc<Cell<usize>>,
    done: bool,
}

impl Drop for Waiter {
    fn drop(&mut self) {
        self.waiting.set(self.waiting.get() - 1);
        if self.done || self.waiting.get() > 0 {
            return;
        }
        let flight = FLIGHTS.with(|f| {
            let mut f = f.borrow_mut();
            match f.get(&self.url) {
                Some(flight) if flight.id == self.id => f.remove(&self.url),
                _ => None,
            }
        });
        if let Some(controller) = flight.and_then(|f| f.controller) {
            controller.abort();
        }
    }
}

/// GETs `url` (2xx JSON only; stored in the cache), joining a request for it that is under way.
pub(super) async fn get(url: &str) -> Result<String, ApiError> {
    let (answer, mut waiter) = FLIGHTS.with(|f| {
        let mut f = f.borrow_mut();
        let flight = f.entry(url.to_owned()).or_insert_with(|| start(url));
        flight.waiting.set(flight.waiting.get() + 1);
        let waiter = Waiter {
            url: url.to_owned(),
            id: flight.id,
            waiting: flight.waiting.clone(),
            done: false,
        };
        (flight.answer.clone(), waiter)
    });
    let result = answer.await;
    waiter.done = true;
    result
}

fn start(url: &str) -> Flight {
    let id = NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let key = url.to_owned();
    let answer = async move {
        let result = async {
            let answer = http::exchange(Method::GET, &key, None, &[], signal.as_ref()).await?;
            // Not JSON at all (an HTML error page from a proxy, a cut-off body): an error, never cached.
            decode_response::<serde::de::IgnoredAny>(answer.status, &answer.text)
                .map_err(|e| e.with_retry_after(answer.retry_after))?;
            cache::store(&key, answer.text.clone());
            Ok(answer.text)
        }
        .await;
        FLIGHTS.with(|f| {
            let mut f = f.borrow_mut();
            if f.get(&key).is_some_and(|flight| flight.id == id) {
                f.remove(&key);
            }
        });
        result
    }
    .boxed_local()
    .shared();
    Flight {
        id,
        answer,
        controller,
        waiting: Rc::new(Cell::new(0)),
    }
}
