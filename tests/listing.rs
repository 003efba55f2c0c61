//! A tag's page, read through a `Resource` under `Suspense` (issue 27 item 1): its first page drawn in
//! the first render from an answer already held, and a failed load shown as the page's error, whose retry
//! loads it again.

mod support;

use difang::api::seed;
use difang::pages::listing::{first_url, ListingPage};
use difang::routes::Route;
use leptos::prelude::*;
use leptos_router::components::Router;
use model::ListingKind;
use support::{mount, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TAG: &str = "文明城市";

/// The tag's first page: one article.
const PAGE: &str = r#"{"kind":"tag","name":"文明城市","total":1,"items":[{"id":1001,
    "title":"坚决打好文明城市创建总体仗","channel":{"slug":"ziyang-news","name":"资阳新闻"},
    "published_at":"2017-06-16T07:32:00+08:00","source":"资阳日报","excerpt":"雁江","image":null,
    "comment_count":6}],"next_cursor":null}"#;

fn count(el: &web_sys::HtmlElement, selector: &str) -> u32 {
    el.query_selector_all(selector).unwrap().length()
}

/// The tag's page, with the app's state, in a router.
fn tag_page(answer: Result<String, u16>) -> web_sys::HtmlElement {
    mount(move || {
        difang::state::provide(Route::Listing(ListingKind::Tag, TAG.to_owned()));
        seed([(first_url(ListingKind::Tag, TAG), answer)]);
        view! { <Router><ListingPage kind=ListingKind::Tag name=TAG.to_owned()/></Router> }
    })
}

#[wasm_bindgen_test]
fn a_tag_page_already_held_is_drawn_in_the_first_render() {
    let el = tag_page(Ok(PAGE.to_owned()));
    assert_eq!(count(&el, "[data-testid=listing-page]"), 1);
    assert_eq!(
        el.query_selector("[data-testid=listing-total]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "共 1 篇文章"
    );
    assert_eq!(count(&el, ".loading"), 0);
}

#[wasm_bindgen_test]
async fn a_failed_tag_page_is_an_error_whose_retry_loads_it() {
    let el = tag_page(Err(503));
    until("the page's error box is shown", || {
        count(&el, "[data-testid=error]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=listing-page]"), 0);
    // The answer is there now: the retry loads it and draws the page.
    seed([(first_url(ListingKind::Tag, TAG), Ok(PAGE.to_owned()))]);
    let retry = el.query_selector("[data-testid=retry]").unwrap().unwrap();
    retry.unchecked_into::<web_sys::HtmlElement>().click();
    until("the tag's page is drawn", || {
        count(&el, "[data-testid=listing-page]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=error]"), 0);
}
