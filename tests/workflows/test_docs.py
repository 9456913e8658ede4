"""docs/ci-cd.md tells users every secret to set, and how the old template's map to them."""

import re
from pathlib import Path

from tests.workflows import checks

DOC = (Path(__file__).parents[2] / "docs" / "ci-cd.md").read_text(encoding="utf-8")
BUILT_IN = {"GITHUB_TOKEN"}


def section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def secrets_read() -> set[str]:
    texts = [path.read_text() for path in checks.WORKFLOWS.glob("*.yml")]
    return {
        name for text in texts for name in re.findall(r"\$\{\{\s*secrets\.(\w+)", text)
    } - BUILT_IN


def undocumented(names: set[str], doc: str) -> list[str]:
    """Secrets with no row in the table of "Environments and secrets"."""
    rows = re.findall(r"^\| `(\w+)` \|", section(doc, "Environments and secrets"), re.M)
    return sorted(names - set(rows))


def migration_row(doc: str, old: str) -> str:
    [row] = [line for line in doc.splitlines() if line.startswith(f"| `{old}")]
    return row


def test_every_secret_the_workflows_read_is_documented() -> None:
    assert "DB_MIGRATION_URL" in secrets_read()
    assert "DOCKER_REGISTRY_PASSWORD" in secrets_read()
    assert undocumented(secrets_read(), DOC) == []


def test_a_secret_missing_from_the_table_is_named() -> None:
    doc = "\n".join(line for line in DOC.splitlines() if not line.startswith("| `DB_MIGRATION"))

    assert undocumented(secrets_read(), doc) == ["DB_MIGRATION_URL"]


def test_the_old_mongo_secrets_map_to_the_database_and_migration_urls() -> None:
    assert "`DATABASE_URL_STAGING`" in migration_row(DOC, "MONGO_URI_1` … `MONGO_URI_4` of staging")
    assert "`DATABASE_URL_PROD`" in migration_row(DOC, "MONGO_URI_1` … `MONGO_URI_4` of production")
    assert "`DB_MIGRATION_URL`" in migration_row(DOC, "MONGO_URI_ADMIN")


def test_both_ways_to_let_the_cluster_pull_the_image_are_explained() -> None:
    pulling = section(DOC, "Pulling the image")
    assert "`read:packages`" in pulling
    assert "Change visibility" in pulling


def test_the_promotion_setup_names_the_ruleset_and_the_deploy_key() -> None:
    promotion = section(DOC, "Promotion")
    assert "ruleset" in promotion
    assert "`PROMOTION_DEPLOY_KEY`" in promotion
    assert "**Deploy keys** as the only bypass" in promotion
