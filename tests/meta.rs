//! A page's head tags (src/components/meta.rs) in a real browser. The tags the server wrote (leptos_meta's,
//! marked `data-ssr-meta`) are the page's own when the app takes over the page the server drew: they stay
//! until the page goes. Any other page replaces them in the same task as its own go in, so there are never
//! two canonicals; the `<title>` is kept and retitled, so a tab never shows no title and never two.

mod support;

use difang::components::meta::PageMeta;
use difang::staged::Staging;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use support::{frame, mount, until};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A head as the server writes it, alone: its `<title>` unmarked, a canonical link marked.
fn servers_head(
    title: &str,
) -> (
    web_sys::Document,
    web_sys::HtmlHeadElement,
    web_sys::Element,
) {
    let doc = web_sys::window().unwrap().document().unwrap();
    let head = doc.head().unwrap();
    while let Some(el) = head.query_selector("title, link, meta").unwrap() {
        el.remove();
    }
    let el = doc.create_element("title").unwrap();
    el.set_text_content(Some(title));
    head.append_child(&el).unwrap();
    let canonical = doc.create_element("link").unwrap();
    canonical.set_attribute("data-ssr-meta", "").unwrap();
    canonical.set_attribute("rel", "canonical").unwrap();
    canonical
        .set_attribute("href", "http://server.example/a/1")
        .unwrap();
    head.append_child(&canonical).unwrap();
    (doc, head, canonical)
}

/// Mounts a page's `PageMeta` (titled "Page title") while `show` is true, in a staging render if
/// `taking_over`, and waits until the app is drawn.
async fn mount_page_meta(show: RwSignal<bool>, taking_over: bool) {
    let drawn = RwSignal::new(false);
    mount(move || {
        provide_meta_context();
        if taking_over {
            Staging::provide(|| ());
        }
        Effect::new(move |_| drawn.set(true));
        move || {
            show.get().then(|| {
                view! { <PageMeta title="Page title".to_owned() description="d".to_owned() path="/a/1".to_owned()/> }
            })
        }
    });
    until("the app is drawn", || drawn.get_untracked()).await;
    frame().await;
}

#[wasm_bindgen_test]
async fn the_servers_tags_go_as_the_pages_own_go_in() {
    let (doc, head, _) = servers_head("Server title");
    let show = RwSignal::new(false);
    mount_page_meta(show, false).await;
    assert_eq!(
        doc.title(),
        "Server title",
        "the server's tags stay until a page's own go in"
    );
    assert_eq!(
        head.query_selector_all("[data-ssr-meta]").unwrap().length(),
        1
    );
    show.set(true);
    until("the page's title is set", || doc.title() == "Page title").await;
    assert_eq!(
        head.query_selector_all("[data-ssr-meta]").unwrap().length(),
        0
    );
    assert_eq!(
        head.query_selector_all("link[rel=canonical]")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(head.query_selector_all("title").unwrap().length(), 1);
}

/// Taking over the page the server drew (a staging render): the server's tags are that page's, so they
/// are kept, not removed and drawn again, and they go when the page goes.
#[wasm_bindgen_test]
async fn the_page_taken_over_keeps_the_servers_tags_until_it_goes() {
    let (doc, head, canonical) = servers_head("Page title");
    let show = RwSignal::new(true);
    mount_page_meta(show, true).await;
    assert!(canonical.is_connected(), "the server's tag is kept");
    assert_eq!(
        head.query_selector_all("link[rel=canonical]")
            .unwrap()
            .length(),
        1
    );
    assert_eq!(
        head.query_selector_all("meta").unwrap().length(),
        0,
        "nothing drawn again"
    );
    assert_eq!(head.query_selector_all("title").unwrap().length(), 1);
    assert_eq!(doc.title(), "Page title");
    show.set(false);
    until("the page's tags go with it", || !canonical.is_connected()).await;
    assert_eq!(
        head.query_selector_all("[data-ssr-meta]").unwrap().length(),
        0
    );
}
