import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalog"

    def ready(self):
        super().ready()
        from catalog import receivers

        receivers.connect(self.get_model("ProductImage"), self.get_model("Category"))
