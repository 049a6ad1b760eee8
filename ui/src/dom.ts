// A tiny element builder: text always goes in as text, never as HTML (strict CSP, no injection).

type Attrs = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  return h("option", { value, selected }, label);
}

export function button(attrs: Attrs, label: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", ...attrs }, label);
  b.addEventListener("click", onClick);
  return b;
}

/** Destructive buttons ask once more in place: the first click arms the button for a few
 *  seconds ("Emin misiniz? Tekrar tıklayın"), the second runs the action. No modal, no window. */
export function armed(attrs: Attrs, label: string, confirm: () => string, action: () => void): HTMLButtonElement {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const b = h("button", { type: "button", ...attrs }, label);
  const disarm = () => {
    clearTimeout(timer);
    timer = undefined;
    b.classList.remove("armed");
    b.textContent = b.dataset.label ?? label;
  };
  b.dataset.label = label;
  b.addEventListener("click", () => {
    if (timer === undefined) {
      b.classList.add("armed");
      b.textContent = confirm();
      timer = setTimeout(disarm, 4000);
      return;
    }
    disarm();
    action();
  });
  b.addEventListener("blur", () => {
    if (timer !== undefined) disarm();
  });
  return b;
}

/** Sets the label of a button made by `armed` (it restores this label after arming). */
export function setArmedLabel(b: HTMLButtonElement, label: string): void {
  b.dataset.label = label;
  if (!b.classList.contains("armed")) b.textContent = label;
}

/** Lays a hidden element out once, unseen (class "warming" shows it off-screen at its parent's
 *  width), so what its first layout loads (fonts) is not waited for when it is first shown. */
export function warmHidden(root: HTMLElement): void {
  const parent = root.parentElement;
  if (!root.hidden || !parent) return;
  root.style.width = `${parent.clientWidth}px`;
  root.classList.add("warming");
  void root.offsetHeight;
  root.classList.remove("warming");
  root.style.width = "";
}
