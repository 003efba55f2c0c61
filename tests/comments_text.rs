//! Comment text renders as text: hostile markup stays literal, only http(s) URLs become links, breaks kept;
//! and the pure rules beside it (depth capping, "回复 @name").

use difang::i18n::Lang;
use difang::widgets::comments::text::{
    pieces, reply_label, shown_flat, CommentText, Piece, MAX_INDENT,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Mounts `text` as a comment body and returns the container (the mount handle is leaked on purpose).
async fn render(text: &str) -> web_sys::HtmlElement {
    let el = host();
    let text = text.to_owned();
    let handle = leptos::mount::mount_to(
        el.clone(),
        move || view! { <p class="comment-body"><CommentText text=text.clone()/></p> },
    );
    std::mem::forget(handle);
    leptos::task::tick().await;
    el
}

#[wasm_bindgen_test]
async fn hostile_markup_stays_literal() {
    let payloads = [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=2\">",
        "[click](javascript:window.__pwned=3) javascript:alert(3)",
        "\"><svg onload=\"window.__pwned=4\">",
    ];
    let all = payloads.join("\n");
    let el = render(&all).await;
    let p = el.query_selector("p").unwrap().unwrap();
    assert_eq!(p.text_content().unwrap(), all);
    for tag in ["script", "img", "svg", "a", "b"] {
        assert!(
            p.query_selector(tag).unwrap().is_none(),
            "a <{tag}> was created"
        );
    }
    assert_eq!(p.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn http_urls_become_links_with_the_url_as_text() {
    let el =
        render("看这里 https://www.yybnet.net/a?b=1,谢谢 javascript:alert(1) http://x.cn.").await;
    let links = el.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2);
    let a: web_sys::Element = links.get(0).unwrap().unchecked_into();
    assert_eq!(
        a.get_attribute("href").unwrap(),
        "https://www.yybnet.net/a?b=1"
    );
    assert_eq!(a.text_content().unwrap(), "https://www.yybnet.net/a?b=1");
    assert_eq!(a.get_attribute("rel").unwrap(), "nofollow ugc noopener");
    let b: web_sys::Element = links.get(1).unwrap().unchecked_into();
    assert_eq!(b.get_attribute("href").unwrap(), "http://x.cn");
    assert!(el
        .query_selector("a[href^='javascript']")
        .unwrap()
        .is_none());
    assert!(el.text_content().unwrap().contains("javascript:alert(1)"));
}

#[wasm_bindgen_test]
async fn line_breaks_are_kept() {
    let el = render("第一行\n第二行\n\n第四行").await;
    let p: web_sys::HtmlElement = el.query_selector("p").unwrap().unwrap().unchecked_into();
    assert_eq!(p.text_content().unwrap(), "第一行\n第二行\n\n第四行");
    // Shown as typed only with the stylesheet's pre-wrap; the rendered text keeps the breaks.
    let style = p.style();
    style.set_property("white-space", "pre-wrap").unwrap();
    assert_eq!(p.inner_text().matches('\n').count(), 3);
}

#[wasm_bindgen_test]
fn pieces_split_only_safe_links() {
    assert_eq!(pieces("<b>x</b>"), vec![Piece::Text("<b>x</b>".into())]);
    assert_eq!(
        pieces("javascript:http//x data:text/html,hi"),
        vec![Piece::Text("javascript:http//x data:text/html,hi".into())]
    );
    let p = pieces("a https://b.cn c");
    assert_eq!(p.len(), 3);
    assert!(matches!(&p[1], Piece::Link(u) if u.as_str() == "https://b.cn"));
    // A scheme with no host stays text.
    assert_eq!(pieces("https:// x"), vec![Piece::Text("https:// x".into())]);
}

#[wasm_bindgen_test]
fn depth_is_capped_and_flat_replies_say_whom_they_answer() {
    assert_eq!(MAX_INDENT, 3);
    assert!(!shown_flat(0) && !shown_flat(3));
    assert!(shown_flat(4) && shown_flat(9));
    assert_eq!(reply_label(2, Some("张三"), Lang::Zh), None);
    assert_eq!(
        reply_label(4, Some("张三"), Lang::Zh).as_deref(),
        Some("回复 @张三")
    );
    assert_eq!(reply_label(5, None, Lang::Zh), None);
    assert_eq!(
        reply_label(7, Some("Li"), Lang::En).as_deref(),
        Some("Reply to @Li")
    );
}
