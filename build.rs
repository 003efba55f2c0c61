//! With the `split` feature on a wasm target: `--cfg difang_split` (the `split_point!` functions of
//! src/lazy.rs) and `--emit-relocs` for the binary (wasm-split-cli reads the linker's relocations to
//! cut the module). With the `embed` feature (the partner widgets' binary): `--cfg difang_embed`, which
//! keeps the app's own split points out of that binary (src/lazy.rs).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm =
        std::env::var("CARGO_CFG_TARGET_FAMILY").is_ok_and(|f| f.split(',').any(|f| f == "wasm"));
    // The measured hydration variant (docs/architecture.md); its server is built with the same cfg.
    if std::env::var_os("CARGO_FEATURE_HYDRATE").is_some() {
        println!("cargo::rustc-cfg=difang_hydrate");
    }
    if std::env::var_os("CARGO_FEATURE_EMBED").is_some() {
        println!("cargo::rustc-cfg=difang_embed");
    }
    if split && wasm {
        println!("cargo::rustc-cfg=difang_split");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
