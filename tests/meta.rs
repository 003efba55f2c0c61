//! A page's head tags (src/components/meta.rs) in a real browser: the crawler tags the server wrote go
//! in the same task as the first page's own, so a tab never shows no title and never two canonicals.

mod support;

use difang::components::meta::PageMeta;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use support::{mount, sleep};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_servers_tags_go_as_the_pages_own_go_in() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let head = doc.head().unwrap();
    for (tag, attr, value) in [("title", "", ""), ("link", "rel", "canonical")] {
        let el = doc.create_element(tag).unwrap();
        el.set_attribute("data-ssr-meta", "").unwrap();
        if !attr.is_empty() {
            el.set_attribute(attr, value).unwrap();
            el.set_attribute("href", "http://server.example/a/1")
                .unwrap();
        } else {
            el.set_text_content(Some("Server title"));
        }
        head.append_child(&el).unwrap();
    }
    let show = RwSignal::new(false);
    mount(move || {
        provide_meta_context();
        move || {
            show.get().then(|| {
                view! { <PageMeta title="Page title".to_owned() description=String::new() path="/a/1".to_owned()/> }
            })
        }
    });
    sleep(20).await;
    assert_eq!(
        doc.title(),
        "Server title",
        "the server's tags stay until a page's own go in"
    );
    show.set(true);
    sleep(20).await;
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
    assert_eq!(doc.title(), "Page title");
}
