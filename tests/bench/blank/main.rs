//! The bench's blank baseline: one window, one static page, nothing else.

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("blank Tauri window");
}
