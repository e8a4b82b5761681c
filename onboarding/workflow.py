"""The process definition: loading, validating and scheduling ``workflow.yaml``.

The file is parsed twice over: PyYAML composes a node tree, which keeps the
line of every value, and pydantic validates the plain data built from it.
Each problem found is reported with the line of the value it concerns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from onboarding.errors import WorkflowError, WorkflowProblem
from onboarding.workdays import FirmCalendar

MAX_FILE_BYTES = 1_000_000

Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Role(_Model):
    id: Id
    name: Text


class Prerequisite(_Model):
    id: Id
    text: Text


class ChecklistItem(_Model):
    """A bullet of a step; an ``open`` item is a slot the case team fills."""

    id: Id
    text: Text
    open: bool = False


class Step(_Model):
    id: Id
    title: Text
    text: str = ""
    day: Annotated[int, Field(ge=0, le=3650)] | None = None
    responsible: Annotated[list[Id], Field(min_length=1)]
    involved: list[Id] = []
    checklist: list[ChecklistItem] = []


class Schedule(_Model):
    """Day counting, and the rule that derives the due day of a step without a ``day``."""

    unit: Literal["calendar", "working"] = "calendar"
    between_dated: Literal["spread"] = "spread"
    days_after_last_dated: Annotated[int, Field(ge=1, le=365)] = 7


def _check_day_month(value: str) -> str:
    try:
        dt.datetime.strptime(f"{value}.2024", "%d.%m.%Y")
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a day and month such as 24.12") from exc
    return value


DayMonth = Annotated[str, AfterValidator(_check_day_month)]


class Firm(_Model):
    """Settings of the firm rather than of the process."""

    # Days the firm is closed every year, as DD.MM, besides weekends and
    # Danish public holidays.
    closing_days: list[DayMonth] = []
    # A person with more open steps than this is flagged on the workload page.
    max_open_steps: Annotated[int, Field(ge=1, le=1000)] = 15


class Handover(_Model):
    """A step at which the person in ``from_role`` takes over ``to_role``."""

    id: Id
    step: Id
    from_role: Id
    to_role: Id


def _visible(value: str) -> str:
    """Reject text with nothing a reader can see, such as spaces or a zero-width space."""
    if not any(
        not char.isspace() and unicodedata.category(char) != "Cf" for char in value
    ):
        raise PydanticCustomError("blank_text", "contains nothing visible")
    return value


# A translation given in the file must contain visible text. To keep the
# file's own text, leave the translation out.
TranslatedText = Annotated[Text, AfterValidator(_visible)]


class StepTranslation(_Model):
    """A step's title, text and checklist items in another language."""

    title: TranslatedText | None = None
    text: Annotated[str, Field(max_length=4000), AfterValidator(_visible)] | None = None
    checklist: dict[Id, TranslatedText] = {}


class Translation(_Model):
    """The texts of a workflow in another language, by the ids they translate.

    Anything left out keeps the text of the file's own language.
    """

    title: TranslatedText | None = None
    legend: TranslatedText | None = None
    roles: dict[Id, TranslatedText] = {}
    prerequisites: dict[Id, TranslatedText] = {}
    steps: dict[Id, StepTranslation] = {}


# A two-letter language code (ISO 639-1) in lower case, such as en.
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class WorkflowModel(_Model):
    title: Text
    legend: str = ""
    prerequisites: list[Prerequisite] = []
    schedule: Schedule = Schedule()
    roles: Annotated[list[Role], Field(min_length=1)]
    steps: Annotated[list[Step], Field(min_length=1)]
    # Roles whose people the overview shows as columns, in this order.
    overview_roles: list[Id] = []
    handovers: list[Handover] = []
    firm: Firm = Firm()
    translations: dict[Language, Translation] = {}


@dataclass(frozen=True)
class ScheduledStep:
    """A step with its number (1-based), due day and whether that day is derived."""

    number: int
    step: Step
    day: int
    derived: bool


@dataclass(frozen=True)
class Workflow:
    """A validated workflow, with its source file and content version."""

    model: WorkflowModel
    source: str
    text: str

    @property
    def version(self) -> str:
        """Short SHA-256 of the file content; a case records the one it started on."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def roles(self) -> list[Role]:
        return self.model.roles

    @property
    def steps(self) -> list[Step]:
        return self.model.steps

    def role(self, role_id: str) -> Role:
        return next(r for r in self.model.roles if r.id == role_id)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.model.steps if s.id == step_id), None)

    def scheduled_steps(self) -> list[ScheduledStep]:
        return list(self._scheduled)

    @cached_property
    def _scheduled(self) -> tuple[ScheduledStep, ...]:
        return tuple(schedule_steps(self.model))

    @cached_property
    def calendar(self) -> FirmCalendar:
        closing = frozenset(
            (int(day), int(month))
            for day, month in (text.split(".") for text in self.model.firm.closing_days)
        )
        return FirmCalendar(self.model.schedule.unit == "working", closing)

    def handover_at(self, step_id: str) -> Handover | None:
        return next((h for h in self.model.handovers if h.step == step_id), None)

    def step_title(self, step_id: str) -> str:
        """Return the title of a step, or its id when the workflow has no such step."""
        return self._titles.get(step_id, step_id)

    @cached_property
    def _titles(self) -> dict[str, str]:
        return {step.id: step.title for step in self.model.steps}

    def localized(self, language: str) -> Workflow:
        """Return this workflow with its texts in ``language`` where the file translates them.

        Ids, days, roles' parts and the version stay the same, so cases and
        stored records match either way.
        """
        if language not in self.model.translations:
            return self
        cached = self._localized.get(language)
        if cached is None:
            model = _translate(self.model, self.model.translations[language])
            cached = Workflow(model=model, source=self.source, text=self.text)
            self._localized[language] = cached
        return cached

    @cached_property
    def _localized(self) -> dict[str, Workflow]:
        return {}


def _translate(model: WorkflowModel, translation: Translation) -> WorkflowModel:
    def step(original: Step) -> Step:
        texts = translation.steps.get(original.id, StepTranslation())
        checklist = [
            item.model_copy(update={"text": texts.checklist.get(item.id, item.text)})
            for item in original.checklist
        ]
        return original.model_copy(
            update={
                "title": texts.title or original.title,
                "text": original.text if texts.text is None else texts.text,
                "checklist": checklist,
            }
        )

    return model.model_copy(
        update={
            "title": translation.title or model.title,
            "legend": model.legend
            if translation.legend is None
            else translation.legend,
            "roles": [
                role.model_copy(
                    update={"name": translation.roles.get(role.id, role.name)}
                )
                for role in model.roles
            ],
            "prerequisites": [
                item.model_copy(
                    update={"text": translation.prerequisites.get(item.id, item.text)}
                )
                for item in model.prerequisites
            ],
            "steps": [step(original) for original in model.steps],
        }
    )


def schedule_steps(model: WorkflowModel) -> list[ScheduledStep]:
    """Give every step a due day, deriving the days the file leaves out.

    An undated step between two dated steps gets a day spread evenly over
    the gap and rounded down. Undated steps before the first dated step
    count from day 0; after the last one they follow at
    ``schedule.days_after_last_dated``.
    """
    steps = model.steps
    dated = [i for i, s in enumerate(steps) if s.day is not None]
    days: list[int] = []
    for i, step in enumerate(steps):
        if step.day is not None:
            days.append(step.day)
            continue
        before = max((d for d in dated if d < i), default=None)
        after = min((d for d in dated if d > i), default=None)
        start_index, start_day = (
            (before, steps[before].day) if before is not None else (-1, 0)
        )
        if after is None:
            interval = model.schedule.days_after_last_dated
            days.append(start_day + (i - start_index) * interval)
        else:
            span = steps[after].day - start_day
            days.append(start_day + (i - start_index) * span // (after - start_index))
    return [
        ScheduledStep(number=i + 1, step=s, day=d, derived=s.day is None)
        for i, (s, d) in enumerate(zip(steps, days, strict=True))
    ]


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that rejects anchors and aliases.

    Aliases let a few lines expand into an exponentially large document, and
    a process description has no use for them.
    """

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed", problem_mark=event.start_mark
            )
        node = super().compose_node(parent, index)
        if getattr(node, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors (&name) are not allowed", problem_mark=node.start_mark
            )
        return node


def load_workflow(path: str | Path) -> Workflow:
    """Read and validate a workflow file.

    Raises WorkflowError with every problem found, each naming its line.
    """
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problem = WorkflowProblem(
                "", "workflow.too_large", {"size": size, "limit": MAX_FILE_BYTES}
            )
            raise WorkflowError(source, [problem])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise WorkflowError(
            source, [WorkflowProblem("", "workflow.not_found")]
        ) from exc
    except UnicodeDecodeError as exc:
        raise WorkflowError(source, [WorkflowProblem("", "workflow.not_utf8")]) from exc
    except IsADirectoryError as exc:
        raise WorkflowError(
            source, [WorkflowProblem("", "workflow.not_found")]
        ) from exc
    return parse_workflow(text, source)


def parse_workflow(text: str, source: str = "workflow.yaml") -> Workflow:
    """Validate workflow YAML text; ``source`` names it in messages."""
    if not text.strip():
        raise WorkflowError(source, [WorkflowProblem("", "workflow.empty")])
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise WorkflowError(source, [WorkflowProblem("", "workflow.tab", line=line)])
    root = _compose(text, source)
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else None
        raise WorkflowError(
            source, [WorkflowProblem("", "workflow.not_mapping", line=line)]
        )

    problems = _duplicate_keys(root)
    if problems:
        raise WorkflowError(source, problems)
    data = _NoAliasLoader(text).construct_document(root)
    try:
        model = WorkflowModel.model_validate(data)
    except ValidationError as exc:
        raise WorkflowError(source, _pydantic_problems(exc, root)) from exc

    problems = _cross_check(model, root)
    if problems:
        raise WorkflowError(source, problems)
    return Workflow(model=model, source=source, text=text)


def _compose(text: str, source: str) -> yaml.Node | None:
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = WorkflowProblem(
            "", "workflow.syntax", {"problem": exc.problem or str(exc)}, line=line
        )
        raise WorkflowError(source, [problem]) from exc
    except yaml.YAMLError as exc:
        problem = WorkflowProblem("", "workflow.syntax", {"problem": str(exc)})
        raise WorkflowError(source, [problem]) from exc
    finally:
        loader.dispose()


def _duplicate_keys(node: yaml.Node, path: str = "") -> list[WorkflowProblem]:
    """Find mapping keys given twice; PyYAML would silently keep the last."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(
                    WorkflowProblem(
                        _join(path, key),
                        "workflow.duplicate_key",
                        {"value": key},
                        line=key_node.start_mark.line + 1,
                    )
                )
            seen.add(key)
            problems += _duplicate_keys(value_node, _join(path, key))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(item, f"{path}[{index}]")
    return problems


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _location(loc: tuple) -> str:
    text = ""
    for part in loc:
        is_index = isinstance(part, int) and not isinstance(part, bool)
        text = f"{text}[{part}]" if is_index else _join(text, str(part))
    return text


def _node_at(root: yaml.Node, loc: tuple) -> yaml.Node | None:
    """Follow a pydantic error location through the YAML node tree."""
    node: yaml.Node | None = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                return node
            node = pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


def _line_at(root: yaml.Node, loc: tuple) -> int | None:
    node = _node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else None


_PYDANTIC_KEYS = {
    "missing": "workflow.missing",
    "extra_forbidden": "workflow.unknown_key",
    "int_type": "workflow.not_integer",
    "greater_than_equal": "workflow.too_small",
    "less_than_equal": "workflow.too_large_value",
    "string_type": "workflow.not_text",
    "string_too_short": "workflow.empty_text",
    "string_too_long": "workflow.text_too_long",
    "string_pattern_mismatch": "workflow.bad_id",
    "blank_text": "workflow.empty_text",
    "list_type": "workflow.not_list",
    "too_short": "workflow.empty_list",
    "bool_type": "workflow.not_bool",
    "literal_error": "workflow.not_allowed",
    "model_type": "workflow.not_mapping_value",
    "model_attributes_type": "workflow.not_mapping_value",
}


def _pydantic_problems(exc: ValidationError, root: yaml.Node) -> list[WorkflowProblem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # Pydantic adds the member name of an optional field (``int``) to the
        # location; it means nothing to the person editing the file.
        loc = tuple(p for p in loc if p not in ("int", "none"))
        key = _PYDANTIC_KEYS.get(error["type"], "workflow.invalid_value")
        # A bad mapping key, such as a language code, is reported at the key.
        at_key = "[key]" in loc
        if at_key:
            loc = tuple(p for p in loc if p != "[key]")
            if loc[:1] == ("translations",) and len(loc) == 2:
                key = "workflow.bad_language"
        if error["type"] == "too_short" and loc[-1:] == ("responsible",):
            key = "workflow.no_responsible"
        value = loc[-1] if error["type"] == "extra_forbidden" else error.get("input")
        if isinstance(value, (dict, list)):
            value = "…"
        params = {
            "value": value,
            "detail": error["msg"],
            "limit": (error.get("ctx") or {}).get(
                "ge", (error.get("ctx") or {}).get("le", "")
            ),
            "expected": (error.get("ctx") or {}).get("expected", ""),
        }
        line = (_key_line(root, loc) if at_key else None) or _line_at(root, loc)
        problems.append(WorkflowProblem(_location(loc), key, params, line=line))
    return problems


def _cross_check(model: WorkflowModel, root: yaml.Node) -> list[WorkflowProblem]:
    """Check what pydantic cannot see field by field: ids, references, day order."""
    problems: list[WorkflowProblem] = []

    def report(loc: tuple, key: str, **params: object) -> None:
        problems.append(
            WorkflowProblem(_location(loc), key, params, line=_line_at(root, loc))
        )

    for collection in ("roles", "steps", "prerequisites"):
        seen: set[str] = set()
        for index, item in enumerate(getattr(model, collection)):
            if item.id in seen:
                report(
                    (collection, index, "id"), "workflow.duplicate_id", value=item.id
                )
            seen.add(item.id)

    role_ids = [r.id for r in model.roles]
    for ref_index, role_id in enumerate(model.overview_roles):
        if role_id not in role_ids:
            report(
                ("overview_roles", ref_index),
                "workflow.unknown_role",
                value=role_id,
                known=", ".join(role_ids),
            )
    step_ids = [s.id for s in model.steps]
    for index, handover in enumerate(model.handovers):
        if handover.step not in step_ids:
            report(
                ("handovers", index, "step"),
                "workflow.unknown_step",
                value=handover.step,
            )
        for field_name in ("from_role", "to_role"):
            role_id = getattr(handover, field_name)
            if role_id not in role_ids:
                report(
                    ("handovers", index, field_name),
                    "workflow.unknown_role",
                    value=role_id,
                    known=", ".join(role_ids),
                )
    last_day, last_index = None, None
    for index, step in enumerate(model.steps):
        for field_name in ("responsible", "involved"):
            for ref_index, role_id in enumerate(getattr(step, field_name)):
                if role_id not in role_ids:
                    report(
                        ("steps", index, field_name, ref_index),
                        "workflow.unknown_role",
                        value=role_id,
                        known=", ".join(role_ids),
                    )
        for role_id in set(step.responsible) & set(step.involved):
            report(("steps", index, "involved"), "workflow.role_twice", value=role_id)
        item_ids: set[str] = set()
        for item_index, item in enumerate(step.checklist):
            if item.id in item_ids:
                report(
                    ("steps", index, "checklist", item_index, "id"),
                    "workflow.duplicate_id",
                    value=item.id,
                )
            item_ids.add(item.id)
        if step.day is not None:
            if last_day is not None and step.day < last_day:
                report(
                    ("steps", index, "day"),
                    "workflow.day_backwards",
                    value=step.day,
                    previous=last_day,
                    previous_step=model.steps[last_index].id,
                )
            last_day, last_index = step.day, index
    problems += _check_translations(model, root)
    return problems


def _check_translations(model: WorkflowModel, root: yaml.Node) -> list[WorkflowProblem]:
    """Report translations of roles, prerequisites, steps or items the file lacks."""
    problems: list[WorkflowProblem] = []
    known = {
        "roles": [role.id for role in model.roles],
        "prerequisites": [item.id for item in model.prerequisites],
        "steps": [step.id for step in model.steps],
    }
    for language, translation in model.translations.items():
        for collection, ids in known.items():
            for item_id in getattr(translation, collection):
                if item_id not in ids:
                    loc = ("translations", language, collection, item_id)
                    problems.append(_unknown_translation(root, loc, item_id, ids))
        for step_id, texts in translation.steps.items():
            step = next((s for s in model.steps if s.id == step_id), None)
            item_ids = [item.id for item in step.checklist] if step else []
            for item_id in texts.checklist if step else ():
                if item_id not in item_ids:
                    loc = (
                        "translations",
                        language,
                        "steps",
                        step_id,
                        "checklist",
                        item_id,
                    )
                    problems.append(_unknown_translation(root, loc, item_id, item_ids))
    return problems


def _unknown_translation(
    root: yaml.Node, loc: tuple, item_id: str, known: list[str]
) -> WorkflowProblem:
    # Point at the key, since the value under it is the translated text.
    line = _key_line(root, loc) or _line_at(root, loc)
    return WorkflowProblem(
        _location(loc),
        "workflow.unknown_translation",
        {"value": item_id, "known": ", ".join(known) or "-"},
        line=line,
    )


def _key_line(root: yaml.Node, loc: tuple) -> int | None:
    parent = _node_at(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == loc[-1]:
                return key_node.start_mark.line + 1
    return None
