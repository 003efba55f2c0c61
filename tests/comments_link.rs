//! A link to a comment not shown (`widgets/comments/link.rs`): the thread opens the replies along the
//! comment's path, shows a comment its list did not bring first in that list, and marks the linked one.

#[allow(dead_code)] // its `sleep`: nothing here waits for a timer
mod support;

use difang::widgets::comments::link;
use difang::widgets::comments::thread::{show_page, ThreadCtx};
use difang::widgets::comments::Thread;
use leptos::prelude::*;
use model::{ArticleId, Comment, CommentId, CommentPage, CommentStatus};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const ARTICLE: u64 = 9_921;

fn comment(id: u64, parent: Option<u64>, replies: u32) -> Comment {
    Comment {
        id: CommentId(id),
        article_id: ArticleId(ARTICLE),
        parent_id: parent.map(CommentId),
        reply_to: None,
        author: format!("读者{id}"),
        text: format!("第{id}条"),
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        status: CommentStatus::Published,
        reply_count: replies,
    }
}

fn page(items: Vec<Comment>) -> CommentPage {
    CommentPage {
        total: items.len() as u32,
        items,
        next_cursor: None,
        article_total: None,
        closed: false,
    }
}

fn mount_thread(first: CommentPage) -> (Element, ThreadCtx) {
    let slot = Rc::new(Cell::new(None));
    let put = slot.clone();
    let root = support::mount(move || {
        let ctx = ThreadCtx::new(ArticleId(ARTICLE), 0);
        show_page(ctx, ctx.top, None, first);
        put.set(Some(ctx));
        view! { <Thread ctx/> }
    });
    (root.into(), slot.get().unwrap())
}

fn row(root: &Element, id: u64) -> HtmlElement {
    root.query_selector(&format!("li[data-comment-id='{id}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("comment {id} is drawn"))
        .unchecked_into()
}

/// Drawn and not inside a closed list of replies.
fn shown(el: &HtmlElement) -> bool {
    el.offset_parent().is_some()
}

#[wasm_bindgen_test]
async fn opens_the_replies_down_to_a_linked_reply_and_marks_it() {
    let (root, ctx) = mount_thread(page(vec![comment(1, None, 1), comment(5, None, 0)]));
    leptos::task::tick().await;
    // Replies already loaded, but closed: a reader who arrives by the link sees them opened.
    let one = ctx.top.find(CommentId(1)).unwrap();
    show_page(
        ctx,
        one.replies,
        Some(one),
        page(vec![comment(2, Some(1), 1)]),
    );
    let two = one.replies.find(CommentId(2)).unwrap();
    show_page(
        ctx,
        two.replies,
        Some(two),
        page(vec![comment(3, Some(2), 0)]),
    );
    leptos::task::tick().await;
    assert!(!shown(&row(&root, 3)), "closed before the link is followed");
    ctx.link.target.set(Some(CommentId(3)));
    link::go(
        ctx,
        vec![
            comment(1, None, 1),
            comment(2, Some(1), 1),
            comment(3, Some(2), 0),
        ],
    );
    leptos::task::tick().await;
    let three = row(&root, 3);
    assert!(shown(&three), "its parents' replies are open");
    assert_eq!(three.get_attribute("data-linked").as_deref(), Some("true"));
    assert_eq!(row(&root, 2).get_attribute("data-linked"), None);
    assert_eq!(row(&root, 1).get_attribute("data-linked"), None);
}

#[wasm_bindgen_test]
async fn a_comment_its_list_did_not_bring_is_shown_first_once() {
    let (root, ctx) = mount_thread(page(vec![comment(11, None, 0), comment(12, None, 0)]));
    leptos::task::tick().await;
    ctx.link.target.set(Some(CommentId(10)));
    link::go(ctx, vec![comment(10, None, 0)]);
    leptos::task::tick().await;
    let ids: Vec<u64> = ctx
        .top
        .items
        .get_untracked()
        .iter()
        .map(|n| n.id().0)
        .collect();
    assert_eq!(ids, [10, 11, 12]);
    assert_eq!(
        row(&root, 10).get_attribute("data-linked").as_deref(),
        Some("true")
    );
    // A page that brings it later does not draw it twice.
    show_page(ctx, ctx.top, None, page(vec![comment(10, None, 0)]));
    leptos::task::tick().await;
    let drawn = root.query_selector_all("li[data-comment-id='10']").unwrap();
    assert_eq!(drawn.length(), 1);
}
