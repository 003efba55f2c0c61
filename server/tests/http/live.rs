//! Live updates: publishing through the token API and the desk, the poll (`since`, caching), the SSE
//! stream (an update posted after connecting, `Last-Event-ID` resume, an update posted on another
//! instance), the refusals and the caps on open streams.

use crate::common::{expect_error, Server};
use crate::desk::{browser, csrf_of, desk_call, log_in, user, PASSWORD};
use difang_server::auth;
use reqwest::Response;
use serde_json::{json, Value};
use std::time::Duration;

/// The fixture's article the tests follow.
const ARTICLE: u64 = 2;

async fn token(s: &Server, name: &str) -> String {
    let t = auth::new_token().unwrap();
    s.store()
        .token_add(name, "publisher", &auth::digest(&t))
        .await
        .unwrap();
    t
}

async fn send(s: &Server, method: &str, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut req = s
        .client
        .request(method.parse().unwrap(), s.url(path))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    req.send().await.unwrap()
}

/// Posts an update through the publishing API; returns it.
async fn post(s: &Server, t: &str, text: &str) -> Value {
    let res = send(
        s,
        "POST",
        &format!("/api/v1/admin/articles/{ARTICLE}/live"),
        Some(t),
        &json!({ "text": text }),
    )
    .await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

async fn stream_request(
    s: &Server,
    query: &str,
    last_event_id: Option<u64>,
    forwarded: Option<&str>,
) -> Response {
    let mut req = s
        .client
        .get(s.url(&format!("/api/v1/articles/{ARTICLE}/live/stream{query}")))
        .header("accept-encoding", "br, gzip")
        .header("accept", "text/event-stream");
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id.to_string());
    }
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

/// An open event stream, read as it comes.
struct Stream {
    res: Response,
    buf: String,
}

impl Stream {
    async fn open(s: &Server, query: &str, last_event_id: Option<u64>) -> Stream {
        Self::open_as(s, query, last_event_id, None).await
    }

    /// As a browser would ask (compression accepted), from `forwarded` behind a trusted proxy.
    async fn open_as(
        s: &Server,
        query: &str,
        last_event_id: Option<u64>,
        forwarded: Option<&str>,
    ) -> Stream {
        let res = stream_request(s, query, last_event_id, forwarded).await;
        assert_eq!(res.status(), 200);
        // Compressed, events would wait in the compressor's buffer.
        assert!(res.headers().get("content-encoding").is_none());
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert_eq!(res.headers()["x-accel-buffering"], "no");
        Stream {
            res,
            buf: String::new(),
        }
    }

    /// The next `update` event: its `id` field and its data. Waits for bytes, never for a time (the
    /// timeout only turns a hang into a failure).
    async fn next(&mut self) -> (u64, Value) {
        let (event, id, data) = self.next_event().await;
        assert_eq!(event, "update");
        (id.unwrap().parse().unwrap(), data)
    }

    /// The next event (a block with an `event:` field): its name, `id` and data.
    async fn next_event(&mut self) -> (String, Option<String>, Value) {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                while let Some(end) = self.buf.find("\n\n") {
                    let block: String = self.buf.drain(..end + 2).collect();
                    let field = |name: &str| {
                        block
                            .lines()
                            .find_map(|l| l.strip_prefix(&format!("{name}: ")).map(str::to_owned))
                    };
                    if let Some(event) = field("event") {
                        let data = serde_json::from_str(&field("data").unwrap()).unwrap();
                        return (event, field("id"), data);
                    }
                }
                let chunk = self.res.chunk().await.unwrap().expect("the stream ended");
                self.buf.push_str(std::str::from_utf8(&chunk).unwrap());
            }
        })
        .await
        .expect("an event within 10 s")
    }

    /// True once the server has closed the stream (after what is left in it).
    async fn ends(&mut self) -> bool {
        tokio::time::timeout(Duration::from_secs(10), async {
            while let Ok(Some(_)) = self.res.chunk().await {}
        })
        .await
        .is_ok()
    }
}

#[tokio::test]
async fn a_published_update_is_polled_and_filtered_by_since() {
    let s = Server::start().await;
    let t = token(&s, "desk-wire").await;
    let feed = s
        .get_json(&format!("/api/v1/articles/{ARTICLE}/live"))
        .await;
    assert_eq!(feed, json!({"live": false, "updates": [], "last_id": 0}));
    let article = s.get_json(&format!("/api/v1/articles/{ARTICLE}")).await;
    assert!(article.get("live").is_none(), "absent while false");

    let first = post(&s, &t, "  沱江水位 18:00 回落到警戒线以下 ").await;
    assert_eq!(first["text"], "沱江水位 18:00 回落到警戒线以下");
    assert_eq!(first["article"], ARTICLE);
    let update: model::LiveUpdate = serde_json::from_value(first.clone()).unwrap();
    let image = json!({"url": "/media/flood.jpg", "width": 800, "height": 600, "alt": "堤坝"});
    let res = send(
        &s,
        "POST",
        &format!("/api/v1/admin/articles/{ARTICLE}/live"),
        Some(&t),
        &json!({"text": "第二条", "image": image}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    assert_eq!(second["image"], image);
    assert!(second["id"].as_u64().unwrap() > update.id);

    // Posting marked the article live; its answer says so at once (the caches were dropped).
    let article = s.get_json(&format!("/api/v1/articles/{ARTICLE}")).await;
    assert_eq!(article["live"], true);
    let res = s.get(&format!("/api/v1/articles/{ARTICLE}/live")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=0, s-maxage=2, stale-if-error=60"
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let feed: model::LiveFeed = res.json().await.unwrap();
    assert!(feed.live);
    assert_eq!(
        feed.updates.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![second["id"].as_u64().unwrap(), update.id],
        "newest first"
    );
    assert_eq!(feed.last_id, second["id"].as_u64().unwrap());
    let again = s
        .client
        .get(s.url(&format!("/api/v1/articles/{ARTICLE}/live")))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    let newer = s
        .get_json(&format!(
            "/api/v1/articles/{ARTICLE}/live?since={}",
            update.id
        ))
        .await;
    assert_eq!(newer["updates"].as_array().unwrap().len(), 1);
    assert_eq!(newer["updates"][0]["id"], second["id"]);
    let none = s
        .get_json(&format!(
            "/api/v1/articles/{ARTICLE}/live?since={}",
            feed.last_id
        ))
        .await;
    assert_eq!(none["updates"], json!([]));
    assert_eq!(none["last_id"], feed.last_id);

    // Deleting one tells open streams; unmarking keeps the updates readable.
    let mut stream = Stream::open(&s, "", None).await;
    let res = send(
        &s,
        "DELETE",
        &format!("/api/v1/admin/articles/{ARTICLE}/live/{}", update.id),
        Some(&t),
        &json!({}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let (event, id, data) = stream.next_event().await;
    assert_eq!((event.as_str(), id), ("remove", None));
    assert_eq!(data, json!({ "id": update.id }));
    drop(stream);
    expect_error(
        send(
            &s,
            "DELETE",
            &format!("/api/v1/admin/articles/{ARTICLE}/live/{}", update.id),
            Some(&t),
            &json!({}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let res = send(
        &s,
        "PUT",
        &format!("/api/v1/admin/articles/{ARTICLE}/live"),
        Some(&t),
        &json!({"live": false}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"id": ARTICLE, "live": false})
    );
    let feed = s
        .get_json(&format!("/api/v1/articles/{ARTICLE}/live"))
        .await;
    assert_eq!(feed["live"], false);
    assert_eq!(feed["updates"].as_array().unwrap().len(), 1);
    let article = s.get_json(&format!("/api/v1/articles/{ARTICLE}")).await;
    assert!(article.get("live").is_none());
    // A stream of an article that is not live: 204, so EventSource stops reconnecting.
    let res = s
        .get(&format!("/api/v1/articles/{ARTICLE}/live/stream"))
        .await;
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn refusals() {
    let s = Server::start().await;
    let t = token(&s, "desk-wire").await;
    let path = format!("/api/v1/admin/articles/{ARTICLE}/live");
    let body = json!({"text": "好"});
    expect_error(
        send(&s, "POST", &path, None, &body).await,
        401,
        "unauthorized",
    )
    .await;
    expect_error(
        send(&s, "PUT", &path, None, &json!({"live": true})).await,
        401,
        "unauthorized",
    )
    .await;
    for bad in [json!({"text": "  "}), json!({"text": "涨".repeat(2001)})] {
        let e = expect_error(
            send(&s, "POST", &path, Some(&t), &bad).await,
            400,
            "validation",
        )
        .await;
        assert_eq!(e["field"], "text");
    }
    let script = json!({"text": "t", "image": {"url": "javascript:alert(1)", "width": 1, "height": 1, "alt": ""}});
    expect_error(
        send(&s, "POST", &path, Some(&t), &script).await,
        400,
        "bad_request",
    )
    .await;
    let elsewhere = json!({"text": "t", "image": {"url": "https://evil.example/a.jpg", "width": 1, "height": 1, "alt": ""}});
    let e = expect_error(
        send(&s, "POST", &path, Some(&t), &elsewhere).await,
        400,
        "validation",
    )
    .await;
    assert_eq!(e["field"], "image");
    expect_error(
        send(
            &s,
            "POST",
            "/api/v1/admin/articles/987654/live",
            Some(&t),
            &body,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/987654/live").await,
        404,
        "not_found",
    )
    .await;
    expect_error(
        s.get("/api/v1/articles/987654/live/stream").await,
        404,
        "not_found",
    )
    .await;
    // A taken-down article: 410 for its feed, its stream and a post.
    let res = send(
        &s,
        "DELETE",
        "/api/v1/admin/articles/3",
        Some(&t),
        &json!({}),
    )
    .await;
    assert_eq!(res.status(), 200);
    expect_error(s.get("/api/v1/articles/3/live").await, 410, "gone").await;
    expect_error(s.get("/api/v1/articles/3/live/stream").await, 410, "gone").await;
    expect_error(
        send(&s, "POST", "/api/v1/admin/articles/3/live", Some(&t), &body).await,
        410,
        "gone",
    )
    .await;
    expect_error(
        s.get(&format!("/api/v1/articles/{ARTICLE}/live?since=-1"))
            .await,
        400,
        "validation",
    )
    .await;
    let res = s
        .client
        .get(s.url(&format!("/api/v1/articles/{ARTICLE}/live/stream")))
        .header("last-event-id", "abc")
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "validation").await;

    // The desk: a session, then the CSRF token.
    assert!(user(&s, &["add", "ed.live", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    let desk_path = format!("/api/v1/desk/articles/{ARTICLE}/live");
    expect_error(
        desk_call(&s, &b, "POST", &desk_path, "none", None).await,
        401,
        "unauthorized",
    )
    .await;
    let sid = log_in(&s, &b, "ed.live").await;
    expect_error(
        desk_call(&s, &b, "POST", &desk_path, &sid, None).await,
        403,
        "forbidden",
    )
    .await;
    expect_error(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("{desk_path}/on"),
            &sid,
            Some("wrong"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_desk_posts_and_marks_with_audit_lines() {
    let s = Server::start().await;
    assert!(user(&s, &["add", "ed.live", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    let sid = log_in(&s, &b, "ed.live").await;
    let csrf = csrf_of(&s, &b, &sid).await;
    let res = b
        .post(s.url(&format!("/api/v1/desk/articles/{ARTICLE}/live")))
        .header("cookie", format!("difang_desk={sid}"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body(json!({"text": "现场:抢险队已到达"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let posted: model::LiveUpdate = res.json().await.unwrap();
    assert_eq!(posted.text, "现场:抢险队已到达");
    let listed: Value = desk_call(&s, &b, "GET", "/api/v1/desk/articles?limit=50", &sid, None)
        .await
        .json()
        .await
        .unwrap();
    let mine = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == ARTICLE)
        .unwrap();
    assert_eq!(
        mine["live"], true,
        "the desk's list says which articles are live"
    );
    let res = b
        .post(s.url(&format!("/api/v1/desk/articles/{ARTICLE}/live")))
        .header("cookie", format!("difang_desk={sid}"))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body(json!({"text": ""}).to_string())
        .send()
        .await
        .unwrap();
    expect_error(res, 400, "validation").await;
    let res = desk_call(
        &s,
        &b,
        "POST",
        &format!("/api/v1/desk/articles/{ARTICLE}/live/off"),
        &sid,
        Some(&csrf),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"id": ARTICLE, "live": false})
    );
    assert_eq!(
        s.get_json(&format!("/api/v1/articles/{ARTICLE}/live"))
            .await["live"],
        false
    );
    expect_error(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("/api/v1/desk/articles/{ARTICLE}/live/sideways"),
            &sid,
            Some(&csrf),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let audit: Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &sid, None)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["target"] == format!("article:{ARTICLE}"))
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["live_off", "live_post"]);
}

#[tokio::test]
async fn a_stream_gets_updates_posted_after_it_opened_and_resumes() {
    let s = Server::start().await;
    let t = token(&s, "desk-wire").await;
    let first = post(&s, &t, "第一条").await;
    let first_id = first["id"].as_u64().unwrap();

    // Without since or Last-Event-ID: what is posted from now on.
    let mut stream = Stream::open(&s, "", None).await;
    let second = post(&s, &t, "第二条").await;
    let (id, data) = stream.next().await;
    assert_eq!(id, second["id"].as_u64().unwrap());
    assert_eq!(data, second);
    drop(stream);

    // A reconnect with Last-Event-ID gets what it missed, oldest first, then what comes.
    let third = post(&s, &t, "第三条").await;
    let mut resumed = Stream::open(&s, "", Some(first_id)).await;
    assert_eq!(resumed.next().await.1, second);
    assert_eq!(resumed.next().await.1, third);
    let fourth = post(&s, &t, "第四条").await;
    assert_eq!(resumed.next().await.1, fourth);
    // `?since=` does the same for a first connection.
    let mut since = Stream::open(&s, &format!("?since={}", third["id"]), None).await;
    assert_eq!(since.next().await.1, fourth);
}

#[tokio::test]
async fn open_streams_are_capped_per_client() {
    let s = Server::start_with(|c| {
        c.max_client_live_streams = 1;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        c.metrics_allow = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let t = token(&s, "desk-wire").await;
    post(&s, &t, "开播").await;
    let mut one = Stream::open_as(&s, "", None, Some("198.51.100.7")).await;
    // A second from the same reader: 429; another reader behind the same proxy: its own.
    let res = s
        .client
        .get(s.url(&format!("/api/v1/articles/{ARTICLE}/live/stream")))
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["retry-after"], "10");
    expect_error(res, 429, "rate_limited").await;
    let mut other = Stream::open_as(&s, "", None, Some("203.0.113.9")).await;
    let metrics = s.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("difang_live_streams 2"), "{metrics}");
    let posted = post(&s, &t, "两位读者都收到").await;
    assert_eq!(one.next().await.1, posted);
    assert_eq!(other.next().await.1, posted);
}

#[tokio::test]
async fn shutdown_ends_open_streams_at_once() {
    let mut s = Server::start().await;
    let t = token(&s, "desk-wire").await;
    post(&s, &t, "开播").await;
    let mut stream = Stream::open(&s, "", None).await;
    // Shutdown waits for open requests up to its deadline (10 s): streams must not hold it that long.
    tokio::time::timeout(Duration::from_secs(5), s.handle.take().unwrap().shutdown())
        .await
        .expect("shutdown without waiting on the stream")
        .unwrap();
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = stream.res.chunk().await {}
    })
    .await;
    assert!(rest.is_ok(), "the stream ended");
}

#[tokio::test]
async fn the_instance_cap_is_a_503() {
    let s = Server::start_with(|c| c.max_live_streams = 1).await;
    let t = token(&s, "desk-wire").await;
    post(&s, &t, "开播").await;
    let _one = Stream::open(&s, "", None).await;
    let res = s
        .get(&format!("/api/v1/articles/{ARTICLE}/live/stream"))
        .await;
    assert_eq!(res.headers()["retry-after"], "10");
    expect_error(res, 503, "unavailable").await;
}

#[tokio::test]
async fn an_update_posted_on_one_instance_reaches_a_stream_on_another() {
    let a = Server::start().await;
    // B serves the same database: the same file, or the same PostgreSQL database.
    let mut cfg = a.config.clone();
    cfg.bind = "127.0.0.1:0".parse().unwrap();
    let b = Server::start_config(cfg, tempfile::tempdir().unwrap()).await;
    let t = token(&a, "desk-wire").await;
    post(&a, &t, "开播").await;
    let mut on_b = Stream::open(&b, "", None).await;
    let posted = post(&a, &t, "从 A 发出").await;
    assert_eq!(on_b.next().await.1, posted);
}

#[tokio::test]
async fn a_retried_post_with_its_idempotency_key_makes_one_update() {
    let s = Server::start().await;
    let t = token(&s, "desk-wire").await;
    let path = format!("/api/v1/admin/articles/{ARTICLE}/live");
    let keyed = |key: &'static str, text: &'static str| {
        s.client
            .post(s.url(&path))
            .header("authorization", format!("Bearer {t}"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(json!({ "text": text }).to_string())
            .send()
    };
    let first = keyed("flood-0001", "第一条").await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // The same post again (a balancer's retry on another instance): the same update, 200.
    let again = keyed("flood-0001", "第一条").await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    expect_error(
        keyed("flood-0001", "另一条").await.unwrap(),
        409,
        "conflict",
    )
    .await;
    expect_error(keyed("short", "第一条").await.unwrap(), 400, "bad_request").await;
    let feed = s
        .get_json(&format!("/api/v1/articles/{ARTICLE}/live"))
        .await;
    assert_eq!(feed["updates"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn unmarking_an_article_ends_its_streams_on_every_instance() {
    let a = Server::start().await;
    let mut cfg = a.config.clone();
    cfg.bind = "127.0.0.1:0".parse().unwrap();
    let b = Server::start_config(cfg, tempfile::tempdir().unwrap()).await;
    let t = token(&a, "desk-wire").await;
    post(&a, &t, "开播").await;
    let mut on_a = Stream::open(&a, "", None).await;
    let mut on_b = Stream::open(&b, "", None).await;
    let res = send(
        &a,
        "PUT",
        &format!("/api/v1/admin/articles/{ARTICLE}/live"),
        Some(&t),
        &json!({"live": false}),
    )
    .await;
    assert_eq!(res.status(), 200);
    for stream in [&mut on_a, &mut on_b] {
        let (event, id, data) = stream.next_event().await;
        assert_eq!(event, "end");
        assert_eq!(id, None, "an end is no place to resume from");
        assert_eq!(data, json!({"live": false}));
        assert!(stream.ends().await, "the stream closed after its end");
    }
}
