// The app's own commands are listed so tauri-build generates one permission per command
// (`allow-create-link`, …); a command missing here cannot be invoked from any window.
const COMMANDS: &[&str] = &[
    "get_app_info",
    "retry_keychain",
    "get_settings",
    "save_settings",
    "set_paynet_credentials",
    "set_paytr_credentials",
    "set_iyzico_credentials",
    "clear_credentials",
    "test_connection",
    "validate_link_form",
    "create_link",
    "list_links",
    "get_link",
    "refresh_link",
    "check_link",
    "settle_link",
    "cancel_link",
    "reopen_link",
    "delete_links",
    "resend_link",
    "open_whatsapp",
    "copy_link",
    "copy_qr",
    "save_qr_png",
    "export_csv",
    "link_summary",
    "day_report",
    "export_day_report",
    "resolve_sale",
    "dismiss_sale",
    "list_ambiguous_sales",
    "get_unseen_payments",
    "mark_payments_seen",
    "get_update_status",
    "set_update_checks",
    "check_for_update",
    "install_update",
    "create_support_package",
    "list_saved_items",
    "save_saved_item",
    "delete_saved_item",
    "reorder_saved_items",
    "save_link_as_item",
    "export_saved_items_csv",
    "import_saved_items_csv",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
