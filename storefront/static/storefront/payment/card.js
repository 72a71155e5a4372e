// Card payments with Stripe.js, on the order page only.
//
// The card form turns the card into a Stripe token in the browser (the card
// number never reaches the shop) and posts the token; the server charges it.
// When the bank asks for 3-D Secure, the server answers with a page holding
// the PaymentIntent's client secret: Stripe.js shows the bank's check, then
// the browser goes back to the server to learn how it went.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  var action = document.getElementById("card-action");
  var holder = form || action;
  if (!holder || typeof Stripe === "undefined") {
    return;
  }
  var stripe = Stripe(holder.dataset.stripeKey, {
    locale: document.documentElement.lang || "auto",
  });

  if (form) {
    var card = stripe.elements().create("card");
    var errors = document.getElementById("card-errors");
    var button = form.querySelector("button[type=submit]");
    form.hidden = false;
    card.mount("#card-element");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      errors.textContent = "";
      stripe.createToken(card).then(function (result) {
        if (result.error) {
          errors.textContent = result.error.message || "";
          button.disabled = false;
          return;
        }
        form.elements.stripe_token.value = result.token.id;
        form.submit();
      });
    });
  }

  if (action) {
    stripe.confirmCardPayment(action.dataset.clientSecret).then(function () {
      window.location.assign(action.dataset.returnUrl);
    });
  }
})();
