"""Errors the dashboard and the command line turn into messages for a person.

OnboardingError
├── WorkflowError          the workflow file is missing or invalid
├── InputError             a value entered by a person is invalid
├── NotFoundError          a case, step, person or item does not exist
├── ActorRequiredError     a write was attempted without naming who acts
├── StaleWriteError        someone else changed the record since it was read
└── StorageError           the database cannot be opened, written or upgraded

Every error carries a catalogue key and its parameters, so the same error
reads in Danish on screen and in English on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onboarding.i18n import translate


class OnboardingError(Exception):
    """Base class of every error meant to be shown to a person."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.localized("en"))

    def localized(self, language: str) -> str:
        return translate(self.key, language, **self.params)


class InputError(OnboardingError):
    """A value entered by a person is invalid; nothing was stored.

    A ``field`` parameter names the form field; it is shown by its label.
    """

    def localized(self, language: str) -> str:
        params = dict(self.params)
        if params.get("field"):
            params["field"] = translate(f"field.{params['field']}", language)
        return translate(self.key, language, **params)


class NotFoundError(OnboardingError):
    """A case, step, person or checklist item does not exist."""


class ActorRequiredError(OnboardingError):
    """A write was attempted without naming the person who makes it."""

    def __init__(self) -> None:
        super().__init__("error.actor_required")


class StaleWriteError(OnboardingError):
    """The record changed since the person loaded it; nothing was stored.

    Parameters: ``who`` changed it and ``when`` (a stored UTC timestamp),
    and either the ``step`` and the ``status`` someone else stored, or the
    case ``field`` someone else changed.
    """

    FIELD_LABELS = {
        "customer_name": "field.customer_name",
        "customer_number": "field.customer_number",
        "state": "case.state",
        "prerequisites": "case.prerequisites",
    }

    def display_params(self, language: str) -> dict[str, object]:
        from onboarding.formatting import format_timestamp

        params = dict(self.params)
        if "status" in params:
            params["status"] = translate(f"status.{params['status']}", language)
        if "field" in params:
            params["field"] = translate(self.FIELD_LABELS[params["field"]], language)
        params["when"] = format_timestamp(params.get("when"))
        return params

    def localized(self, language: str, key: str | None = None) -> str:
        return translate(key or self.key, language, **self.display_params(language))


class StorageError(OnboardingError):
    """The database cannot be opened, written or upgraded."""


@dataclass(frozen=True)
class WorkflowProblem:
    """One problem in a workflow file, at a location and (where known) a line."""

    location: str
    key: str
    params: dict[str, object] = field(default_factory=dict)
    line: int | None = None

    def localized(self, source: str, language: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        place = f"{where}: {self.location}: " if self.location else f"{where}: "
        return place + translate(self.key, language, **self.params)


class WorkflowError(OnboardingError):
    """The workflow file is missing or invalid; ``problems`` lists each fault."""

    def __init__(self, source: str, problems: list[WorkflowProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("workflow.invalid", source=source, count=len(problems))

    def localized(self, language: str) -> str:
        lines = [p.localized(self.source, language) for p in self.problems]
        return "\n".join(lines)
