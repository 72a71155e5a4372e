from django.contrib import admin

from .models import District, Province, Regency, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["name", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "regency"]
    list_filter = ["regency__province"]
    search_fields = ["name"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district__regency"]
    search_fields = ["name"]
