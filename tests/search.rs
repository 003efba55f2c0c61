//! The search page's results, read through a `Resource` under `Suspense` (issue 27 item 1): drawn in the
//! first render from answers already held (as the takeover draws the server's page), and a failure
//! shown with a retry that fetches again. Against the test runner's real server, which has no search.

mod support;

use difang::api::seed;
use difang::pages::search::{Results, Wanted};
use leptos::prelude::*;
use support::{mount, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One page of results with the seed article, its title's match marked.
const PAGE: &str = r#"{"query":"文明城市","total":1,"items":[{"article":{"id":1001,
    "title":"坚决打好文明城市创建总体仗","channel":{"slug":"ziyang-news","name":"资阳新闻"},
    "published_at":"2017-06-16T07:32:00+08:00","source":"资阳日报","excerpt":"雁江","image":null,
    "comment_count":6},"title":[{"text":"坚决打好"},{"text":"文明城市","hit":true},{"text":"创建总体仗"}],
    "snippet":[{"text":"雁江"}]}],"next_cursor":null}"#;

fn wanted(q: &str) -> Wanted {
    Wanted {
        q: q.to_owned(),
        ..Wanted::default()
    }
}

fn count(el: &web_sys::HtmlElement, selector: &str) -> u32 {
    el.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
fn results_already_held_are_drawn_in_the_first_render() {
    let w = wanted("文明城市");
    let url = w.api_url();
    let el = mount(move || {
        seed([(url, Ok(PAGE.to_owned()))]);
        view! { <Results wanted=w/> }
    });
    // No waiting: the hits are there when the mount returns, without the placeholder first.
    assert_eq!(count(&el, "[data-testid=search-hit]"), 1);
    assert_eq!(count(&el, "[data-testid=search-hit] mark"), 1);
    assert_eq!(count(&el, ".loading"), 0);
}

#[wasm_bindgen_test]
async fn a_failed_search_shows_an_error_whose_retry_fetches_again() {
    let w = wanted("没有这个");
    let url = w.api_url();
    let el = mount(move || view! { <Results wanted=w/> });
    // The runner answers /api/v1/search with a 404: a real failed request.
    until("the error box is shown", || {
        count(&el, "[data-testid=error]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=search-hit]"), 0);
    // The answer is there now (as if the server had come back): the retry fetches it and draws it.
    let retry = el.query_selector("[data-testid=retry]").unwrap().unwrap();
    seed([(url, Ok(PAGE.to_owned()))]);
    retry.unchecked_into::<web_sys::HtmlElement>().click();
    until("the retried search is drawn", || {
        count(&el, "[data-testid=search-hit]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=error]"), 0);
}
