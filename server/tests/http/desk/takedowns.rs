//! Hiding, restoring and removing a comment readers see: the refusals (401, 403, 404, 409), the reader's
//! tombstone on the very next request, the replies kept under it, the words erased for good on removal,
//! its reports settled, and the audit lines.

use super::{browser, csrf_of, desk_call, log_in, user, PASSWORD};
use crate::common::{expect_error, Server};
use serde_json::Value;

/// The top-level comment list of article 3 as a reader gets it, with its ETag.
async fn thread(s: &Server, etag: Option<&str>) -> (String, Value, String) {
    let mut req = s.client.get(s.url("/api/v1/articles/3/comments?limit=50"));
    if let Some(e) = etag {
        req = req.header("if-none-match", e);
    }
    let res = req.send().await.unwrap();
    assert_eq!(
        res.status(),
        200,
        "a changed thread is sent again, not a 304"
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let text = res.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap();
    (etag, json, text)
}

fn item(page: &Value, id: u64) -> Value {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("comment {id} is listed: {page}"))
        .clone()
}

async fn post(s: &Server, key: &str, body: Value) -> u64 {
    let res = s.post_comment("3", key, &body).await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_u64().unwrap()
}

#[tokio::test]
async fn a_comment_is_hidden_restored_and_removed_and_readers_see_a_tombstone_at_once() {
    let s = Server::start().await;
    assert!(user(&s, &["add", "mod.a", "--role", "moderator"], Some(PASSWORD)).0);
    assert!(user(&s, &["add", "ed.b", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    let original = serde_json::json!({"author": "原作者甲", "text": "一条要隐藏的评论"});
    let x = post(&s, "takedown-x-001", original.clone()).await;
    let r = post(
        &s,
        "takedown-r-001",
        serde_json::json!({"author": "回复者", "text": "对它的回复", "parent_id": x}),
    )
    .await;
    let report = s
        .client
        .post(s.url(&format!("/api/v1/comments/{x}/report")))
        .header("content-type", "application/json")
        .body(r#"{"reason":"广告"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 202);
    let (etag, before, _) = thread(&s, None).await;
    let article_total = before["article_total"].as_u64().unwrap();
    assert_eq!(item(&before, x)["reply_count"], 1);

    // Refusals: no session, an editor, no CSRF token, an unknown comment, a status that does not allow it.
    let hide = format!("/api/v1/desk/comments/{x}/hide");
    expect_error(
        desk_call(&s, &b, "POST", &hide, "none", Some("x")).await,
        401,
        "unauthorized",
    )
    .await;
    let e = log_in(&s, &b, "ed.b").await;
    let e_csrf = csrf_of(&s, &b, &e).await;
    for action in ["hide", "remove", "restore"] {
        let path = format!("/api/v1/desk/comments/{x}/{action}");
        expect_error(
            desk_call(&s, &b, "POST", &path, &e, Some(&e_csrf)).await,
            403,
            "forbidden",
        )
        .await;
    }
    let m = log_in(&s, &b, "mod.a").await;
    let csrf = csrf_of(&s, &b, &m).await;
    expect_error(
        desk_call(&s, &b, "POST", &hide, &m, None).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        desk_call(
            &s,
            &b,
            "POST",
            "/api/v1/desk/comments/987654/hide",
            &m,
            Some(&csrf),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let restore = format!("/api/v1/desk/comments/{x}/restore");
    expect_error(
        desk_call(&s, &b, "POST", &restore, &m, Some(&csrf)).await,
        409,
        "conflict",
    )
    .await;

    // Hide: the reader's very next request shows a tombstone, the replies still under it.
    let res = desk_call(&s, &b, "POST", &hide, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done, serde_json::json!({"id": x, "status": "hidden"}));
    expect_error(
        desk_call(&s, &b, "POST", &hide, &m, Some(&csrf)).await,
        409,
        "conflict",
    )
    .await;
    let (etag2, hidden, raw) = thread(&s, Some(&etag)).await;
    assert_ne!(etag2, etag);
    let tomb = item(&hidden, x);
    assert_eq!(tomb["status"], "removed");
    assert_eq!(tomb["author"], "");
    assert_eq!(tomb["text"], "");
    assert_eq!(tomb["reply_count"], 1);
    assert!(
        !raw.contains("一条要隐藏的评论") && !raw.contains("原作者甲"),
        "{raw}"
    );
    assert_eq!(hidden["article_total"].as_u64().unwrap(), article_total - 1);
    let count = s.get_json("/api/v1/articles/3").await["comment_count"].clone();
    assert_eq!(count, article_total - 1, "the article's own count too");
    let replies = s
        .get_json(&format!("/api/v1/articles/3/comments?parent={x}"))
        .await;
    let reply = item(&replies, r);
    assert_eq!(reply["text"], "对它的回复");
    assert_eq!(
        reply["reply_to"],
        Value::Null,
        "a hidden parent names nobody"
    );
    // Its report is settled; a hidden comment cannot be reported again.
    let reports: Value = desk_call(&s, &b, "GET", "/api/v1/desk/reports", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!reports["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g["comment"]["id"] == x));
    let again = s
        .client
        .post(s.url(&format!("/api/v1/comments/{x}/report")))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_error(again, 404, "not_found").await;
    // The desk still sees its words, marked hidden.
    let desk_list: Value = desk_call(&s, &b, "GET", "/api/v1/desk/comments?article=3", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let mine = item(&desk_list, x);
    assert_eq!(mine["status"], "hidden");
    assert_eq!(mine["text"], "一条要隐藏的评论");
    assert_eq!(item(&desk_list, r)["status"], "published");

    // Restore: back as it was.
    let res = desk_call(&s, &b, "POST", &restore, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let (etag3, back, _) = thread(&s, Some(&etag2)).await;
    assert_ne!(etag3, etag2);
    assert_eq!(item(&back, x)["text"], "一条要隐藏的评论");
    assert_eq!(item(&back, x)["status"], "published");
    assert_eq!(back["article_total"].as_u64().unwrap(), article_total);
    let count = s.get_json("/api/v1/articles/3").await["comment_count"].clone();
    assert_eq!(count, article_total);

    // Remove: erased in the database, no way back, the reply still shown.
    let remove = format!("/api/v1/desk/comments/{x}/remove");
    let res = desk_call(&s, &b, "POST", &remove, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    for action in [&remove, &restore, &hide] {
        expect_error(
            desk_call(&s, &b, "POST", action, &m, Some(&csrf)).await,
            409,
            "conflict",
        )
        .await;
    }
    let (_, removed, raw) = thread(&s, Some(&etag3)).await;
    assert_eq!(item(&removed, x)["status"], "removed");
    assert!(!raw.contains("一条要隐藏的评论"), "{raw}");
    let stored = s
        .query(&format!(
            "SELECT author, text, status FROM comments WHERE id = {x}"
        ))
        .await;
    assert_eq!(
        stored,
        vec![vec![
            Some(String::new()),
            Some(String::new()),
            Some("removed".into())
        ]]
    );
    let replies = s
        .get_json(&format!("/api/v1/articles/3/comments?parent={x}"))
        .await;
    assert_eq!(item(&replies, r)["text"], "对它的回复");
    let desk_list: Value = desk_call(&s, &b, "GET", "/api/v1/desk/comments?article=3", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(!desk_list["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == x));
    // A retried post with the same key gets the tombstone, not the words back.
    let retried = s.post_comment("3", "takedown-x-001", &original).await;
    let text = retried.text().await.unwrap();
    assert!(
        !text.contains("一条要隐藏的评论") && text.contains("\"removed\""),
        "{text}"
    );

    // A hidden comment may be removed too; the article's count moves once.
    let y = post(
        &s,
        "takedown-y-001",
        serde_json::json!({"author": "乙", "text": "另一条"}),
    )
    .await;
    let (_, with_y, _) = thread(&s, None).await;
    let total_y = with_y["article_total"].as_u64().unwrap();
    for action in ["hide", "remove"] {
        let path = format!("/api/v1/desk/comments/{y}/{action}");
        let res = desk_call(&s, &b, "POST", &path, &m, Some(&csrf)).await;
        assert_eq!(res.status(), 200, "{action}");
    }
    let (_, without_y, _) = thread(&s, None).await;
    assert_eq!(without_y["article_total"].as_u64().unwrap(), total_y - 1);
    assert_eq!(item(&without_y, y)["status"], "removed");

    // Every action is in the audit log, with the words before it.
    let audit: Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let lines: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["target"] == format!("comment:{x}"))
        .collect();
    let actions: Vec<&str> = lines
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["remove", "restore", "hide"]);
    assert_eq!(lines[0]["actor"], "mod.a");
    assert_eq!(lines[0]["before"]["status"], "published");
    assert_eq!(lines[0]["before"]["author"], "原作者甲");
    assert_eq!(lines[0]["before"]["text"], "一条要隐藏的评论");
    assert_eq!(lines[0]["after"], serde_json::json!({"status": "removed"}));
    assert_eq!(lines[2]["after"], serde_json::json!({"status": "hidden"}));
}
