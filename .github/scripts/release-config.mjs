// Prints the JSON that release.yml merges over tauri.conf.json (`tauri build --config`):
// - the updater reads this repository's latest release (GITHUB_REPOSITORY, set by GitHub);
// - with a Windows certificate, every binary and installer is signed through `signCommand`;
// - without the updater key, no updater artifacts (the build would fail asking for the key).
const repo = process.env.GITHUB_REPOSITORY;
if (!repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
  console.error(`GITHUB_REPOSITORY is not owner/name: ${repo}`);
  process.exit(1);
}
const config = {
  bundle: { createUpdaterArtifacts: Boolean(process.env.TAURI_SIGNING_PRIVATE_KEY) },
  plugins: {
    updater: { endpoints: [`https://github.com/${repo}/releases/latest/download/latest.json`] },
  },
};
if (process.env.WINDOWS_CERTIFICATE) {
  config.bundle.windows = {
    signCommand: "pwsh -NoProfile -ExecutionPolicy Bypass -File .github/scripts/sign-windows.ps1 %1",
  };
}
process.stdout.write(JSON.stringify(config, null, 2) + "\n");
