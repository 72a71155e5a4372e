"""The headless JSON API (/api/v1/): everything a shopper or a producer can
do in the HTML site, for mobile apps, chat bots and other front ends."""
