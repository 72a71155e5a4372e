"""The producer portal (/jual/): a phone-first, JavaScript-free place where a
producer (or the facilitator acting for her) lists products and fulfils her
own order lines. Operators keep the Oscar dashboard and Wagtail admin."""
