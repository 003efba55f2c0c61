//! The desk's accounts and front door: the `user` command, login and logout with their cookies, and
//! every refusal (no session, no CSRF token, wrong password, too many attempts, disabled account,
//! expired session).

use super::{browser, log_in, login_form, post_login, session, set_cookie, user, PASSWORD};
use crate::common::Server;
use sha2::{Digest, Sha256};

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
    // The desk's own page (dist/desk/), never cached or framed, its inline start-up script allowed by
    // hash; every screen's address loads it.
    assert_eq!(desk.status(), 200);
    let h = desk.headers().clone();
    assert_eq!(h["cache-control"], "no-store");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.ends_with("frame-ancestors 'none'"), "{csp}");
    let html = desk.text().await.unwrap();
    assert!(html.contains("/desk/difang-desk-"), "{html}");
    let script = difang_server::security::inline_scripts(&html)[0];
    let hash = difang_server::security::script_hash(script);
    assert!(csp.contains(&hash), "{hash} in {csp}");
    // Its files are files, to anyone (they hold no data), hashed so kept for good.
    let file = b
        .get(s.url("/desk/difang-desk-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(
        file.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(file.text().await.unwrap().contains("start-up script"));
    for screen in ["/desk/reports", "/desk/articles", "/desk/audit"] {
        let res = b
            .get(s.url(screen))
            .header("cookie", format!("difang_desk={sid}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{screen}");
        assert_eq!(res.text().await.unwrap(), html, "{screen}");
        let res = b.get(s.url(screen)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{screen} without a session");
        assert_eq!(res.headers()["location"], "/desk/login");
    }
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
    let audit = s
        .query("SELECT actor, action, target FROM audit ORDER BY id")
        .await;
    let row = |actor: &str, action: &str| {
        vec![
            Some(actor.to_owned()),
            Some(action.to_owned()),
            Some(format!("account:{actor}")),
        ]
    };
    assert_eq!(
        audit,
        [row("li.wei", "login"), row("li.wei", "logout")],
        "logins and logouts are audited; refused attempts are not"
    );

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
