//! The desk's accounts and front door: the `user` command, login and logout with their cookies, and
//! every refusal (no session, no CSRF token, wrong password, too many attempts, disabled account,
//! expired session).

use crate::common::Server;
use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "资阳新闻编辑部-2026";

/// Runs the binary's `user` command with `DIFANG_PASSWORD` (unless `None`) on the server's store.
fn user(s: &Server, args: &[&str], password: Option<&str>) -> (bool, String, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_difang-server"));
    cmd.arg("user").args(args).args(s.store_args());
    cmd.env_remove("DIFANG_PASSWORD");
    if let Some(p) = password {
        cmd.env("DIFANG_PASSWORD", p);
    }
    let out = cmd.stdin(std::process::Stdio::null()).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A browser that does not follow redirects and keeps no cookies (the tests carry them).
fn browser() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

/// The value of cookie `name` that `res` sets, and the whole Set-Cookie line.
fn set_cookie(res: &Response, name: &str) -> Option<(String, String)> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|l| l.starts_with(&format!("{name}=")))
        .map(|l| {
            let value = l[name.len() + 1..].split(';').next().unwrap().to_owned();
            (value, l)
        })
}

/// The login form's page: its CSRF token (hidden field) and the matching cookie.
async fn login_form(s: &Server, b: &Client) -> (String, String) {
    let res = b.get(s.url("/desk/login")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (cookie, _) = set_cookie(&res, "difang_desk_login").expect("the form's cookie");
    let html = res.text().await.unwrap();
    let token = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form's token")
        .to_owned();
    assert_eq!(token, cookie, "the form carries the token its cookie holds");
    (token, cookie)
}

async fn post_login(
    s: &Server,
    b: &Client,
    form: (&str, &str),
    name: &str,
    password: &str,
    forwarded: Option<&str>,
) -> Response {
    let mut req = b
        .post(s.url("/desk/login"))
        .header("cookie", format!("difang_desk_login={}", form.1))
        .form(&[("username", name), ("password", password), ("csrf", form.0)]);
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    req.send().await.unwrap()
}

/// Logs in; returns the session cookie's value.
async fn log_in(s: &Server, b: &Client, name: &str) -> String {
    let (token, cookie) = login_form(s, b).await;
    let res = post_login(s, b, (&token, &cookie), name, PASSWORD, None).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(res.headers()["location"], "/desk");
    set_cookie(&res, "difang_desk")
        .expect("the session cookie")
        .0
}

async fn session(s: &Server, b: &Client, cookie: &str) -> Response {
    b.get(s.url("/api/v1/desk/session"))
        .header("cookie", format!("difang_desk={cookie}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn accounts_are_made_listed_disabled_and_given_passwords_from_the_command_line() {
    let s = Server::start().await;
    let (ok, out, err) = user(
        &s,
        &["add", "li.wei", "--role", "moderator"],
        Some(PASSWORD),
    );
    assert!(ok, "{err}");
    assert!(out.contains("li.wei") && out.contains("moderator"), "{out}");
    let (ok, _, err) = user(&s, &["add", "li.wei", "--role", "editor"], Some(PASSWORD));
    assert!(!ok && err.contains("exists"), "{err}");
    let (ok, _, err) = user(&s, &["add", "zhang", "--role", "editor"], Some("short"));
    assert!(!ok && err.contains("10–256"), "{err}");
    let (ok, _, err) = user(&s, &["add", "zhang", "--role", "editor"], None);
    assert!(!ok && err.contains("DIFANG_PASSWORD"), "{err}");
    let (ok, _, err) = user(&s, &["add", "张三", "--role", "editor"], Some(PASSWORD));
    assert!(!ok && err.contains("[A-Za-z0-9._-]"), "{err}");
    let (ok, list, _) = user(&s, &["list"], None);
    assert!(ok);
    assert!(
        list.contains("li.wei") && list.contains("moderator"),
        "{list}"
    );
    assert!(!list.contains("argon2"), "the list never shows a hash");
    let hash = s
        .query("SELECT password_hash FROM users WHERE name = 'li.wei'")
        .await;
    assert!(
        hash[0][0].as_deref().unwrap().starts_with("$argon2id$"),
        "stored as an argon2id hash, never in clear"
    );
    let (ok, _, err) = user(&s, &["passwd", "li.wei"], Some("另一个密码-2026"));
    assert!(ok, "{err}");
    let (ok, _, err) = user(&s, &["passwd", "nobody"], Some(PASSWORD));
    assert!(!ok && err.contains("no account"), "{err}");
    let (ok, _, _) = user(&s, &["disable", "li.wei"], None);
    assert!(ok);
    let (ok, _, err) = user(&s, &["disable", "li.wei"], None);
    assert!(!ok && err.contains("no enabled account"), "{err}");
}

#[tokio::test]
async fn login_and_logout_and_every_refusal_on_the_way() {
    let s = Server::start().await;
    assert!(
        user(
            &s,
            &["add", "li.wei", "--role", "moderator"],
            Some(PASSWORD)
        )
        .0
    );
    let b = browser();

    // Not logged in: the desk sends to the login form; its API says 401.
    let res = b.get(s.url("/desk")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/desk/login");
    let res = session(&s, &b, "forged").await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "unauthorized"
    );

    // The form: labels, never cached, never framed, its CSRF cookie strict.
    let res = b.get(s.url("/desk/login")).send().await.unwrap();
    let h = res.headers().clone();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .ends_with("frame-ancestors 'none'"),
        "{:?}",
        h["content-security-policy"]
    );
    let (_, line) = set_cookie(&res, "difang_desk_login").unwrap();
    assert!(
        line.contains("HttpOnly") && line.contains("SameSite=Strict"),
        "{line}"
    );
    let html = res.text().await.unwrap();
    for label in ["用户名", "密码", "登录"] {
        assert!(html.contains(label), "{label} on the form");
    }
    let en = b.get(s.url("/desk/login?lang=en")).send().await.unwrap();
    let en = en.text().await.unwrap();
    for label in ["Username", "Password", "Log in"] {
        assert!(en.contains(label), "{label} on the English form");
    }

    // A form posted without the token its cookie holds (another site's form): 403.
    let (token, cookie) = login_form(&s, &b).await;
    let res = post_login(&s, &b, ("forged", &cookie), "li.wei", PASSWORD, None).await;
    assert_eq!(res.status(), 403);
    assert!(set_cookie(&res, "difang_desk").is_none());
    // Wrong password, unknown account: the same 401.
    let res = post_login(&s, &b, (&token, &cookie), "li.wei", "错误的密码-000", None).await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("用户名或密码错误"));
    let res = post_login(&s, &b, (&token, &cookie), "nobody", PASSWORD, None).await;
    assert_eq!(res.status(), 401);

    // Logged in: a strict, HttpOnly session cookie of eight hours, stored only as its digest.
    let res = post_login(&s, &b, (&token, &cookie), "li.wei", PASSWORD, None).await;
    assert_eq!(res.status(), 303);
    let (sid, line) = set_cookie(&res, "difang_desk").unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(!line.contains("Secure"), "plain http here: {line}");
    let stored = s.query("SELECT digest FROM sessions").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0][0].as_deref().unwrap(),
        format!("{:x}", Sha256::digest(sid.as_bytes()))
    );
    let desk = b
        .get(s.url("/desk"))
        .header("cookie", format!("difang_desk={sid}"))
        .send()
        .await
        .unwrap();
    assert_eq!(desk.status(), 200);
    assert!(desk.text().await.unwrap().contains("li.wei"));
    let me: serde_json::Value = session(&s, &b, &sid).await.json().await.unwrap();
    assert_eq!(me["name"], "li.wei");
    assert_eq!(me["role"], "moderator");
    let csrf = me["csrf"].as_str().unwrap().to_owned();
    assert_eq!(csrf.len(), 43, "256 bits, base64url");

    // Logging out takes the session's CSRF token.
    let logout = |csrf: String| {
        b.post(s.url("/desk/logout"))
            .header("cookie", format!("difang_desk={sid}"))
            .form(&[("csrf", csrf)])
            .send()
    };
    assert_eq!(logout("forged".into()).await.unwrap().status(), 403);
    assert_eq!(session(&s, &b, &sid).await.status(), 200, "still logged in");
    let res = logout(csrf).await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(set_cookie(&res, "difang_desk")
        .unwrap()
        .1
        .contains("Max-Age=0"));
    assert_eq!(session(&s, &b, &sid).await.status(), 401);

    // A session ends when it expires, and at once when its account is disabled.
    let sid = log_in(&s, &b, "li.wei").await;
    s.execute("UPDATE sessions SET expires_ns = 0").await;
    assert_eq!(session(&s, &b, &sid).await.status(), 401, "expired");
    let sid = log_in(&s, &b, "li.wei").await;
    assert_eq!(session(&s, &b, &sid).await.status(), 200);
    assert!(user(&s, &["disable", "li.wei"], None).0);
    assert_eq!(session(&s, &b, &sid).await.status(), 401, "disabled");
    let (token, cookie) = login_form(&s, &b).await;
    let res = post_login(&s, &b, (&token, &cookie), "li.wei", PASSWORD, None).await;
    assert_eq!(res.status(), 401, "a disabled account cannot log in");
}

#[tokio::test]
async fn guessing_passwords_is_refused_per_account_and_per_client() {
    // Behind a trusted proxy each attempt can come from another client.
    let s = Server::start_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    assert!(user(&s, &["add", "li.wei", "--role", "admin"], Some(PASSWORD)).0);
    let b = browser();
    let (token, cookie) = login_form(&s, &b).await;
    let form = (token.as_str(), cookie.as_str());
    // One account, from ten clients: the eleventh attempt is refused, even with the right password.
    for n in 0..10 {
        let client = format!("203.0.113.{n}");
        let res = post_login(&s, &b, form, "li.wei", "猜测的密码-000", Some(&client)).await;
        assert_eq!(res.status(), 401);
    }
    let res = post_login(&s, &b, form, "li.wei", PASSWORD, Some("203.0.113.99")).await;
    assert_eq!(res.status(), 429);
    assert!(
        res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // One client, ten accounts: the eleventh is refused.
    for n in 0..10 {
        let res = post_login(
            &s,
            &b,
            form,
            &format!("guess{n}"),
            PASSWORD,
            Some("198.51.100.7"),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    let res = post_login(&s, &b, form, "other", PASSWORD, Some("198.51.100.7")).await;
    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn the_session_cookie_is_secure_under_an_https_address() {
    let s = Server::start_with(|c| c.public_url = Some("https://news.example".into())).await;
    assert!(user(&s, &["add", "li.wei", "--role", "editor"], Some(PASSWORD)).0);
    let b = browser();
    let (token, cookie) = login_form(&s, &b).await;
    let res = post_login(&s, &b, (&token, &cookie), "li.wei", PASSWORD, None).await;
    assert_eq!(res.status(), 303);
    assert!(set_cookie(&res, "difang_desk")
        .unwrap()
        .1
        .contains("Secure"));
}

/// A desk request with the session cookie, and the CSRF header when given.
async fn desk_call(
    s: &Server,
    b: &Client,
    method: &str,
    path: &str,
    sid: &str,
    csrf: Option<&str>,
) -> Response {
    let mut req = b
        .request(method.parse().unwrap(), s.url(path))
        .header("cookie", format!("difang_desk={sid}"));
    if let Some(t) = csrf {
        req = req.header("x-csrf-token", t);
    }
    req.send().await.unwrap()
}

async fn csrf_of(s: &Server, b: &Client, sid: &str) -> String {
    let me: serde_json::Value = session(s, b, sid).await.json().await.unwrap();
    me["csrf"].as_str().unwrap().to_owned()
}

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
    assert_eq!(entries.len(), 2, "{audit}");
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

/// A reader's request through a trusted proxy that names them `client`.
async fn as_reader(
    s: &Server,
    client: &str,
    path: &str,
    key: &str,
    body: serde_json::Value,
) -> Response {
    s.client
        .post(s.url(path))
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .header("x-forwarded-for", client)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn reports_are_grouped_and_dismissed_and_an_address_is_blocked_for_a_time() {
    let s = Server::start_with(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]).await;
    assert!(user(&s, &["add", "mod.a", "--role", "moderator"], Some(PASSWORD)).0);
    let b = browser();
    let posted = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0001",
        serde_json::json!({"author": "吵架的人", "text": "一条被举报的评论"}),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let id = posted.json::<serde_json::Value>().await.unwrap()["id"]
        .as_u64()
        .unwrap();
    for (n, reason) in [Some("广告"), Some("辱骂"), None].iter().enumerate() {
        let body = match reason {
            Some(r) => serde_json::json!({ "reason": r }),
            None => serde_json::json!({}),
        };
        let res = as_reader(
            &s,
            &format!("203.0.113.{n}"),
            &format!("/api/v1/comments/{id}/report"),
            "unused-key-01",
            body,
        )
        .await;
        assert_eq!(res.status(), 202);
    }
    let m = log_in(&s, &b, "mod.a").await;
    let csrf = csrf_of(&s, &b, &m).await;
    let reports: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/reports", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let first = &reports["items"][0];
    assert_eq!(first["comment"]["id"], id);
    assert_eq!(first["comment"]["text"], "一条被举报的评论");
    assert_eq!(first["count"], 3);
    assert_eq!(first["reasons"], serde_json::json!(["广告", "辱骂"]));
    let summary: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/summary", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["reported"], 1);

    // Dismissed: the reports go, the comment stays.
    let dismiss = format!("/api/v1/desk/comments/{id}/dismiss");
    assert_eq!(
        desk_call(&s, &b, "POST", &dismiss, &m, None).await.status(),
        403,
        "no CSRF token"
    );
    let res = desk_call(&s, &b, "POST", &dismiss, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["dismissed"],
        3
    );
    let reports: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/reports", &m, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reports["items"], serde_json::json!([]));
    assert!(s
        .get_json("/api/v1/articles/4/comments")
        .await
        .to_string()
        .contains("一条被举报的评论"));

    // Blocked: that address posts nothing for the time given; others still post.
    let block = format!("/api/v1/desk/comments/{id}/block?hours=2");
    assert_eq!(
        desk_call(
            &s,
            &b,
            "POST",
            &format!("/api/v1/desk/comments/{id}/block?hours=0"),
            &m,
            Some(&csrf)
        )
        .await
        .status(),
        400
    );
    let res = desk_call(&s, &b, "POST", &block, &m, Some(&csrf)).await;
    assert_eq!(res.status(), 200);
    let blocked: serde_json::Value = res.json().await.unwrap();
    assert_eq!(blocked["address"], "198.51.100.20");
    let refused = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0002",
        serde_json::json!({"author": "吵架的人", "text": "又来了"}),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap()["error"]["code"],
        "forbidden"
    );
    let other = as_reader(
        &s,
        "198.51.100.21",
        "/api/v1/articles/4/comments",
        "desk-block-0003",
        serde_json::json!({"author": "别人", "text": "我可以发"}),
    )
    .await;
    assert_eq!(other.status(), 201);
    // The block ends when its time is up.
    s.execute("UPDATE blocks SET until_ns = 0").await;
    let again = as_reader(
        &s,
        "198.51.100.20",
        "/api/v1/articles/4/comments",
        "desk-block-0004",
        serde_json::json!({"author": "吵架的人", "text": "冷静了"}),
    )
    .await;
    assert_eq!(again.status(), 201);

    let audit: serde_json::Value = desk_call(&s, &b, "GET", "/api/v1/desk/audit", &m, None)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["block", "dismiss"]);
    assert_eq!(audit["items"][0]["target"], "address:198.51.100.20");
    assert_eq!(
        audit["items"][1]["before"],
        serde_json::json!({"reports": 3})
    );
    // A comment with no address kept (the fixture's) cannot be blocked.
    let fixture = s
        .query("SELECT id FROM comments WHERE client IS NULL LIMIT 1")
        .await;
    let row = fixture
        .first()
        .expect("the fixture's comments keep no address");
    let path = format!("/api/v1/desk/comments/{}/block", row[0].as_deref().unwrap());
    assert_eq!(
        desk_call(&s, &b, "POST", &path, &m, Some(&csrf))
            .await
            .status(),
        409
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
