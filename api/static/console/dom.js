// A tiny element builder: h("button", {onclick}, "text") — no framework, nothing to build.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "style" && typeof value === "object") Object.assign(element.style, value);
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function toast(message, bad = false) {
  const line = h("div", { class: bad ? "bad" : "" }, message);
  document.getElementById("toast").append(line);
  setTimeout(() => line.remove(), bad ? 8000 : 3000);
}

export function debounce(work, milliseconds) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => work(...args), milliseconds);
  };
}

export const number = (value) => (value ?? 0).toLocaleString();
