"""The role summary ("About the role"): the model's, checked sentence by sentence, or the composed one.

`write_summary` is the one entry point. Only a model measured reliable enough writes it
(`model_summary_enabled`, JD_MODEL_SUMMARY); its sentences that state anything the inputs do
not support are left out (`reliable_summary`, jd/review/grounding.py), and when none is left,
or the model fails or cannot write the job's language, the summary composed from the inputs
(jd/render.py, templates/role_summary.txt.j2) is used, with a notice.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Callable, Sequence
from contextlib import aclosing

from .backends import Backend, choose_backends
from .errors import JDError, say, say_plural
from .examples import choose_examples
from .parsing import strip_list_marker
from .prompts import build_summary_messages, model_writes_language
from .render import compose_summary
from .review.summary_check import check_summary, summary_sentences
from .settings import Settings
from .spec import Job
from .text_stream import TextStream, notify

# Share of summaries with an unsupported statement, measured by bench/bench_summary.py
# (check_summary's findings on held-out roles); "auto" uses a model's own summary only at
# 1 in 10 or below. Models not listed here are unmeasured: "auto" keeps them off too.
SUMMARY_UNSUPPORTED_RATE: dict[str, float] = {
    # bench/bench_summary.py --seed 1, 24 roles: 12 flagged (each states a job type or work mode that
    # is not the one given, e.g. "full-time, on-site" for a part-time or remote job); a manual read of
    # 10 found 3 more the check misses ("data analysis assistant" for a 3-year analyst, an invented
    # "off-line" guard, "other duties ... not listed here"). Off by default.
    "SmolLM2-135M-Instruct": 0.5,
}
SUMMARY_MAX_RATE = 0.1
SUMMARY_MAX_SENTENCES = 3
SUMMARY_MAX_TOKENS = 160


def _measured_rate(model: str) -> float | None:
    name = str(model or "").casefold()
    for measured, rate in SUMMARY_UNSUPPORTED_RATE.items():
        if measured.casefold() in name:
            return rate
    return None


def model_summary_enabled(
    settings: Settings, backend: Backend | None = None, *, oauth_token: str | None = None
) -> bool:
    """JD_MODEL_SUMMARY: "on", "off", or "auto" (on only for a model measured reliable enough)."""
    if settings.model_summary == "on":
        return True
    if settings.model_summary == "off":
        return False
    backend = backend or choose_backends(settings, oauth_token)[0]
    rate = _measured_rate(backend.model)
    return rate is not None and rate <= SUMMARY_MAX_RATE


_SUMMARY_LABEL = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:role\s+)?summary\s*:?\s*(?:\*\*)?\s*:?\s*", re.IGNORECASE)
_CARD_ECHO = re.compile(r"(?:^|(?<=\s))(?:Duty|Title|Seniority|Skills|Job type|Work mode)\s*:", re.IGNORECASE)


def summary_prose(text: str) -> str:
    """The model's summary as one paragraph: no heading or label, no bullets, no markup.

    Where the model starts echoing the card ("Duty: ...", "Title: ..."), the summary has ended.
    """
    text = _CARD_ECHO.split(str(text or ""), maxsplit=1)[0]
    lines = []
    for line in text.splitlines():
        line = strip_list_marker(_SUMMARY_LABEL.sub("", line).strip())
        line = re.sub(r"[*_`#<>]", "", line).strip()
        if line:
            lines.append(line)
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def reliable_summary(job: Job, text: str, duties: Sequence[str] = ()) -> tuple[str, list[dict]]:
    """(the summary's supported sentences, up to 3, joined; check_summary's findings on the whole text)."""
    prose = summary_prose(text)
    findings = check_summary(job, prose, list(duties))
    flagged = {f["sentence_index"] for f in findings}
    sentences = [s for i, s in enumerate(summary_sentences(prose)) if i not in flagged and s[-1:] in ".!?"]
    return " ".join(sentences[:SUMMARY_MAX_SENTENCES]), findings


async def write_summary(
    job: Job,
    duties: Sequence[str],
    settings: Settings,
    *,
    oauth_token: str | None = None,
    on_notice: Callable[[str], None] | None = None,
    interval: float | None = None,
    on_stream: Callable[[TextStream], None] | None = None,
) -> AsyncGenerator[str, None]:
    """The role summary: the model's (streamed, then grounding-checked) when enabled, else the composed one.

    With the model's summary, the growing text is yielded as it arrives (`on_stream` is given
    its TextStream, to read its place in line); the last value is the final summary: the
    model's sentences that `check_summary` finds nothing wrong with, or, when none is left (or
    the model fails, or cannot write the job's language), the summary composed from the inputs,
    with a notice. Without it, the composed summary is the only value.
    """
    duties = [str(duty) for duty in duties]
    # Only models whose summaries are enabled may write it: no fallback to one that is not.
    backends = [
        b
        for b in choose_backends(settings, oauth_token)
        if model_summary_enabled(settings, b) and model_writes_language(b, job.language)
    ]
    if not backends:
        yield compose_summary(job, duties)
        return
    request_settings = settings.replace(max_tokens=min(settings.max_tokens, SUMMARY_MAX_TOKENS))
    stream = TextStream(backends, interval, on_notice)
    if on_stream is not None:
        on_stream(stream)
    messages = build_summary_messages(job, duties, choose_examples(job, settings.data_dir))
    try:
        async with aclosing(stream.request(messages, request_settings)) as texts:
            async for text in texts:
                yield text
    except JDError as error:
        notify(
            on_notice,
            say(
                "The model's role summary failed: {reason} The summary composed from your inputs is used instead.",
                reason=error.message,  # a whole sentence, with its full stop
            ),
        )
        yield compose_summary(job, duties)
        return
    yield _final_summary(job, stream.text, duties, on_notice)


def _final_summary(job: Job, text: str, duties: list[str], on_notice: Callable[[str], None] | None) -> str:
    """The model's supported sentences, else the composed summary; a notice says what was left out."""
    summary, findings = reliable_summary(job, text, duties)
    if not summary:
        notify(
            on_notice,
            say(
                "The model's role summary stated things your inputs do not support; the summary composed from your "
                "inputs is used instead."
            ),
        )
        return compose_summary(job, duties)
    dropped = len({f["sentence_index"] for f in findings})
    if dropped:
        notify(
            on_notice,
            say_plural(
                "Left out {count} sentence of the model's role summary that your inputs do not support.",
                "Left out {count} sentences of the model's role summary that your inputs do not support.",
                dropped,
            ),
        )
    return summary
