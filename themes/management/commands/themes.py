from django.core.management.base import BaseCommand, CommandError

from themes import checks, registry


class Command(BaseCommand):
    help = (
        "List the installed themes, or with --check validate themes' manifests, parents, "
        "screenshots, stylesheets and templates (all themes when none is named)."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="theme folders to check")
        parser.add_argument("--check", action="store_true", help="validate instead of listing")

    def handle(self, *args, names, check, **options):
        if not check:
            for theme in registry.installed().values():
                parent = f", extends {theme.parent}" if theme.parent else ""
                self.stdout.write(
                    f"{theme.key}: {theme.name} {theme.version} by {theme.author}{parent}, "
                    f"{len(theme.all_options())} options"
                )
            return
        folders = names or [
            path.name
            for path in sorted(registry.THEMES_DIR.iterdir())
            if (path / registry.MANIFEST).is_file()
        ]
        found = [problem for name in folders for problem in checks.problems(name)]
        for problem in found:
            self.stderr.write(problem)
        if found:
            raise CommandError(f"{len(found)} problems in {len(folders)} themes")
        self.stdout.write(f"{len(folders)} themes checked: no problems")
