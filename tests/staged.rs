//! The staging render (src/staged.rs) in a real browser: marked parts draw after the task that mounts
//! the app, nested parts after their parent, `done` once after every part, and nothing is staged after;
//! work marked `when_shown` waits for `done`, `when_settled` also for an idle moment; a channel list adds its rows a few per task.

use difang::pages::channel::{ChannelList, Listed};
use difang::staged::{later, when_settled, when_shown, Staging};
use leptos::prelude::*;
use model::{ArticleSummary, Page};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

mod support;

use support::{mount, sleep};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets the current task's microtasks (the reactive system's work) run, but no other task.
async fn microtasks() {
    let p = js_sys::Promise::resolve(&JsValue::NULL);
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn text(root: &HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn without_a_staging_render_a_part_draws_at_once() {
    let root = mount(|| later(|| view! { <p>"now"</p> }.into_any()));
    assert_eq!(text(&root), "now");
}

#[wasm_bindgen_test]
async fn a_staging_render_draws_its_parts_in_later_tasks_then_is_done_once() {
    let order = Rc::new(RefCell::new(Vec::<&'static str>::new()));
    let done_seen = Rc::new(RefCell::new(None::<(u32, String)>));
    let calls = Rc::new(Cell::new(0u32));
    let root_cell = Rc::new(RefCell::new(None::<HtmlElement>));
    let (o1, o2, o3) = (order.clone(), order.clone(), order.clone());
    let (seen, count, root_at_done) = (done_seen.clone(), calls.clone(), root_cell.clone());
    let root = mount(move || {
        Staging::provide(move || {
            count.set(count.get() + 1);
            let drawn = root_at_done.borrow().as_ref().map(text).unwrap_or_default();
            *seen.borrow_mut() = Some((count.get(), drawn));
        });
        view! {
            <span>"frame;"</span>
            {later(move || {
                o1.borrow_mut().push("one");
                view! { <span>"one;"</span> }.into_any()
            })}
            {later(move || {
                o2.borrow_mut().push("two");
                let o3 = o3.clone();
                view! {
                    <span>"two;"</span>
                    {later(move || {
                        o3.borrow_mut().push("three");
                        view! { <span>"three;"</span> }.into_any()
                    })}
                }
                .into_any()
            })}
        }
    });
    *root_cell.borrow_mut() = Some(root.clone());
    microtasks().await;
    assert_eq!(
        text(&root),
        "frame;",
        "only the unmarked part draws with the mount"
    );
    assert!(order.borrow().is_empty());
    assert_eq!(calls.get(), 0);

    sleep(100).await;
    assert_eq!(*order.borrow(), vec!["one", "two", "three"]);
    assert_eq!(text(&root), "frame;one;two;three;");
    assert_eq!(
        *done_seen.borrow(),
        Some((1, "frame;one;two;three;".to_owned())),
        "done ran once, after the nested part drew too"
    );
}

#[wasm_bindgen_test]
async fn after_the_staging_render_parts_draw_at_once() {
    let show = RwSignal::new(false);
    let done = Rc::new(Cell::new(false));
    let d = done.clone();
    let root = mount(move || {
        Staging::provide(move || d.set(true));
        move || {
            show.get()
                .then(|| later(|| view! { <p>"late"</p> }.into_any()))
        }
    });
    sleep(50).await;
    assert!(
        done.get(),
        "a render that marks nothing is done after its task"
    );
    show.set(true);
    microtasks().await;
    assert_eq!(text(&root), "late");
}

/// A first page of `n` headlines, as the API sends it.
fn headlines(n: u64) -> Page<ArticleSummary> {
    let items: Vec<_> = (1..=n)
        .map(|i| {
            serde_json::json!({
                "id": i, "title": format!("t{i}"), "excerpt": "",
                "channel": { "slug": "ziyang-news", "name": "资阳新闻" },
                "published_at": "2017-06-15T00:00:00+08:00", "comment_count": 0,
            })
        })
        .collect();
    serde_json::from_value(serde_json::json!({ "items": items })).unwrap()
}

fn titles(root: &HtmlElement) -> Vec<String> {
    let rows = root.query_selector_all(".card-title").unwrap();
    (0..rows.length())
        .map(|i| rows.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn a_channel_list_in_a_staging_render_adds_its_rows_a_few_per_task() {
    let page = headlines(12);
    let root = mount(move || {
        Staging::provide(|| {});
        view! { <ChannelList list=Listed::Channel("ziyang-news".to_owned()) first=page/> }
    });
    microtasks().await;
    assert_eq!(
        titles(&root),
        ["t1", "t2", "t3", "t4", "t5"],
        "the first rows draw with the list"
    );
    sleep(100).await;
    let all: Vec<String> = (1..=12).map(|i| format!("t{i}")).collect();
    assert_eq!(titles(&root), all, "the rest follow, in order");
}

#[wasm_bindgen_test]
async fn a_channel_list_outside_a_staging_render_draws_every_row_at_once() {
    let page = headlines(12);
    let root = mount(
        move || view! { <ChannelList list=Listed::Channel("ziyang-news".to_owned()) first=page/> },
    );
    assert_eq!(titles(&root).len(), 12);
}

#[wasm_bindgen_test]
async fn work_for_when_shown_runs_after_done_and_at_once_without_a_staging_render() {
    let log = Rc::new(RefCell::new(Vec::<&'static str>::new()));
    let (l1, l2, l3) = (log.clone(), log.clone(), log.clone());
    mount(move || {
        Staging::provide(move || l1.borrow_mut().push("done"));
        when_shown(move || l2.borrow_mut().push("shown"));
        later(move || {
            l3.borrow_mut().push("part");
            ().into_any()
        })
    });
    microtasks().await;
    assert!(
        log.borrow().is_empty(),
        "nothing before the parts have drawn"
    );
    sleep(100).await;
    assert_eq!(*log.borrow(), ["part", "done", "shown"]);

    let now = Rc::new(Cell::new(false));
    let n = now.clone();
    mount(move || when_shown(move || n.set(true)));
    assert!(now.get());
}

#[wasm_bindgen_test]
async fn work_for_when_settled_waits_for_the_browser_to_be_idle() {
    let ran = Rc::new(Cell::new(false));
    let r = ran.clone();
    mount(move || when_settled(move || r.set(true)));
    assert!(!ran.get(), "not in the task that asked");
    // requestIdleCallback comes within a frame or two on an idle page (at the latest after 5 s).
    for _ in 0..60 {
        if ran.get() {
            break;
        }
        sleep(100).await;
    }
    assert!(ran.get(), "ran once the browser was idle");
}
