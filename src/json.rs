//! JSON text to and from Rust values. In the browser through its own JSON.parse/JSON.stringify and
//! serde-wasm-bindgen: the app's wasm carries no JSON parser or printer of its own (smaller wasm). On the
//! server (`ssr.rs` renders the same views) through serde_json.

use serde::{de::DeserializeOwned, Serialize};

/// Parses JSON text into `T`; the error says what did not fit.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Prints `value` as JSON text (maps as objects, as JSON has them).
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "cannot print as JSON".to_owned())
}

/// Parses JSON text into `T`; the error says what did not fit.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// Prints `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}
