//! The channel, place and home pages, read through `Resource`s under `Suspense` (issue 27 item 1): drawn
//! in the first render from answers already held; a page's failure shown as the page's error, whose
//! retry loads it again; a part's failure kept inside its part.

mod support;

use difang::api::seed;
use difang::pages::channel::ChannelPage;
use difang::pages::home::{trends_url, HomePage};
use difang::pages::place::PlacePage;
use difang::routes::Route;
use leptos::prelude::*;
use leptos_router::components::Router;
use model::paths;
use support::{mount, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One region, one city with two channels.
const SITE: &str = r#"{"name":"地方网","language":"zh-CN","description":"资阳的新闻","regions":[
    {"slug":"sichuan","name":"四川","cities":[{"slug":"ziyang","name":"资阳市","channels":[
        {"slug":"ziyang-news","name":"资阳新闻","tagline":"讲述家乡的故事"},
        {"slug":"anyue-news","name":"安岳新闻","tagline":"安岳的故事"}]}]}]}"#;

/// A page of one article.
const LIST: &str = r#"{"items":[{"id":1001,"title":"坚决打好文明城市创建总体仗",
    "channel":{"slug":"ziyang-news","name":"资阳新闻"},"published_at":"2017-06-16T07:32:00+08:00",
    "source":"资阳日报","excerpt":"雁江","image":null,"comment_count":6}],"next_cursor":null}"#;

fn count(el: &web_sys::HtmlElement, selector: &str) -> u32 {
    el.query_selector_all(selector).unwrap().length()
}

fn text(el: &web_sys::HtmlElement, selector: &str) -> String {
    el.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap()
}

fn click(el: &web_sys::HtmlElement, selector: &str) {
    let button = el.query_selector(selector).unwrap().unwrap();
    button.unchecked_into::<web_sys::HtmlElement>().click();
}

/// `page` for `route`, with the app's state, in a router, after `answers` are held.
fn mounted<V: IntoView + 'static>(
    route: Route,
    answers: Vec<(String, Result<String, u16>)>,
    page: impl FnOnce() -> V + Send + 'static,
) -> web_sys::HtmlElement {
    mount(move || {
        // Held before the app's state loads the site.
        seed(answers);
        difang::state::provide(route);
        view! { <Router>{page()}</Router> }
    })
}

fn channel_page(slug: &str, first: Result<String, u16>) -> web_sys::HtmlElement {
    let slug = slug.to_owned();
    let answers = vec![
        (paths::site(), Ok(SITE.to_owned())),
        (paths::channel_articles(&slug, None, None), first),
    ];
    mounted(Route::Channel(slug.clone()), answers, move || {
        view! { <ChannelPage slug/> }
    })
}

#[wasm_bindgen_test]
fn a_channel_page_already_held_is_drawn_in_the_first_render() {
    let el = channel_page("ziyang-news", Ok(LIST.to_owned()));
    assert_eq!(text(&el, ".channel-page h1"), "资阳新闻");
    assert_eq!(count(&el, "[data-testid=article-list] li"), 1);
    assert_eq!(count(&el, ".loading"), 0);
}

#[wasm_bindgen_test]
fn a_channel_the_site_does_not_have_is_the_404_page() {
    let el = channel_page("nowhere", Err(404));
    assert_eq!(count(&el, "[data-testid=not-found]"), 1);
    assert_eq!(count(&el, ".channel-page"), 0);
}

#[wasm_bindgen_test]
async fn a_failed_channel_page_is_an_error_whose_retry_loads_it() {
    let el = channel_page("anyue-news", Err(503));
    until("the page's error box is shown", || {
        count(&el, "[data-testid=error]") == 1
    })
    .await;
    assert_eq!(count(&el, ".channel-page"), 0);
    seed([(
        paths::channel_articles("anyue-news", None, None),
        Ok(LIST.to_owned()),
    )]);
    click(&el, "[data-testid=retry]");
    until("the channel's page is drawn", || {
        count(&el, ".channel-page [data-testid=article-list] li") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=error]"), 0);
}

#[wasm_bindgen_test]
async fn a_place_page_keeps_a_channels_failure_inside_its_section() {
    let answers = vec![
        (paths::site(), Ok(SITE.to_owned())),
        (
            paths::channel_articles("ziyang-news", None, Some(5)),
            Ok(LIST.to_owned()),
        ),
        (
            paths::channel_articles("anyue-news", None, Some(5)),
            Err(404),
        ),
    ];
    let el = mounted(Route::Place("ziyang".into()), answers, || {
        view! { <PlacePage slug="ziyang".to_owned()/> }
    });
    // Drawn in the first render: the city, and each channel's section with what it holds.
    assert_eq!(text(&el, "h1.page-title"), "资阳市");
    assert_eq!(count(&el, "section.block"), 2);
    assert_eq!(count(&el, "#ch-ziyang-news ~ ul li"), 1);
    assert_eq!(count(&el, "section.block [data-testid=part-missing]"), 1);
    assert_eq!(count(&el, "[data-testid=not-found]"), 0);
    assert_eq!(count(&el, ".loading"), 0);
}

#[wasm_bindgen_test]
fn a_place_the_site_does_not_have_is_the_404_page() {
    let answers = vec![(paths::site(), Ok(SITE.to_owned()))];
    let el = mounted(Route::Place("nowhere".into()), answers, || {
        view! { <PlacePage slug="nowhere".to_owned()/> }
    });
    assert_eq!(count(&el, "[data-testid=not-found]"), 1);
}

#[wasm_bindgen_test]
async fn the_home_pages_trends_fail_inside_the_aside_and_retry() {
    let answers = vec![
        (paths::site(), Ok(SITE.to_owned())),
        (
            paths::channel_articles("ziyang-news", None, Some(5)),
            Ok(LIST.to_owned()),
        ),
        (
            paths::channel_articles("anyue-news", None, Some(5)),
            Ok(LIST.to_owned()),
        ),
        (trends_url(), Err(503)),
    ];
    let el = mounted(Route::Home, answers, || view! { <HomePage/> });
    // The lead story is drawn at once; the trends' failure is an error box in the aside only.
    assert_eq!(count(&el, "article.lead"), 1);
    until("the trends' error box is shown", || {
        count(&el, "aside [data-testid=error]") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=error]"), 1);
    let items = &LIST[LIST.find('[').unwrap()..LIST.rfind(']').unwrap() + 1];
    let trends =
        format!(r#"{{"widgets":[{{"kind":"hot-ranking","title":"热点排行","items":{items}}}]}}"#);
    seed([(trends_url(), Ok(trends))]);
    click(&el, "aside [data-testid=retry]");
    until("the trends are drawn", || {
        count(&el, "aside .ranking li") == 1
    })
    .await;
    assert_eq!(count(&el, "[data-testid=error]"), 0);
}
