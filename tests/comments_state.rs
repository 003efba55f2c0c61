//! The comment form's rules and memory: validation messages (characters, not bytes), counters, the draft's
//! localStorage round trip and idempotency key reuse, and the optimistic post's state machine.

use difang::api::ApiError;
use difang::widgets::comments::draft::{self, Draft};
use difang::widgets::comments::form::{check, counter};
use difang::widgets::comments::state::{outcome, Failure, ItemStatus, Outcome};
use model::{ArticleId, Comment, CommentId, CommentStatus, ErrorBody, ErrorCode, NewComment};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn validation_counts_characters_and_names_the_limit() {
    assert!(check("张三", &"字".repeat(2000)).is_ok());
    let too_long = check("张三", &"字".repeat(2001)).unwrap_err();
    assert!(
        too_long.contains("2000") && too_long.contains("2001"),
        "{too_long}"
    );
    assert!(check("张三", &"😀".repeat(2000)).is_ok());
    assert!(check("张三", &"😀".repeat(2001))
        .unwrap_err()
        .contains("2000"));
    let long_name = check(&"资".repeat(41), "好").unwrap_err();
    assert!(
        long_name.contains("昵称") && long_name.contains("40"),
        "{long_name}"
    );
    assert!(check("   ", "有内容").unwrap_err().contains("昵称"));
    assert!(check("a", " \n\u{200B} ").unwrap_err().contains("评论"));
    assert_eq!(counter("资阳😀", 2000), "3/2000");
}

#[wasm_bindgen_test]
fn draft_round_trips_through_local_storage() {
    let key = draft::key(ArticleId(77), Some(CommentId(42)));
    assert!(key.contains("draft") && key.ends_with(".r42"), "{key}");
    assert_ne!(key, draft::key(ArticleId(77), None));
    let d = Draft {
        author: "草稿君".into(),
        text: "还没写完\n第二行".into(),
        sent: None,
    };
    draft::save(&key, &d);
    let raw = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(&key)
        .unwrap()
        .unwrap();
    assert!(raw.contains("还没写完"));
    assert_eq!(draft::load(&key), Some(d));
    draft::clear(&key);
    assert_eq!(draft::load(&key), None);
}

#[wasm_bindgen_test]
fn the_same_submission_reuses_its_key_across_a_reload() {
    let key = draft::key(ArticleId(78), None);
    let body = NewComment {
        author: "a".into(),
        text: "同一条".into(),
        parent_id: None,
    };
    let mut d = Draft {
        author: "a".into(),
        text: "同一条".into(),
        sent: None,
    };
    let k1 = d.key_for(&body);
    assert!(model::comment::valid_idempotency_key(&k1), "{k1}");
    assert_eq!(d.key_for(&body), k1, "a double tap or retry reuses the key");
    draft::save(&key, &d);
    let mut reloaded = draft::load(&key).unwrap();
    assert_eq!(
        reloaded.key_for(&body),
        k1,
        "a retry after a reload reuses the stored key"
    );
    let edited = NewComment {
        text: "改过了".into(),
        ..body
    };
    assert_ne!(
        reloaded.key_for(&edited),
        k1,
        "an edited comment is a new submission"
    );
    draft::clear(&key);
    assert_ne!(draft::new_key(), draft::new_key());
}

fn comment(status: CommentStatus) -> Comment {
    Comment {
        id: CommentId(5),
        article_id: ArticleId(1),
        parent_id: None,
        reply_to: None,
        author: "a".into(),
        text: "b".into(),
        created_at: time::OffsetDateTime::UNIX_EPOCH,
        status,
        reply_count: 0,
    }
}

fn http(status: u16, code: ErrorCode, field: Option<&str>, retry_after: Option<u64>) -> ApiError {
    ApiError::Http {
        status,
        error: Some(model::ApiError {
            error: ErrorBody {
                code,
                message: "服务器说".into(),
                field: field.map(Into::into),
                retry_after,
            },
        }),
    }
}

#[wasm_bindgen_test]
fn optimistic_post_state_machine() {
    let ok = comment(CommentStatus::Published);
    assert_eq!(outcome(Ok(ok.clone())), Outcome::Accepted(ok.clone()));
    assert_eq!(ItemStatus::of(&ok).attr(), "published");
    assert_eq!(
        ItemStatus::of(&comment(CommentStatus::Pending)).attr(),
        "pending"
    );
    assert_eq!(ItemStatus::Sending.attr(), "sending");
    assert_eq!(
        outcome(Err(ApiError::Network("refused".into()))),
        Outcome::Failed(Failure::Network)
    );
    let limited = outcome(Err(http(429, ErrorCode::RateLimited, None, Some(17))));
    assert_eq!(limited, Outcome::Failed(Failure::RetryAfter(17)));
    if let Outcome::Failed(f) = limited {
        assert_eq!(f.reason(difang::i18n::Lang::Zh), "请在 17 秒后再试");
        assert_eq!(ItemStatus::Failed(f).attr(), "failed");
    }
    assert_eq!(
        outcome(Err(http(400, ErrorCode::Validation, Some("text"), None))),
        Outcome::Invalid {
            field: "text".into(),
            message: "服务器说".into()
        }
    );
    assert_eq!(
        outcome(Err(http(503, ErrorCode::Unavailable, None, None))),
        Outcome::Failed(Failure::Server("服务器说".into()))
    );
    assert_eq!(
        outcome(Err(ApiError::Http {
            status: 502,
            error: None
        })),
        Outcome::Failed(Failure::Server("HTTP 502".into()))
    );
}
