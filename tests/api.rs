//! The API client against real bad answers (no fetch mocks): the test runner's own server and a closed port.

use difang::api::{get_json, get_text, ApiError};
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
