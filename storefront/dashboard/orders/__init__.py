"""Order dashboard views that keep each producer to her own order lines."""
