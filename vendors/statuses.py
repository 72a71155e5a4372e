"""The stored names of order and line statuses (settings.OSCAR_*_PIPELINE).

People read them translated (vendors.fulfilment.label); code compares with
these names, defined once.
"""

# An order's status.
AWAITING_PAYMENT = "Awaiting payment"
PROCESSING = "Processing"
COMPLETE = "Complete"
CANCELLED = "Cancelled"  # an order's and a line's

# A line's steps, as its producer moves it.
NEW = "New"
CONFIRMED = "Confirmed"
PACKED = "Packed"
SHIPPED = "Shipped"
READY_FOR_PICKUP = "Ready for pickup"
DELIVERED = "Delivered"
