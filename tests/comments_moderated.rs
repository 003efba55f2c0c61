//! What the desk's decisions look like in a reader's thread: a hidden or removed comment is a tombstone
//! (该评论已被删除, no author, no reply or report button) with its replies still shown, and a closed
//! article shows 评论已关闭 instead of the form, keeping the reader's draft.

#[allow(dead_code)] // its `sleep`: nothing here waits for a timer
mod support;

use difang::widgets::comments::draft::{self, Draft};
use difang::widgets::comments::thread::{show_page, ThreadCtx};
use difang::widgets::comments::Thread;
use leptos::prelude::*;
use model::{ArticleId, Comment, CommentId, CommentPage, CommentStatus};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn comment(id: u64, article: u64, parent: Option<u64>, author: &str, text: &str) -> Comment {
    Comment {
        id: CommentId(id),
        article_id: ArticleId(article),
        parent_id: parent.map(CommentId),
        reply_to: None,
        author: author.into(),
        text: text.into(),
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        status: CommentStatus::Published,
        reply_count: 0,
    }
}

fn page(items: Vec<Comment>, closed: bool) -> CommentPage {
    CommentPage {
        total: items.len() as u32,
        items,
        next_cursor: None,
        article_total: None,
        closed,
    }
}

/// The `li` of comment `id`.
fn row(root: &Element, id: u64) -> Element {
    root.query_selector(&format!("li[data-comment-id='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("comment {id} is drawn"))
}

/// True if `el` has a child matching `sel` of its own (not inside a nested reply).
fn own(el: &Element, sel: &str) -> bool {
    el.query_selector(&format!(":scope > {sel}, :scope > div > {sel}"))
        .unwrap()
        .is_some()
}

/// Mounts a thread for `article`; returns the root and the thread's state to fill.
fn mount_thread(article: u64, first: CommentPage) -> (Element, ThreadCtx) {
    let slot = Rc::new(Cell::new(None));
    let put = slot.clone();
    let root = support::mount(move || {
        let ctx = ThreadCtx::new(ArticleId(article), 0);
        show_page(ctx, ctx.top, None, first);
        put.set(Some(ctx));
        view! { <Thread ctx/> }
    });
    (root.into(), slot.get().unwrap())
}

#[wasm_bindgen_test]
async fn a_tombstone_says_removed_draws_no_author_and_keeps_its_replies() {
    // Whatever a tombstone might carry, none of it is drawn.
    let mut tomb = comment(1, 9_911, None, "不该出现的名字", "不该出现的话");
    tomb.status = CommentStatus::Removed;
    tomb.reply_count = 1;
    let (root, ctx) = mount_thread(
        9_911,
        page(
            vec![tomb, comment(2, 9_911, None, "张三", "正常的评论")],
            false,
        ),
    );
    leptos::task::tick().await;
    let parent = ctx.top.items.get_untracked()[0];
    show_page(
        ctx,
        parent.replies,
        Some(parent),
        page(vec![comment(3, 9_911, Some(1), "李四", "回复还在")], false),
    );
    parent.replies.expanded.set(true);
    leptos::task::tick().await;

    let gone = row(&root, 1);
    assert_eq!(
        gone.get_attribute("data-status").as_deref(),
        Some("removed")
    );
    let body = gone
        .query_selector(":scope > [data-testid=comment-body]")
        .unwrap()
        .expect("the tombstone's text");
    assert_eq!(body.text_content().unwrap(), "该评论已被删除");
    assert!(!own(&gone, "[data-testid=comment-name]"), "no author");
    assert!(
        !own(&gone, "[data-testid=comment-reply]"),
        "no reply button"
    );
    assert!(
        !own(&gone, "[data-testid=comment-report]"),
        "no report button"
    );
    let all = root.text_content().unwrap();
    assert!(!all.contains("不该出现"), "{all}");
    // Its reply is drawn under it, with its author and its buttons.
    let reply = row(&gone, 3);
    assert!(reply.text_content().unwrap().contains("回复还在"));
    assert!(own(&reply, "[data-testid=comment-name]"));
    assert!(own(&reply, "[data-testid=comment-reply]"));
    // A published comment beside it is drawn as ever.
    let normal = row(&root, 2);
    assert!(own(&normal, "[data-testid=comment-name]"));
    assert!(own(&normal, "[data-testid=comment-report]"));
}

#[wasm_bindgen_test]
async fn a_closed_thread_shows_closed_instead_of_the_form_and_keeps_the_draft() {
    let article = ArticleId(9_912);
    let key = draft::key(article, None);
    let kept = Draft {
        author: "草稿君".into(),
        text: "关闭前写了一半".into(),
        ..Draft::default()
    };
    draft::save(&key, &kept);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stored = storage
        .get_item(&key)
        .unwrap()
        .expect("the draft is stored");

    let (root, ctx) = mount_thread(
        9_912,
        page(vec![comment(7, 9_912, None, "王五", "旧评论")], false),
    );
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=comment-form]")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("[data-testid=comments-closed]")
        .unwrap()
        .is_none());

    // The next answer says the desk closed the article's comments.
    ctx.top.reset();
    show_page(
        ctx,
        ctx.top,
        None,
        page(vec![comment(7, 9_912, None, "王五", "旧评论")], true),
    );
    leptos::task::tick().await;
    let closed = root
        .query_selector("[data-testid=comments-closed]")
        .unwrap()
        .expect("评论已关闭 is shown");
    assert_eq!(closed.text_content().unwrap(), "评论已关闭");
    assert!(
        root.query_selector("[data-testid=comment-form]")
            .unwrap()
            .is_none(),
        "no form"
    );
    let old = row(&root, 7);
    assert!(
        old.text_content().unwrap().contains("旧评论"),
        "the thread is still shown"
    );
    assert!(!own(&old, "[data-testid=comment-reply]"), "no reply button");
    assert_eq!(
        storage.get_item(&key).unwrap(),
        Some(stored),
        "the draft is kept"
    );
    draft::clear(&key);
}
