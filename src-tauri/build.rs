// The app's own commands are listed so tauri-build generates one permission per command
// (`allow-create-link`, …); a command missing here cannot be invoked from any window.
const COMMANDS: &[&str] = &["get_app_info", "create_link"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
