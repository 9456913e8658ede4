"""Answers copier must refuse, each with a message that says what is wrong, before it
writes anything."""

from pathlib import Path

import pytest

from tests.template.copying import ANSWERS, copier, data


@pytest.mark.parametrize(
    ("question", "answer", "message"),
    [
        ("project_name", "Payments_Service", "The project name must start with a lower-case"),
        ("project_name", "a" * 41, "The project name must be at most 40 characters"),
        ("image_name", "Payments API", "The image name must hold only lower-case letters"),
        ("github_owner", "acme corp", "The GitHub owner must be a GitHub user or organization"),
        ("default_database", "mysql", "Invalid choice for 'default_database'"),
    ],
)
def test_a_bad_answer_is_refused_with_its_reason_and_nothing_is_written(
    template: Path, tmp_path: Path, question: str, answer: str, message: str
) -> None:
    destination = tmp_path / "project"

    answers = data({**ANSWERS, question: answer})
    result = copier(
        template, "copy", "--trust", "--defaults", *answers, str(template), str(destination)
    )

    assert result.returncode != 0
    assert message in result.stderr
    assert not destination.exists()


def test_the_github_owner_has_no_default(template: Path, tmp_path: Path) -> None:
    answers = {key: value for key, value in ANSWERS.items() if key != "github_owner"}

    result = copier(
        template, "copy", "--trust", "--defaults", *data(answers), str(template), str(tmp_path)
    )

    assert result.returncode != 0
    assert 'Question "github_owner" is required' in result.stderr
