"""Portal views: how her shop and each product are doing over the last 7, 30
or 90 days (stats.report), with a small chart drawn on the server.

Before reading, the minutes counted since the last rollup are added
(stats.rollup.run, under a cache lock; when another server holds it, the
page shows what is counted so far). Products are looked up among hers, so
another producer's product is a 404.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from catalog import editing
from stats import chart, report, rollup
from vendors.portal.mixins import ProducerMixin


class StatsMixin(ProducerMixin):
    def get(self, request, *args, **kwargs):
        rollup.run()
        return super().get(request, *args, **kwargs)

    def get_days(self):
        return report.parse_days(self.request.GET.get("days"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["windows"] = report.WINDOWS
        return context


class StatsView(StatsMixin, TemplateView):
    template_name = "vendors/portal/stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = report.shop_report(self.producer, self.get_days())
        title = _("Your shop per day, last %(days)s days") % {"days": figures.days}
        context.update(report=figures, chart=chart.chart(figures, title))
        return context


class ProductStatsView(StatsMixin, TemplateView):
    template_name = "vendors/portal/stats_product.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = get_object_or_404(
            editing.producer_products(self.producer).only("title"), pk=self.kwargs["pk"]
        )
        figures = report.product_report(self.producer, product, self.get_days())
        title = _("%(product)s per day, last %(days)s days") % {
            "product": product.title,
            "days": figures.days,
        }
        context.update(product=product, report=figures, chart=chart.chart(figures, title))
        return context


urlpatterns = [
    path("<slug:producer>/statistik/", StatsView.as_view(), name="stats"),
    path(
        "<slug:producer>/produk/<int:pk>/statistik/",
        ProductStatsView.as_view(),
        name="product-stats",
    ),
]
