import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    name = "vendors"

    def ready(self):
        super().ready()
        from django.db.models.signals import pre_save

        from vendors.access import keep_producer_codes_off_portal_paths
        from vendors.profile_completeness import mark_profile_completed

        pre_save.connect(
            keep_producer_codes_off_portal_paths,
            sender=self.get_model("Partner"),
            dispatch_uid="vendors.access.keep_producer_codes_off_portal_paths",
        )
        pre_save.connect(
            mark_profile_completed,
            sender=self.get_model("Partner"),
            dispatch_uid="vendors.profile_completeness.mark_profile_completed",
        )
