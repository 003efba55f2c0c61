//! The mounted comment section: typing saves the draft, a remount restores it, limits are explained in
//! `comment-error` before anything is sent (no optimistic comment appears).

use difang::widgets::comments::Comments;
use leptos::prelude::*;
use model::ArticleId;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn q<T: JsCast>(root: &web_sys::Element, testid: &str) -> T {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap()
        .unchecked_into()
}

fn type_into(root: &web_sys::Element, testid: &str, value: &str) {
    let el: web_sys::HtmlElement = q(root, testid);
    js_sys::Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn value(root: &web_sys::Element, testid: &str) -> String {
    let el: web_sys::HtmlElement = q(root, testid);
    js_sys::Reflect::get(&el, &"value".into())
        .unwrap()
        .as_string()
        .unwrap()
}

#[wasm_bindgen_test]
async fn typing_saves_the_draft_and_a_remount_restores_it() {
    let article = ArticleId(9_901);
    storage().remove_item("difang.draft.9901").unwrap();
    let el = host();
    let handle = leptos::mount::mount_to(el.clone(), move || view! { <Comments article count=0/> });
    leptos::task::tick().await;
    type_into(&el, "comment-author", "草稿君");
    type_into(&el, "comment-text", "这段话还没写完\n刷新也不能丢");
    let saved = storage()
        .get_item("difang.draft.9901")
        .unwrap()
        .expect("draft saved while typing");
    assert!(
        saved.contains("这段话还没写完") && saved.contains("草稿君"),
        "{saved}"
    );
    drop(handle);

    let again = host();
    let handle =
        leptos::mount::mount_to(again.clone(), move || view! { <Comments article count=0/> });
    leptos::task::tick().await;
    assert_eq!(value(&again, "comment-author"), "草稿君");
    assert_eq!(
        value(&again, "comment-text"),
        "这段话还没写完\n刷新也不能丢"
    );
    drop(handle);
    storage().remove_item("difang.draft.9901").unwrap();
}

#[wasm_bindgen_test]
async fn limits_are_explained_before_sending() {
    let article = ArticleId(9_902);
    storage().remove_item("difang.draft.9902").unwrap();
    let el = host();
    let handle = leptos::mount::mount_to(el.clone(), move || view! { <Comments article count=0/> });
    leptos::task::tick().await;
    type_into(&el, "comment-author", "长");
    type_into(&el, "comment-text", &"😀".repeat(2001));
    leptos::task::tick().await;
    let counters: Vec<String> = {
        let list = el.query_selector_all(".comment-counter").unwrap();
        (0..list.length())
            .map(|i| list.get(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(counters, vec!["1/40".to_owned(), "2001/2000".to_owned()]);
    let form: web_sys::HtmlFormElement = q(&el, "comment-form");
    form.request_submit().unwrap();
    leptos::task::tick().await;
    let error: web_sys::HtmlElement = q(&el, "comment-error");
    assert!(!error.hidden());
    assert!(error.text_content().unwrap().contains("2000"));
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        el.query_selector("[data-testid=comment]")
            .unwrap()
            .is_none(),
        "nothing was sent"
    );

    type_into(&el, "comment-author", "   ");
    type_into(&el, "comment-text", "有内容");
    form.request_submit().unwrap();
    leptos::task::tick().await;
    assert!(error.text_content().unwrap().contains("昵称"));
    assert!(el
        .query_selector("[data-testid=comment]")
        .unwrap()
        .is_none());
    drop(handle);
    storage().remove_item("difang.draft.9902").unwrap();
}
