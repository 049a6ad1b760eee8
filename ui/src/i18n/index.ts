// Picks the catalogue: Turkish unless the system language is something else.

import type { Lang } from "../ipc";
import { en } from "./en";
import { tr, type Catalogue } from "./tr";

export type { Catalogue } from "./tr";

const catalogues: Record<Lang, Catalogue> = { tr, en };

/** Turkish first: only a non-Turkish system language switches to English. */
export function detectLang(language: string | undefined = globalThis.navigator?.language): Lang {
  if (!language) return "tr";
  return language.toLowerCase().startsWith("tr") ? "tr" : "en";
}

export function catalogue(lang: Lang): Catalogue {
  return catalogues[lang];
}
