// What views may ask of the app: navigation, the toast, the app's mode, live link updates.

import type { AppInfo, Lang, LinkDto } from "./ipc";
import type { Catalogue } from "./i18n";
import type { ViewId } from "./shell";

export interface Ctx {
  readonly t: Catalogue;
  readonly lang: Lang;
  /** The last `get_app_info` answer; null until it came (or when it failed). */
  info(): AppInfo | null;
  toast(message: string, kind?: "ok" | "error"): void;
  go(view: ViewId): void;
  /** Shows a link in the share view. `fresh`: it was just created (focus lands on the result). */
  showLink(link: LinkDto, fresh?: boolean): void;
  /** Loads a link (with its QR) and shows it in the share view. */
  openLink(id: number): Promise<void>;
  /** An empty "Yeni link" form, amount focused. */
  newLink(): void;
  /** A link changed here (after an action): every view showing it updates. */
  linkChanged(link: LinkDto): void;
  /** Asks Rust again for mode, settings, credentials (after keys or settings change). */
  refreshInfo(): Promise<void>;
  /** "Tekrar dene" while the keys are out of reach: the keychain is read again. */
  retryKeys(): Promise<void>;
  /** Switches the language (null: follow the system) and redraws. */
  setLang(lang: Lang | null): Promise<void>;
}
