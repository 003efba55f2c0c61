//! Starting from the server's first screen: the answers inlined in the page fill the app's cache (a 404
//! once, for the first render), and leave the page; anything else there starts nothing.

mod support;

use difang::api::{cached_text, resource, seed, Answers, ApiError};
use difang::handover::{take_answers, ANSWERS_ID};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn inline(text: &str) -> web_sys::Document {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("script").unwrap();
    el.set_attribute("type", "application/json").unwrap();
    el.set_id(ANSWERS_ID);
    el.set_text_content(Some(text));
    doc.body().unwrap().append_child(&el).unwrap();
    doc
}

#[wasm_bindgen_test]
fn inlined_answers_fill_the_cache_and_leave_the_page() {
    // Mounting starts the executor a resource's task needs.
    support::mount(|| ());
    let owner = Owner::new();
    owner.with(inlined_answers_fill_a_new_store);
}

fn inlined_answers_fill_a_new_store() {
    Answers::provide();
    let doc = inline(
        r#"{"answers":{"/api/v1/articles/5":{"id":5,"title":"\u003c/script> x"}},"failed":{"/api/v1/articles/6":404}}"#,
    );
    assert!(take_answers(&doc));
    assert!(doc.get_element_by_id(ANSWERS_ID).is_none());
    assert_eq!(
        cached_text("/api/v1/articles/5").as_deref(),
        Some(r#"{"id":5,"title":"</script> x"}"#)
    );
    // The failure is the first render's answer, once: a retry asks the server.
    let res = resource("/api/v1/articles/6".into());
    let Some(Err(error)) = res.get_untracked() else {
        panic!("the inlined 404 answers at once");
    };
    assert_eq!(
        error,
        ApiError::Http {
            status: 404,
            error: None
        }
    );
    assert!(cached_text("/api/v1/articles/6").is_none());
}

#[wasm_bindgen_test]
fn no_or_broken_answers_start_nothing() {
    let owner = Owner::new();
    owner.with(no_or_broken_answers_fill_nothing);
}

fn no_or_broken_answers_fill_nothing() {
    Answers::provide();
    let doc = web_sys::window().unwrap().document().unwrap();
    assert!(!take_answers(&doc));
    for broken in ["{not json", r#"{"answers":[]}"#, "null"] {
        let doc = inline(broken);
        assert!(!take_answers(&doc), "{broken}");
        assert!(doc.get_element_by_id(ANSWERS_ID).is_none(), "{broken}");
    }
    assert!(cached_text("/api/v1/site").is_none());
}

/// A store belongs to the owner it was provided to (a page in the browser, a render on the server):
/// what one holds, another does not see.
#[wasm_bindgen_test]
fn two_stores_hold_their_own_answers() {
    let url = "/api/v1/articles/7";
    let (one, two) = (Owner::new(), Owner::new());
    one.with(|| {
        Answers::provide();
        seed([(url.to_owned(), Ok("{}".to_owned()))]);
    });
    two.with(|| {
        Answers::provide();
        seed([(url.to_owned(), Err(404))]);
    });
    assert_eq!(one.with(|| cached_text(url)).as_deref(), Some("{}"));
    assert_eq!(two.with(|| cached_text(url)), None);
    let below_one = one.with(Owner::new);
    assert_eq!(below_one.with(|| cached_text(url)).as_deref(), Some("{}"));
}
