"""Cohorts and enrolments in the Django admin, for operators who need to
look something up or fix it by hand. Instructors use /latih/."""

from django.contrib import admin

from training.models import Cohort, Enrolment, SimulatedOrder


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    fields = ["trainee", "producer", "practice_producer", "enrolled_at"]
    readonly_fields = ["enrolled_at"]
    raw_id_fields = ["trainee", "producer", "practice_producer"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "learning_centre", "site", "starts_on", "ends_on"]
    list_filter = ["site", "learning_centre"]
    search_fields = ["name", "learning_centre"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["instructors"]
    raw_id_fields = ["village"]
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["trainee", "cohort", "producer", "practice_producer", "enrolled_at"]
    list_filter = ["cohort"]
    search_fields = ["trainee__username", "trainee__first_name", "producer__name"]
    list_select_related = ["trainee", "cohort", "producer", "practice_producer"]
    raw_id_fields = ["trainee", "producer", "practice_producer"]


@admin.register(SimulatedOrder)
class SimulatedOrderAdmin(admin.ModelAdmin):
    list_display = ["order", "enrolment", "created_at", "answered_at"]
    list_select_related = ["order", "enrolment__trainee", "enrolment__cohort"]
    raw_id_fields = ["enrolment", "order", "created_by"]
    readonly_fields = ["created_at"]
