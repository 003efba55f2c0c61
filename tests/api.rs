//! The API client against real bad answers (no fetch mocks): the test runner's own server and a closed port.

use difang::api::{get_json, get_text, ApiError, Body};
use model::Site;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_404_maps_to_http_not_found() {
    let e = get_text("/definitely/not/here.json").await.unwrap_err();
    assert!(matches!(e, ApiError::Http { status: 404, .. }), "{e:?}");
    assert!(e.is_not_found());
}

#[wasm_bindgen_test]
async fn html_instead_of_json_is_a_decode_error() {
    // The runner serves an HTML page at its root: a 200 that is not JSON.
    let e = get_json::<Site>("/").await.unwrap_err();
    assert!(matches!(e, ApiError::Decode(_)), "{e:?}");
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    let e = get_text("http://127.0.0.1:9/api/v1/site")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Network(_)), "{e:?}");
}

/// Counts the browser's JSON parses (the app's only JSON parser, `json.rs`) while `f` runs.
fn parses_during(f: impl FnOnce()) -> u32 {
    js_sys::eval(
        "globalThis.__parse = JSON.parse; globalThis.__parses = 0;
         JSON.parse = (text, reviver) => { globalThis.__parses += 1; return globalThis.__parse(text, reviver); };",
    )
    .expect("JSON.parse counted");
    f();
    let parses = js_sys::eval("JSON.parse = globalThis.__parse; globalThis.__parses")
        .expect("JSON.parse restored");
    parses.as_f64().expect("a count") as u32
}

#[wasm_bindgen_test]
fn an_answer_is_parsed_once_however_often_it_is_read() {
    let body = Body::new("/api/v1/numbers".into(), "[1,2,3]".into());
    let parses = parses_during(|| {
        for copy in [body.clone(), body.clone(), body] {
            assert_eq!(copy.decode::<Vec<u32>>(), Ok(vec![1, 2, 3]));
            // Another type is its own decode, kept beside the first.
            assert_eq!(copy.decode::<Vec<f64>>(), Ok(vec![1.0, 2.0, 3.0]));
        }
    });
    assert_eq!(parses, 2, "one parse per type, not per read");
}
