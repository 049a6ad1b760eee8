// The iyzico card's fields in Ayarlar: the two keys (write-only, like every key), its host, and
// the shop's name drawn on the picture iyzico shows with each link (a setting, not a key).

import type { Catalogue } from "../i18n";
import { h, option } from "../dom";

type Labelled = (id: string, label: string, control: HTMLElement) => HTMLElement;

export class IyzicoFields {
  readonly apiKey: HTMLInputElement;
  readonly secretKey: HTMLInputElement;
  readonly env: HTMLSelectElement;
  readonly shopName: HTMLInputElement;
  /** The card's fields, in order (the buttons and error line are the card's). */
  readonly nodes: HTMLElement[];

  constructor(s: Catalogue["settings"], secret: (id: string) => HTMLInputElement, labelled: Labelled) {
    // The API key is no secret on its own, but it is never shown back either: same as the others.
    this.apiKey = secret("iyzico-api-key");
    this.secretKey = secret("iyzico-secret-key");
    this.env = h("select", { id: "iyzico-env" }, option("test", s.iyzicoEnvTest), option("live", s.iyzicoEnvLive));
    this.shopName = h("input", {
      id: "shop-name",
      type: "text",
      maxlength: "60",
      autocomplete: "organization",
      placeholder: s.shopNamePlaceholder,
      "aria-describedby": "shop-name-hint",
    });
    this.nodes = [
      h("p", { id: "iyzico-where", class: "hint" }, s.iyzicoWhere),
      labelled("iyzico-api-key", s.iyzicoApiKey, this.apiKey),
      labelled("iyzico-secret-key", s.iyzicoSecretKey, this.secretKey),
      labelled("iyzico-env", s.iyzicoEnv, this.env),
      h(
        "div",
        { class: "field" },
        h("label", { for: "shop-name" }, s.shopName),
        this.shopName,
        h("p", { id: "shop-name-hint", class: "hint" }, s.shopNameHint),
      ),
    ];
  }
}
