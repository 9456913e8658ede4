"""What `nox -s deploy` validates parses whole: no document, and no file, is skipped."""

from pathlib import Path

import pytest
import yaml

from tests.deploy.manifests import FOLDERS, quote_bare_equals
from tests.deploy.render import write_renders

MATCHER = "  matchers:\n  - matchType: =\n    name: app\n    value: hexa-monolith\n"


def test_kubectls_bare_equals_breaks_a_yaml_1_1_reader_and_quoting_fixes_it() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load(MATCHER)

    assert yaml.safe_load(quote_bare_equals(MATCHER)) == {
        "matchers": [{"matchType": "=", "name": "app", "value": "hexa-monolith"}]
    }


def test_every_rendered_file_parses_with_the_plain_safe_loader(tmp_path: Path) -> None:
    files = write_renders(tmp_path)

    assert [path.name for path in files] == [f"deploy-{f.replace('/', '-')}.yaml" for f in FOLDERS]
    for path in files:
        documents = list(yaml.safe_load_all(path.read_text()))
        assert len(documents) == path.read_text().count("\n---\n") + 1
        assert all(doc.get("kind") for doc in documents)
    assert 'matchType: "="' in (tmp_path / "deploy-overlays-staging.yaml").read_text()
