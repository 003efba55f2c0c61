//! A page's head tags (src/components/meta.rs) in a real browser: the tags the server wrote (leptos_meta's,
//! marked `data-ssr-meta`) go in the same task as the first page's own, so there are never two canonicals;
//! the server's `<title>` is kept and retitled, so a tab never shows no title and never two.

mod support;

use difang::components::meta::PageMeta;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use support::{frame, mount, until};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_servers_tags_go_as_the_pages_own_go_in() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let head = doc.head().unwrap();
    // As the server writes them: the title unmarked, the other tags marked.
    let title = doc.create_element("title").unwrap();
    title.set_text_content(Some("Server title"));
    head.append_child(&title).unwrap();
    let canonical = doc.create_element("link").unwrap();
    canonical.set_attribute("data-ssr-meta", "").unwrap();
    canonical.set_attribute("rel", "canonical").unwrap();
    canonical
        .set_attribute("href", "http://server.example/a/1")
        .unwrap();
    head.append_child(&canonical).unwrap();
    let show = RwSignal::new(false);
    let drawn = RwSignal::new(false);
    mount(move || {
        provide_meta_context();
        Effect::new(move |_| drawn.set(true));
        move || {
            show.get().then(|| {
                view! { <PageMeta title="Page title".to_owned() description=String::new() path="/a/1".to_owned()/> }
            })
        }
    });
    until("the app is drawn", || drawn.get_untracked()).await;
    frame().await;
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
