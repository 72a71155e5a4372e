// A village shop on the Pasar Desa API, with nothing but fetch().
//
// The API is the page's own origin, or the one named by ?api=, e.g.
// index.html?api=http://ibun.localhost:8000 (that origin must then list this
// page's origin in PASAR_API_CORS_ORIGINS). The shop shown is the one the
// API's hostname belongs to, or ?shop=<id> from GET /api/v1/shops.

const params = new URLSearchParams(location.search);
const BASE = (params.get("api") || location.origin).replace(/\/+$/, "");
const API = `${BASE}/api/v1`;
// The anonymous basket is named by the token the API gave with its first line.
const TOKEN_KEY = `pasar-desa-basket ${BASE}`;
const PHOTO_SIZES = "(min-width: 40rem) 14rem, 45vw";

const $ = (selector) => document.querySelector(selector);

/** 25000 -> "Rp 25.000" (money in the API is whole rupiah, an int). */
export function rupiah(amount) {
  if (amount === null || amount === undefined) return "–";
  return `Rp ${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body.message);
    this.status = status;
    this.code = body.code || "error";
    this.fields = body.fields || {};
  }
}

/** One API call; errors come as {code, message, fields} and are thrown. */
export async function call(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": "id" };
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) headers["X-Basket-Token"] = token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(`${API}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { message: "API tidak bisa dihubungi. Periksa koneksi Anda." });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (data && data.code === "unknown_basket") localStorage.removeItem(TOKEN_KEY);
    throw new ApiError(response.status, data || { message: `Galat ${response.status}.` });
  }
  return data;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function notify(text) {
  $("#notice").textContent = text;
}

// --- products -----------------------------------------------------------------------

function srcset(urls) {
  return Object.entries(urls)
    .map(([width, url]) => `${url} ${width}w`)
    .join(", ");
}

function picture(product) {
  const [photo] = product.photos;
  if (!photo) return element("div", { class: "no-photo" }, "Belum ada foto");
  const widths = Object.keys(photo.jpeg);
  const fallback = photo.jpeg["320"] || photo.jpeg[widths[0]];
  return element(
    "picture",
    {},
    element("source", { type: "image/webp", srcset: srcset(photo.webp), sizes: PHOTO_SIZES }),
    element("img", {
      src: fallback,
      srcset: srcset(photo.jpeg),
      sizes: PHOTO_SIZES,
      alt: photo.caption || product.title,
      loading: "lazy",
    }),
  );
}

function productCard(product) {
  const titleId = `product-${product.id}`;
  const button = element(
    "button",
    { type: "button", "aria-describedby": titleId, "data-product": product.id },
    "Tambah ke keranjang",
  );
  button.disabled = !product.availability.can_buy;
  button.addEventListener("click", () => addToBasket(product, button));
  return element(
    "li",
    { class: "product" },
    picture(product),
    element("h3", { id: titleId }, product.title),
    element("p", { class: "producer" }, `oleh ${product.producer.name}`),
    element("p", { class: "price" }, rupiah(product.price)),
    element("p", { class: "availability" }, product.availability.message),
    button,
  );
}

async function findShop() {
  const { items } = await call("/shops?page_size=100");
  const wanted = params.get("shop");
  const hostname = new URL(BASE).hostname;
  return (
    items.find((shop) => String(shop.id) === wanted) ||
    items.find((shop) => shop.hostname === hostname) ||
    items[0]
  );
}

async function showProducts() {
  const shop = await findShop();
  if (!shop) {
    $("#products-status").textContent = "Belum ada toko desa.";
    return;
  }
  $("#shop-name").textContent = shop.name;
  document.title = `${shop.name}: contoh toko API Pasar Desa`;
  const { items, count } = await call(`/products?shop=${shop.id}&page_size=24`);
  $("#products").replaceChildren(...items.map(productCard));
  $("#products-status").textContent = count
    ? `${count} produk${count > items.length ? `, ${items.length} yang pertama ditampilkan` : ""}.`
    : "Toko ini belum punya produk.";
}

// --- basket -------------------------------------------------------------------------

async function addToBasket(product, button) {
  button.disabled = true;
  try {
    const basket = await call("/basket/lines", {
      method: "POST",
      body: { product_id: product.id, quantity: 1 },
    });
    if (basket.token) localStorage.setItem(TOKEN_KEY, basket.token);
    notify(`${product.title} masuk keranjang.`);
    await showBasket(basket);
  } catch (error) {
    notify(error.message);
  } finally {
    button.disabled = !product.availability.can_buy;
  }
}

async function removeLine(line) {
  try {
    await showBasket(await call(`/basket/lines/${line.id}`, { method: "DELETE" }));
    notify(`${line.title} dikeluarkan dari keranjang.`);
  } catch (error) {
    notify(error.message);
  }
}

async function savedBasket() {
  if (!localStorage.getItem(TOKEN_KEY)) return null;
  try {
    return await call("/basket");
  } catch (error) {
    if (error.code === "unknown_basket") return null; // ordered, or too old
    throw error;
  }
}

async function showBasket(basket) {
  basket = basket || (await savedBasket());
  const lines = basket ? basket.lines : [];
  const box = $("#basket");
  $("#basket-link").textContent = `Keranjang (${basket ? basket.num_items : 0})`;
  $("#checkout").hidden = lines.length === 0;
  if (!lines.length) {
    box.replaceChildren(element("p", {}, "Keranjang masih kosong."));
    return;
  }
  const rows = lines.map((line) => {
    const remove = element("button", { type: "button", class: "secondary" }, "Hapus");
    remove.setAttribute("aria-label", `Hapus ${line.title}`);
    remove.addEventListener("click", () => removeLine(line));
    return element(
      "li",
      { class: "line" },
      element("span", {}, `${line.quantity} × ${line.title}`),
      element("span", { class: "price" }, rupiah(line.total)),
      line.problem ? element("span", { class: "problem" }, line.problem) : "",
      remove,
    );
  });
  box.replaceChildren(
    element("ul", { class: "lines" }, ...rows),
    element("p", { class: "total" }, "Total belanja: ", element("strong", {}, rupiah(basket.total))),
  );
  await showShippingMethods();
}

async function showShippingMethods() {
  const select = $("#shipping_method");
  const chosen = select.value;
  const methods = await call("/shipping-methods");
  select.replaceChildren(
    ...methods.map((method) =>
      element("option", { value: method.code }, `${method.name} (${rupiah(method.price)})`),
    ),
  );
  const pickup = methods.find((method) => method.is_pickup);
  select.value = methods.some((m) => m.code === chosen) ? chosen : pickup ? pickup.code : "";
}

// --- checkout -----------------------------------------------------------------------

function clearErrors(form) {
  const summary = $("#form-errors");
  summary.hidden = true;
  summary.replaceChildren();
  for (const note of form.querySelectorAll(".field-error")) note.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

/** The API's message, and each field's messages next to its input. */
function showErrors(form, error) {
  const summary = $("#form-errors");
  const items = [];
  for (const [name, messages] of Object.entries(error.fields)) {
    const input = form.elements.namedItem(name);
    const label = input ? form.querySelector(`label[for="${input.id}"]`).textContent : name;
    items.push(element("li", {}, `${label}: ${messages.join(" ")}`));
    if (input) {
      const note = element("span", { class: "field-error", id: `${input.id}-error` }, messages.join(" "));
      input.after(note);
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
    }
  }
  summary.replaceChildren(
    element("p", { class: "message" }, error.message),
    items.length ? element("ul", {}, ...items) : "",
  );
  summary.hidden = false;
  summary.focus();
}

async function placeOrder(event) {
  event.preventDefault();
  const form = event.target;
  const value = (name) => form.elements.namedItem(name).value.trim();
  const button = $("#place-order");
  clearErrors(form);
  button.disabled = true;
  try {
    const order = await call("/checkout", {
      method: "POST",
      body: {
        email: value("email"),
        shipping_address: {
          first_name: value("shipping_address.first_name"),
          phone_number: value("shipping_address.phone_number"),
          line1: value("shipping_address.line1"),
          line4: value("shipping_address.line4"),
        },
        shipping_method: value("shipping_method"),
        payment_method: "cod",
      },
    });
    localStorage.removeItem(TOKEN_KEY);
    form.reset();
    await showBasket(null);
    showOrder(order);
    // Read it back as a shopper's app would later on: number and its token.
    const query = new URLSearchParams({ token: order.token });
    showOrder(await call(`/orders/${encodeURIComponent(order.number)}?${query}`));
  } catch (error) {
    showErrors(form, error);
  } finally {
    button.disabled = false;
  }
}

function showOrder(order) {
  $("#order-number").textContent = order.number;
  $("#order-status").textContent = order.status;
  $("#order-payment").textContent = order.payment
    ? `${order.payment.method}, ${order.payment.status}`
    : "–";
  $("#order-total").textContent = rupiah(order.total);
  $("#order-link").href = order.status_url;
  const section = $("#order");
  if (section.hidden) {
    section.hidden = false;
    section.focus();
  }
}

async function showPaymentMethod() {
  const cod = (await call("/payment-methods")).find((method) => method.code === "cod");
  if (cod) {
    $("#payment-name").textContent = cod.name;
  } else {
    $("#payment-name").textContent = "Toko ini tidak menerima bayar di tempat.";
    $("#place-order").disabled = true;
  }
}

async function start() {
  $("#api-base").textContent = API;
  $("#checkout-form").addEventListener("submit", placeOrder);
  try {
    await showProducts();
    await Promise.all([showBasket(), showPaymentMethod()]);
  } catch (error) {
    $("#products-status").textContent = error.message;
  }
}

start();
