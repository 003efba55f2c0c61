//! `GET /api/v1/comments/{id}`: a comment with its parents (`model::CommentTrail`), for a link to a reply
//! the app has not loaded; held, hidden and removed comments answer like unknown ones.

use crate::common::{expect_error, Server};
use difang_server::store::{Change, Manager, Takedown};
use model::{CommentStatus, CommentTrail};
use serde_json::json;

/// Posts a reply to `parent` on article 1 (`None`: a top-level comment); returns its id.
async fn reply(s: &Server, parent: Option<u64>, n: u32) -> u64 {
    let body =
        json!({"author": format!("读者{n}"), "text": format!("第{n}条"), "parent_id": parent});
    let res = s
        .post_comment("1", &format!("trail-key-{n:04}"), &body)
        .await;
    assert_eq!(res.status(), 201);
    res.json::<model::Comment>().await.unwrap().id.0
}

async fn trail(s: &Server, id: u64) -> CommentTrail {
    let trail: CommentTrail =
        serde_json::from_value(s.get_json(&format!("/api/v1/comments/{id}")).await).unwrap();
    assert!(trail.is_chain(), "{trail:?}");
    trail
}

fn ids(trail: &CommentTrail) -> Vec<u64> {
    trail.path().map(|c| c.id.0).collect()
}

#[tokio::test]
async fn answers_a_comment_with_its_parents_from_the_top() {
    let s = Server::start().await;
    // The fixture's article 1: 张三 (1) with 李四's reply (2), and 王五 (3).
    let top = trail(&s, 3).await;
    assert_eq!(top.article_id.0, 1);
    assert_eq!(ids(&top), [3]);
    assert!(top.ancestors.is_empty());
    let deep = reply(&s, Some(2), 1).await;
    let deeper = reply(&s, Some(deep), 2).await;
    let res = s.get(&format!("/api/v1/comments/{deeper}")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public, max-age=0, s-maxage=60"));
    assert_eq!(res.headers()["surrogate-key"], "a:1");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let t: CommentTrail = res.json().await.unwrap();
    assert!(t.is_chain());
    assert_eq!(ids(&t), [1, 2, deep, deeper]);
    assert_eq!(t.comment.author, "读者2");
    assert_eq!(t.comment.reply_to.as_deref(), Some("读者1"));
    assert_eq!(t.ancestors[0].author, "张三");
    assert_eq!(t.ancestors[0].reply_count, 1);
    assert_eq!(t.ancestors[2].reply_count, 1);
    let res = s
        .client
        .get(s.url(&format!("/api/v1/comments/{deeper}")))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    // A long chain comes whole, in order.
    let mut chain = vec![1, 2, deep, deeper];
    for n in 3..40 {
        chain.push(reply(&s, chain.last().copied(), n).await);
    }
    assert_eq!(ids(&trail(&s, *chain.last().unwrap()).await), chain);
}

#[tokio::test]
async fn hidden_removed_and_held_comments_do_not_leak() {
    let s = Server::start().await;
    let deep = reply(&s, Some(2), 1).await;
    let store = s.store();
    // A hidden parent is a tombstone in the chain, as in a list: its words never sent.
    store.take_down(2, Takedown::Hide, "test").await.unwrap();
    let t = trail(&s, deep).await;
    assert_eq!(ids(&t), [1, 2, deep]);
    assert_eq!(t.ancestors[1].status, CommentStatus::Removed);
    assert_eq!(
        (t.ancestors[1].author.as_str(), t.ancestors[1].text.as_str()),
        ("", "")
    );
    assert_eq!(t.comment.reply_to, None, "a tombstone names nobody");
    let raw = s
        .get(&format!("/api/v1/comments/{deep}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("李四") && !raw.contains("同意"), "{raw}");
    // The hidden comment itself, and a removed one, are not found.
    let e = expect_error(s.get("/api/v1/comments/2").await, 404, "not_found").await;
    store
        .take_down(deep as i64, Takedown::Remove, "test")
        .await
        .unwrap();
    let gone = expect_error(
        s.get(&format!("/api/v1/comments/{deep}")).await,
        404,
        "not_found",
    )
    .await;
    let unknown = expect_error(s.get("/api/v1/comments/987654").await, 404, "not_found").await;
    assert_eq!(e, unknown);
    assert_eq!(gone, unknown);
    // Held for moderation: answered as an unknown comment, to everyone.
    let m = Server::start_with(|c| c.moderation = true).await;
    let body = json!({"author": "读者", "text": "待审", "parent_id": 1});
    let res = m.post_comment("1", "trail-held-0001", &body).await;
    assert_eq!(res.status(), 201);
    let held = res.json::<model::Comment>().await.unwrap().id.0;
    let e = expect_error(
        m.get(&format!("/api/v1/comments/{held}")).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(e, unknown);
}

#[tokio::test]
async fn bad_ids_are_400_and_a_taken_down_article_410() {
    let s = Server::start().await;
    for bad in [
        "abc",
        "0",
        "-1",
        "1.5",
        "%20",
        "99999999999999999999",
        "1e3",
        "%E8%AF%84",
    ] {
        let res = s.get(&format!("/api/v1/comments/{bad}")).await;
        expect_error(res, 400, "bad_request").await;
    }
    let mut change = Change::new(Manager::Api);
    change.removals = vec![1];
    s.store().apply(change).await.unwrap();
    s.handle.as_ref().unwrap().state().catch_up().await.unwrap();
    expect_error(s.get("/api/v1/comments/2").await, 410, "gone").await;
}
