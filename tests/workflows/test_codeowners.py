"""CODEOWNERS makes the platform team review every change to deploy/ and .github/."""

from tests.workflows.codeowners import CODEOWNERS, matches, parse, unowned

GUARDED = ["deploy", ".github"]


def test_every_file_of_deploy_and_github_has_an_owner() -> None:
    rules = parse(CODEOWNERS.read_text(encoding="utf-8"))

    assert unowned(GUARDED, rules) == []
    assert {owner for _, owned_by in rules for owner in owned_by} == {"@your-org/platform"}


def test_patterns_match_as_github_matches_them() -> None:
    assert matches("/deploy/", "deploy/base/deployment.yaml")
    assert not matches("/deploy/", "docs/deploy/x.md")
    assert matches("deploy/", "docs/deploy/x.md")
    assert not matches("/deploy/", "deploy")
    assert matches("*.yml", ".github/workflows/ci.yml")
    assert matches("/.github/workflows/*.yml", ".github/workflows/ci.yml")


def test_a_dropped_line_leaves_its_files_unowned() -> None:
    rules = [rule for rule in parse(CODEOWNERS.read_text()) if rule[0] != "/deploy/"]

    missing = unowned(GUARDED, rules)

    assert "deploy/overlays/production/kustomization.yaml" in missing
    assert all(path.startswith("deploy/") for path in missing)


def test_a_later_line_without_owner_takes_ownership_away() -> None:
    rules = [*parse(CODEOWNERS.read_text()), ("/.github/workflows/", [])]

    assert ".github/workflows/promote.yml" in unowned(GUARDED, rules)
