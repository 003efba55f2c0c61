//! JSON text to and from Rust values through the browser's own JSON.parse/JSON.stringify and
//! serde-wasm-bindgen: the app carries no JSON parser or printer of its own (smaller wasm).

use serde::{de::DeserializeOwned, Serialize};

/// Parses JSON text into `T`; the error says what did not fit.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Prints `value` as JSON text (maps as objects, as JSON has them).
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "cannot print as JSON".to_owned())
}
