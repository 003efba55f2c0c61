//! The desk's moderation queue: approve and reject, approve-and-reply, and their audit lines, with the
//! refusals (401, 403, 404, 409).

use super::{browser, csrf_of, desk_call, log_in, user, PASSWORD};
use crate::common::Server;

#[tokio::test]
async fn the_queue_is_moderated_with_its_refusals_and_every_verdict_is_audited() {
    let s = Server::start_with(|c| c.moderation = true).await;
    assert!(user(&s, &["add", "mod.a", "--role", "moderator"], Some(PASSWORD)).0);
    assert!(user(&s, &["add", "ed.b", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    let reader_count = async || s.get_json("/api/v1/articles/3").await["comment_count"].clone();
    let before = reader_count().await;
    let mut ids = Vec::new();
    for (n, text) in ["先到的评论", "后到的评论"].iter().enumerate() {
        let res = s
            .post_comment(
                "3",
                &format!("desk-queue-{n:04}"),
                &serde_json::json!({"author": "读者", "text": text}),
            )
            .await;
        assert_eq!(res.status(), 201);
        ids.push(
            res.json::<serde_json::Value>().await.unwrap()["id"]
                .as_u64()
                .unwrap(),
        );
    }

    // Not logged in: 401 on every desk call.
    for path in [
        "/api/v1/desk/queue",
        "/api/v1/desk/summary",
        "/api/v1/desk/audit",
    ] {
        assert_eq!(
            desk_call(&s, &b, "GET", path, "none", None).await.status(),
            401,
            "{path}"
        );
    }
    let approve = format!("/api/v1/desk/comments/{}/approve", ids[0]);
    assert_eq!(
        desk_call(&s, &b, "POST", &approve, "none", Some("x"))
            .await
            .status(),
        401
    );

    let m = log_in(&s, &b, "mod.a").await;
    let m_csrf = csrf_of(&s, &b, &m).await;
    let queue: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/queue", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let items = queue["items"].as_array().unwrap();
    let queued: Vec<u64> = items.iter().map(|i| i["id"].as_u64().unwrap()).collect();
    assert_eq!(queued, ids, "oldest first");
    assert_eq!(items[0]["text"], "先到的评论");
    assert_eq!(items[0]["article"], 3);
    assert!(items[0]["article_title"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    let summary: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/summary", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["pending"], 2);
    assert_eq!(summary["today"], 2);

    // An editor may read the desk but not moderate; nobody moderates without the CSRF token.
    let e = log_in(&s, &b, "ed.b").await;
    let e_csrf = csrf_of(&s, &b, &e).await;
    assert_eq!(
        desk_call(&s, &b, "GET", "/api/v1/desk/queue", &e, None)
            .await
            .status(),
        200
    );
    let res = desk_call(&s, &b, "POST", &approve, &e, Some(&e_csrf)).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "forbidden"
    );
    assert_eq!(
        desk_call(&s, &b, "POST", &approve, &m, None).await.status(),
        403
    );
    assert_eq!(
        desk_call(&s, &b, "POST", &approve, &m, Some(&e_csrf))
            .await
            .status(),
        403,
        "another session's token"
    );
    assert_eq!(reader_count().await, before, "nothing approved yet");

    // Approved: readers see it on their next request. Rejected: never.
    let res = desk_call(&s, &b, "POST", &approve, &m, Some(&m_csrf)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["status"],
        "published"
    );
    assert_eq!(
        reader_count().await.as_u64(),
        before.as_u64().map(|n| n + 1)
    );
    let thread = s.get_json("/api/v1/articles/3/comments").await;
    assert!(thread.to_string().contains("先到的评论"), "{thread}");
    let reject = format!("/api/v1/desk/comments/{}/reject", ids[1]);
    assert_eq!(
        desk_call(&s, &b, "POST", &reject, &m, Some(&m_csrf))
            .await
            .status(),
        200
    );
    assert!(!s
        .get_json("/api/v1/articles/3/comments")
        .await
        .to_string()
        .contains("后到的评论"));
    assert_eq!(
        desk_call(&s, &b, "POST", &approve, &m, Some(&m_csrf))
            .await
            .status(),
        409,
        "decided already"
    );
    assert_eq!(
        desk_call(
            &s,
            &b,
            "POST",
            "/api/v1/desk/comments/999999/approve",
            &m,
            Some(&m_csrf)
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("/api/v1/desk/comments/{}/delete", ids[1]),
            &m,
            Some(&m_csrf)
        )
        .await
        .status(),
        404
    );
    let queue: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/queue", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"], serde_json::json!([]));

    // The audit log: who, what, on what, before and after, newest first.
    let audit: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &e, None)
        .await
        .json()
        .await
        .unwrap();
    let entries = audit["items"].as_array().unwrap();
    // The two verdicts, after the two logins.
    assert_eq!(entries.len(), 4, "{audit}");
    assert_eq!(entries[2]["action"], "login");
    assert_eq!(entries[2]["actor"], "ed.b");
    assert_eq!(entries[3]["target"], "account:mod.a");
    assert_eq!(entries[0]["action"], "reject");
    assert_eq!(entries[0]["target"], format!("comment:{}", ids[1]));
    assert_eq!(entries[1]["actor"], "mod.a");
    assert_eq!(entries[1]["action"], "approve");
    assert_eq!(
        entries[1]["before"],
        serde_json::json!({"status": "pending"})
    );
    assert_eq!(
        entries[1]["after"],
        serde_json::json!({"status": "published"})
    );
    assert!(entries[1]["at"].as_str().is_some_and(|t| t.len() >= 20));
    assert_eq!(
        desk_call(&s, &b, "GET", "/api/v1/desk/audit?limit=0", &e, None)
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn approve_and_reply_posts_the_desks_answer_under_the_comment() {
    let s = Server::start_with(|c| c.moderation = true).await;
    assert!(user(&s, &["add", "mod.a", "--role", "moderator"], Some(PASSWORD)).0);
    let b = browser();
    let res = s
        .post_comment(
            "5",
            "desk-reply-q-01",
            &serde_json::json!({"author": "读者", "text": "请问几点开始?"}),
        )
        .await;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_u64()
        .unwrap();
    let m = log_in(&s, &b, "mod.a").await;
    let csrf = csrf_of(&s, &b, &m).await;
    let approve = |body: serde_json::Value| {
        b.post(s.url(&format!("/api/v1/desk/comments/{id}/approve")))
            .header("cookie", format!("difang_desk={m}"))
            .header("x-csrf-token", &csrf)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };
    // A bad reply approves nothing.
    let res = approve(serde_json::json!({"reply": "   "})).await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"]["field"],
        "text"
    );
    let queue: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/queue", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"].as_array().unwrap().len(), 1, "still pending");

    let res = approve(serde_json::json!({"reply": "上午九点开始。"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let answer: serde_json::Value = res.json().await.unwrap();
    assert_eq!(answer["status"], "published");
    assert_eq!(answer["reply"]["author"], "编辑部");
    assert_eq!(answer["reply"]["parent_id"], id);
    let replies = s
        .get_json(&format!("/api/v1/articles/5/comments?parent={id}"))
        .await;
    assert_eq!(replies["items"][0]["text"], "上午九点开始。", "{replies}");
    let audit: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(audit["items"][0]["action"], "reply");
    assert_eq!(audit["items"][0]["actor"], "mod.a");
    assert_eq!(audit["items"][1]["action"], "approve");
}
