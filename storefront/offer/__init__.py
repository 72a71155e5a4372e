default_app_config = "storefront.offer.apps.OfferConfig"
